// Everything that happens inside the cluster: bootstrap, migrations with the real Supabase CLI,
// the seed, and devstack-only settings.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DevstackError } from './errors.ts';
import { type StackConfig, dbUrl, projectDir } from './config.ts';
import { localBin, mustRun, run } from './shell.ts';

const bootstrapDir = path.join(projectDir, 'devstack', 'sql', 'bootstrap');
const extensionsDir = path.join(projectDir, 'devstack', 'sql', 'extensions');
const testSqlDir = path.join(projectDir, 'devstack', 'sql', 'test');

/** Runs one SQL file with psql as the superuser, stopping at the first error. */
export async function psqlFile(cfg: StackConfig, file: string) {
  await mustRun('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', dbUrl(cfg), '-f', file], `psql ${path.relative(projectDir, file)}`);
}

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(cfg: StackConfig, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: dbUrl(cfg) });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

const sqlFilesIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(dir, f));

// Stand-ins are installed only where the server lacks the real extension.
const STAND_INS: { extension: string; file: string; schema: string }[] = [
  { extension: 'pgmq', file: 'pgmq.sql', schema: 'pgmq' },
  { extension: 'supabase_vault', file: 'vault.sql', schema: 'vault' },
  { extension: 'pg_net', file: 'pg_net.sql', schema: 'net' },
];

/** What Supabase provides before any migration: roles, schemas, auth, and extension stand-ins. */
export async function bootstrap(cfg: StackConfig): Promise<string[]> {
  for (const file of sqlFilesIn(bootstrapDir)) await psqlFile(cfg, file);
  // Links in messages (unsubscribe, invoice print view) point at this stack's console.
  await query(cfg, `alter database postgres set cmx.public_url = 'http://127.0.0.1:${cfg.consolePort}'`);
  const installed: string[] = [];
  for (const standIn of STAND_INS) {
    const { rows } = await query(cfg,
      `select exists (select from pg_available_extensions where name = $1) as available,
              exists (select from pg_namespace where nspname = $2) as present`, [standIn.extension, standIn.schema]);
    if (rows[0].available) {
      await query(cfg, `create extension if not exists ${standIn.extension}`);
    } else if (!rows[0].present) {
      await psqlFile(cfg, path.join(extensionsDir, standIn.file));
      installed.push(standIn.extension);
    }
  }
  return installed;
}

/** Applies supabase/migrations (of another project folder: `devstack diff`'s tests) with the real Supabase CLI. */
export async function pushMigrations(cfg: StackConfig, workdir = projectDir): Promise<string> {
  const res = await run(localBin('supabase'), ['db', 'push', `--remote=${dbUrl(cfg)}`, '--yes', '--workdir', workdir], {
    cwd: workdir,
    env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  const output = `${res.stdout}\n${res.stderr}`.trim();
  if (res.code !== 0) throw new DevstackError(`supabase db push failed:\n${output}`);
  // Schema changed: tell a running gateway to reload its schema cache, as PostgREST listens for.
  await query(cfg, `notify pgrst, 'reload schema'`);
  return output;
}

/** supabase/seed.sql, then supabase/seeds/*.sql in name order: config.toml's [db.seed] sql_paths. */
export async function seed(cfg: StackConfig) {
  await psqlFile(cfg, path.join(projectDir, 'supabase', 'seed.sql'));
  const seedsDir = path.join(projectDir, 'supabase', 'seeds');
  if (fs.existsSync(seedsDir)) for (const file of sqlFilesIn(seedsDir)) await psqlFile(cfg, file);
  await devstackSecrets(cfg);
}

/**
 * Vault secrets that SQL uses to reach Edge Functions through pg_net (project URL and the
 * service-role key). On hosted Supabase an operator stores them once; devstack stores its own.
 */
export async function devstackSecrets(cfg: StackConfig, apiUrl = `http://127.0.0.1:${cfg.apiPort || 54321}`) {
  const { serviceRoleKey } = await import('./keys.ts');
  // audit_head_sink_url: the gateway's stand-in for the audit chain's external head sink.
  const secrets: Record<string, string> = {
    project_url: apiUrl, service_role_key: serviceRoleKey, audit_head_sink_url: `${apiUrl}/devstack/v1/audit-heads`,
  };
  for (const [name, value] of Object.entries(secrets)) {
    await query(cfg,
      `select case
         when exists (select from vault.secrets where name = $1)
           then (select vault.update_secret(id, $2) from vault.secrets where name = $1)::text
         else vault.create_secret($2, $1, 'set by devstack')::text
       end`, [name, value]);
  }
}

/** Test-only extensions (pgTAP, dblink) and the `tests` helper schema. */
export async function loadTestHelpers(cfg: StackConfig) {
  for (const file of sqlFilesIn(testSqlDir)) await psqlFile(cfg, file);
}

/** Regenerates admin/src/types/database.ts from the live schema. */
export async function generateTypes(cfg: StackConfig) {
  const res = await mustRun(localBin('supabase'),
    ['gen', 'types', 'typescript', `--remote=${dbUrl(cfg)}`, '--schema', 'public', '--workdir', projectDir],
    'supabase gen types', { cwd: projectDir });
  const target = path.join(projectDir, 'admin', 'src', 'types', 'database.ts');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // The CLI prints notices (e.g. "Connected to 127.0.0.1 without TLS") on stdout before the types.
  const start = res.stdout.search(/^export /m);
  if (start < 0) throw new DevstackError('supabase gen types printed no types', res.stdout.slice(0, 500));
  fs.writeFileSync(target, res.stdout.slice(start));
  return target;
}
