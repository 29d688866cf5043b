// Throw-away clusters for comparing schemas. One cluster per side: pg_cron can be created only in
// the one database its `cron.database_name` names, and both sides need it.
import net from 'node:net';
import path from 'node:path';
import { type StackConfig, dbUrl } from '../config.ts';
import { destroyCluster, initCluster, startCluster } from '../cluster.ts';
import { bootstrap, pushMigrations } from '../database.ts';
import { DevstackError } from '../errors.ts';
import { mustRun, run } from '../shell.ts';

export interface Scratch { cfg: StackConfig; url: string }

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * A fresh cluster in `dir`, bootstrapped as devstack does before migrations (roles, auth and storage
 * schemas, extension stand-ins). Port: `port`, else any free one.
 */
export async function scratchCluster(dir: string, port?: number): Promise<Scratch> {
  const cfg: StackConfig = { dir, dbPort: port ?? await freePort(), apiPort: 0, consolePort: 0, mailPort: 0, smtpPort: 0, throwaway: true };
  await destroyCluster(cfg);
  await initCluster(cfg);
  await startCluster(cfg);
  await bootstrap(cfg);
  return { cfg, url: dbUrl(cfg) };
}

export const dropScratch = (s: Scratch) => destroyCluster(s.cfg);

/** The migrations of `workdir`/supabase/migrations, applied by the Supabase CLI as devstack does. */
export const applyMigrations = (s: Scratch, workdir: string) => pushMigrations(s.cfg, workdir);

/**
 * The schema files in one psql session, in order, with function bodies unchecked (as migra's own
 * output does: a function may name a table a later file creates).
 */
export async function applySchemaFiles(s: Scratch, files: string[]) {
  if (!files.length) return;
  await mustRun('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', s.url, ...files.flatMap((f) => ['-f', f])], 'applying the schema files', {
    env: { ...process.env, PGOPTIONS: '-c check_function_bodies=off -c client_min_messages=warning' },
  });
}

/** Runs generated SQL (a migration being verified) in one transaction; returns the error text, if any. */
export async function trySql(s: Scratch, sql: string, label: string): Promise<string | null> {
  const res = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-d', s.url, '-f', '-'], {
    input: sql, env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
  return res.code === 0 ? null : `${label}: ${(res.stderr || res.stdout).trim()}`;
}

/** Both sides' clusters under `root` (`<root>/migrations`, `<root>/schemas`). */
export function scratchDirs(root: string) {
  return { migrations: path.join(root, 'migrations'), schemas: path.join(root, 'schemas') };
}

export function portFromEnv(): number | undefined {
  const raw = process.env.DEVSTACK_DIFF_DB_PORT;
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65534) {
    throw new DevstackError(`DEVSTACK_DIFF_DB_PORT=${raw} is not a usable port`, 'use an integer between 1024 and 65534 (the second cluster takes the next port)');
  }
  return port;
}
