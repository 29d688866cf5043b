// devstack's own PostgreSQL cluster: initdb into <dir>/pgdata, started with pg_ctl on its own port
// and socket folder, so it never touches a system cluster.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DevstackError } from './errors.ts';
import { type StackConfig, DB_PASSWORD, DB_USER } from './config.ts';
import { isRoot, mustRun, pgCommand, run } from './shell.ts';

export const dataDir = (cfg: StackConfig) => path.join(cfg.dir, 'pgdata');
export const socketDir = (cfg: StackConfig) => path.join(cfg.dir, 'run');
export const logFile = (cfg: StackConfig) => path.join(cfg.dir, 'postgres.log');

export function clusterExists(cfg: StackConfig): boolean {
  return fs.existsSync(path.join(dataDir(cfg), 'PG_VERSION'));
}

/** The postmaster pid from postmaster.pid, if that process is alive. */
export function runningPid(cfg: StackConfig): number | null {
  const pidFile = path.join(dataDir(cfg), 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.once('listening', () => srv.close(() => resolve(true)));
    srv.listen(port, '127.0.0.1');
  });
}

function chownToPostgres(target: string) {
  if (isRoot) return mustRun('chown', ['-R', 'postgres:postgres', target], `chown ${target}`);
}

/** When root, the postgres OS user must be able to reach the data folder through every parent. */
async function assertPostgresCanReach(dir: string) {
  if (!isRoot) return;
  const res = await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]);
  if (res.code !== 0) {
    throw new DevstackError(
      `the postgres OS user cannot write to ${dir}`,
      'a parent folder is not traversable (chmod o+x on it), or set DEVSTACK_DIR to a folder under /var/tmp',
    );
  }
}

/** The stack's folder exists (created if needed) and is a folder we may write to. */
export function ensureStackDir(cfg: StackConfig) {
  try {
    fs.mkdirSync(cfg.dir, { recursive: true });
    fs.accessSync(cfg.dir, fs.constants.W_OK);
  } catch (err) {
    throw new DevstackError(`cannot create ${cfg.dir}: ${(err as NodeJS.ErrnoException).code}`, 'set DEVSTACK_DIR to a folder you may write to');
  }
}

export async function initCluster(cfg: StackConfig) {
  if (clusterExists(cfg)) return;
  ensureStackDir(cfg);
  fs.mkdirSync(socketDir(cfg), { recursive: true });
  await chownToPostgres(cfg.dir);
  await assertPostgresCanReach(cfg.dir);
  const pwFile = path.join(cfg.dir, '.pwfile');
  fs.writeFileSync(pwFile, DB_PASSWORD + '\n', { mode: 0o600 });
  await chownToPostgres(pwFile);
  try {
    const [cmd, args] = pgCommand('initdb', [
      '-D', dataDir(cfg), '-U', DB_USER, `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256',
      '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions',
    ]);
    await mustRun(cmd, args, 'initdb');
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
  const settings = [
    '# devstack: Supabase-like settings',
    `port = ${cfg.dbPort}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir(cfg)}'`,
    "shared_preload_libraries = 'pg_cron'",
    "cron.database_name = 'postgres'",
    // Background workers instead of libpq connections: no password needed for cron jobs.
    'cron.use_background_workers = on',
    'max_worker_processes = 32',
    "timezone = 'UTC'",
    "log_timezone = 'UTC'",
    'max_connections = 200',
    ...(cfg.throwaway ? ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'] : []),
  ];
  fs.appendFileSync(path.join(dataDir(cfg), 'postgresql.conf'), '\n' + settings.join('\n') + '\n');
}

export async function startCluster(cfg: StackConfig) {
  if (!clusterExists(cfg)) throw new DevstackError(`no cluster in ${dataDir(cfg)}`, 'run `npx devstack up`');
  if (runningPid(cfg)) return;
  if (!(await portIsFree(cfg.dbPort))) {
    throw new DevstackError(
      `port ${cfg.dbPort} is already in use by another process`,
      'stop that process, or choose another port with DEVSTACK_DB_PORT (tests: DEVSTACK_TEST_DB_PORT)',
    );
  }
  const [cmd, args] = pgCommand('pg_ctl', ['-D', dataDir(cfg), '-l', logFile(cfg), '-w', '-t', '60', 'start']);
  if (isRoot && !fs.existsSync(logFile(cfg))) {
    fs.writeFileSync(logFile(cfg), '');
    await chownToPostgres(logFile(cfg));
  }
  const res = await run(cmd, args);
  if (res.code !== 0) {
    const tail = fs.existsSync(logFile(cfg)) ? fs.readFileSync(logFile(cfg), 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new DevstackError(`PostgreSQL did not start:\n${res.stderr || res.stdout}\n${tail}`, `see ${logFile(cfg)}`);
  }
}

export async function stopCluster(cfg: StackConfig) {
  if (!runningPid(cfg)) return;
  const [cmd, args] = pgCommand('pg_ctl', ['-D', dataDir(cfg), '-m', 'fast', '-w', 'stop']);
  await mustRun(cmd, args, 'pg_ctl stop');
}

/** Stops the cluster and deletes its data; other stacks nested in the folder are left alone. */
export async function destroyCluster(cfg: StackConfig) {
  ensureStackDir(cfg);
  await stopCluster(cfg);
  // Storage's file bytes (devstack/src/gateway/storage) go with the rows that name them.
  for (const own of [dataDir(cfg), socketDir(cfg), logFile(cfg), path.join(cfg.dir, 'storage')]) fs.rmSync(own, { recursive: true, force: true });
}
