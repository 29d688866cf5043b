// Where devstack keeps its clusters and which ports it uses. Every value can be overridden from
// the environment so several stacks (a developer's, the test run's, a benchmark's) coexist.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DevstackError } from './errors.ts';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new DevstackError(`${name}=${raw} is not a usable port`, 'use an integer between 1024 and 65535');
  }
  return port;
}

export interface StackConfig {
  /** folder holding this stack's cluster, logs and sockets */
  dir: string;
  dbPort: number;
  apiPort: number;
  consolePort: number;
  /** the mail catcher: web inbox + JSON API, and SMTP (0: any free port) */
  mailPort: number;
  smtpPort: number;
  /** fsync off: only for throw-away clusters (tests, benchmarks) */
  throwaway: boolean;
}

export function devConfig(): StackConfig {
  return {
    dir: path.resolve(process.env.DEVSTACK_DIR ?? path.join(projectDir, '.devstack')),
    dbPort: portFromEnv('DEVSTACK_DB_PORT', 54322),
    apiPort: portFromEnv('DEVSTACK_API_PORT', 54321),
    consolePort: portFromEnv('DEVSTACK_CONSOLE_PORT', 3001),
    mailPort: portFromEnv('DEVSTACK_MAIL_PORT', 54324),
    smtpPort: portFromEnv('DEVSTACK_SMTP_PORT', 54325),
    throwaway: false,
  };
}

export function testConfig(kind: 'test' | 'bench'): StackConfig {
  const base = devConfig();
  return {
    dir: path.join(base.dir, kind),
    dbPort: portFromEnv(kind === 'test' ? 'DEVSTACK_TEST_DB_PORT' : 'DEVSTACK_BENCH_DB_PORT', kind === 'test' ? 54329 : 54328),
    apiPort: 0,
    consolePort: portFromEnv('DEVSTACK_TEST_CONSOLE_PORT', 3101),
    mailPort: 0,
    smtpPort: 0,
    throwaway: true,
  };
}

export const DB_USER = 'postgres';
export const DB_PASSWORD = 'postgres';

export function dbUrl(cfg: StackConfig, user = DB_USER, password = DB_PASSWORD): string {
  return `postgresql://${user}:${password}@127.0.0.1:${cfg.dbPort}/postgres`;
}

// Supabase's local development JWT secret: the anon and service-role keys are signed with it.
export { DEMO_JWT_SECRET as JWT_SECRET } from './gateway/keys.ts';
