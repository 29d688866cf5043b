// Where the declarative schema lives: the ordered list of schema files (config.toml's
// `[db.migrations] schema_paths`, Supabase's convention) and the declared reference-data tables.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { DevstackError } from '../errors.ts';

/** Supabase's default when config.toml names no schema_paths. */
const DEFAULT_SCHEMA_PATHS = ['./schemas/**/*.sql'];
export const REFERENCE_DATA_FILE = path.join('schemas', 'reference_data.txt');

/** A glob (`*`, `**`, `?`) as a regular expression over '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` anything.
      if (g[i + 2] === '/') { re += '(?:[^/]+/)*'; i += 2; } else { re += '.*'; i += 1; }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full, base);
    return e.isFile() ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

/** The schema_paths globs of `<supabaseDir>/config.toml`. */
export function schemaPathGlobs(supabaseDir: string): string[] {
  const configFile = path.join(supabaseDir, 'config.toml');
  if (!fs.existsSync(configFile)) return DEFAULT_SCHEMA_PATHS;
  const config = parse(fs.readFileSync(configFile, 'utf8')) as { db?: { migrations?: { schema_paths?: unknown } } };
  const globs = config.db?.migrations?.schema_paths;
  if (globs === undefined) return DEFAULT_SCHEMA_PATHS;
  if (!Array.isArray(globs) || !globs.every((g) => typeof g === 'string')) {
    throw new DevstackError(`${configFile}: [db.migrations] schema_paths must be a list of paths or globs`);
  }
  return globs as string[];
}

/**
 * The schema files in load order: glob by glob as listed, each glob's matches in name order, a
 * file matched twice loaded once (where first matched), as the Supabase CLI does.
 */
export function schemaFiles(supabaseDir: string): string[] {
  const all = walk(supabaseDir).sort();
  const seen = new Set<string>();
  const ordered: string[] = [];
  for (const glob of schemaPathGlobs(supabaseDir)) {
    const re = globToRegExp(glob);
    for (const rel of all) {
      if (!rel.endsWith('.sql') || !re.test(rel) || seen.has(rel)) continue;
      seen.add(rel);
      ordered.push(path.join(supabaseDir, rel));
    }
  }
  return ordered;
}

/**
 * Tables whose rows are part of the schema (error catalogue, countries, reason codes...):
 * `supabase/schemas/reference_data.txt`, one `schema.table` a line, `#` starts a comment.
 * Listed in load order: inserts follow it, deletes run in reverse.
 */
export function referenceTables(supabaseDir: string): string[] {
  const file = path.join(supabaseDir, REFERENCE_DATA_FILE);
  if (!fs.existsSync(file)) return [];
  const names: string[] = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const name = line.replace(/#.*/, '').trim();
    if (!name) return;
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(name)) {
      throw new DevstackError(`${file}:${i + 1}: "${name}" is not a schema.table name`);
    }
    names.push(name);
  });
  return names;
}
