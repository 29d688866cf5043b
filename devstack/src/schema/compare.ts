// The two sides of every comparison, built fresh: the migrations applied to one throw-away cluster,
// the schema files to another; and the comparison of everything in them.
import path from 'node:path';
import pg from 'pg';
import { DevstackError } from '../errors.ts';
import { compareComments } from './comments.ts';
import { type Finding } from './finding.ts';
import { type ReferenceData, referenceData, schemaFiles } from './files.ts';
import { compareFunctionAttributes } from './functions.ts';
import { generatedColumns } from './generated.ts';
import { compareOwners } from './owners.ts';
import { comparePrivileges } from './privileges.ts';
import { compareQueues } from './queues.ts';
import { compareReferenceData } from './referenceData.ts';
import { compareForcedRowSecurity, compareReplicaIdentity, compareSequenceOptions } from './relations.ts';
import { compareRelOptions } from './reloptions.ts';
import { type Scratch, applyMigrations, applySchemaFiles, dropScratch, portFromEnv, scratchCluster, scratchDirs } from './scratch.ts';
import { compareStructure } from './structure.ts';

export interface Sides { from: Scratch; to: Scratch; reference: ReferenceData }

export interface SidesOptions {
  /** project folder holding supabase/ (config.toml, migrations, schemas) */
  workdir: string;
  /** folder for the two throw-away clusters */
  scratchRoot: string;
  log?: (line: string) => void;
  /** keep the clusters running afterwards (debugging) */
  keep?: boolean;
}

/** Builds both sides, runs `fn` on them, and removes the clusters (unless keep). */
export async function withSides<T>(opts: SidesOptions, fn: (sides: Sides) => Promise<T>): Promise<T> {
  const log = opts.log ?? (() => {});
  opts = { ...opts, workdir: path.resolve(opts.workdir) };
  const supabaseDir = path.join(opts.workdir, 'supabase');
  const files = schemaFiles(supabaseDir);
  if (!files.length) throw new DevstackError(`no schema files under ${supabaseDir}`, 'list them in config.toml [db.migrations] schema_paths');
  const reference = referenceData(supabaseDir);
  const dirs = scratchDirs(opts.scratchRoot);
  const port = portFromEnv();
  const made: Scratch[] = [];
  try {
    const [from, to] = await Promise.all([
      scratchCluster(dirs.migrations, port).then((s) => { made.push(s); return s; }),
      scratchCluster(dirs.schemas, port && port + 1).then((s) => { made.push(s); return s; }),
    ]);
    log('two throw-away clusters bootstrapped');
    await Promise.all([
      applyMigrations(from, opts.workdir).then(() => log('migrations applied (supabase db push)')),
      applySchemaFiles(to, files).then(() => log(`${files.length} schema files applied`)),
    ]);
    return await fn({ from, to, reference });
  } finally {
    if (opts.keep) for (const s of made) log(`kept: ${s.url}`);
    else await Promise.all(made.map(dropScratch));
  }
}

async function connected<T>(urls: [string, string], fn: (a: pg.Client, b: pg.Client) => Promise<T>): Promise<T> {
  const clients = urls.map((url) => new pg.Client({ connectionString: url }));
  await Promise.all(clients.map((c) => c.connect()));
  // Empty search_path: every name the catalog functions print comes schema-qualified.
  await Promise.all(clients.map((c) => c.query(`set search_path = ''`)));
  try {
    return await fn(clients[0], clients[1]);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/**
 * migra's statements, corrected where they cannot run (generated columns) and completed from the
 * catalog where migra is blind (function attributes, forced RLS, replica identity, sequence
 * options). Structure: applied before the catalog step, and a function in it may need dropping first.
 */
export function compareStructureAll(sides: Sides): Promise<Finding[]> {
  return connected([sides.from.url, sides.to.url], async (from, to) => [
    ...await generatedColumns(to, await compareStructure(sides.from.url, sides.to.url)),
    ...await compareFunctionAttributes(from, to),
    ...await compareForcedRowSecurity(from, to),
    ...await compareReplicaIdentity(from, to),
    ...await compareSequenceOptions(from, to),
  ]);
}

/** What migra does not see: queues and schedules, owners, relation options, privileges, comments, reference rows. */
export function compareCatalog(sides: Sides): Promise<Finding[]> {
  return connected([sides.from.url, sides.to.url], async (from, to) => [
    ...await compareQueues(from, to),
    ...await compareOwners(from, to),
    ...await compareRelOptions(from, to),
    ...await comparePrivileges(from, to),
    ...await compareComments(from, to),
    ...await compareReferenceData(from, to, sides.reference),
  ]);
}

/** Every difference, from the migrations' state to the schema files'. */
export async function compareAll(sides: Sides): Promise<Finding[]> {
  return [...await compareStructureAll(sides), ...await compareCatalog(sides)];
}
