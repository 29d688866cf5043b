// The long-running parts of the stack beside the database: the gateway (REST, Auth, Functions,
// pg_net worker) and the console's web server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DevstackError } from './errors.ts';
import { JWT_SECRET, type StackConfig, dbUrl, projectDir } from './config.ts';
import { anonKey, serviceRoleKey } from './keys.ts';
import { portIsFree } from './cluster.ts';
import type { MailService } from './mail/index.ts';

export interface Running { url: string; close(): Promise<void> }
export interface RunningGateway extends Running { mailUrl: string; smtpPort: number }

async function assertFree(port: number, envName: string) {
  if (port !== 0 && !(await portIsFree(port))) {
    throw new DevstackError(`port ${port} is already in use by another process`, `stop it, or choose another port with ${envName}`);
  }
}

/** The mail catcher (SMTP + web inbox), keeping mail under the stack's directory. */
export async function startMailCatcher(cfg: StackConfig): Promise<MailService> {
  await assertFree(cfg.smtpPort, 'DEVSTACK_SMTP_PORT');
  await assertFree(cfg.mailPort, 'DEVSTACK_MAIL_PORT');
  const { startMailService } = await import('./mail/index.ts');
  return startMailService({ dir: path.join(cfg.dir, 'mail'), smtpPort: cfg.smtpPort, webPort: cfg.mailPort });
}

/** Where the mail catcher posts inbound support mail: the function, with the functions' own secrets. */
async function inboundTarget(gatewayUrl: string) {
  const { functionsFileEnv } = await import('./gateway/functions/runner.ts');
  const env = functionsFileEnv(path.join(projectDir, 'supabase', 'functions'), { ...process.env, SUPABASE_URL: gatewayUrl });
  const signingKey = (env.MAILGUN_WEBHOOK_SIGNING_KEY ?? '').split(',')[0].trim();
  return signingKey ? { functionUrl: `${gatewayUrl}/functions/v1/support-inbound-mail`, signingKey,
    address: env.SUPPORT_INBOUND_ADDRESS || 'support@cleanmatex.local' } : null;
}

/** The gateway (REST, Auth, Functions, pg_net worker) with its mail catcher; close() stops both. */
export async function startApiGateway(cfg: StackConfig, port: number): Promise<RunningGateway> {
  await assertFree(port, 'DEVSTACK_API_PORT');
  const mail = await startMailCatcher(cfg);
  try {
    const { startGateway } = await import('./gateway/index.ts');
    const gateway = await startGateway({ port, host: '127.0.0.1', dbUrl: dbUrl(cfg), jwtSecret: JWT_SECRET, anonKey, serviceRoleKey, projectDir,
      smtp: { port: mail.smtpPort }, auditHeadsDir: cfg.dir, storageDir: path.join(cfg.dir, 'storage') });
    mail.inbound.configure(await inboundTarget(gateway.url));
    return {
      url: gateway.url, mailUrl: mail.webUrl, smtpPort: mail.smtpPort,
      async close() { await gateway.close(); await mail.close(); },
    };
  } catch (err) {
    await mail.close();
    throw err;
  }
}

const adminDir = path.join(projectDir, 'admin');
const vite = path.join(projectDir, 'node_modules', '.bin', 'vite');

/** The console exists once admin/ has its vite app. */
export function consoleAvailable(): boolean {
  return fs.existsSync(path.join(adminDir, 'vite.config.ts')) && fs.existsSync(vite);
}

/** Waits until an HTTP server answers at url (any status), or fails after timeoutMs. */
export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new DevstackError(`the process serving ${url} exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new DevstackError(`nothing answered at ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    try { process.kill(-child.pid, 'SIGTERM'); } catch { resolve(); }
    setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
  });
}

/**
 * Serves the console on `port` against the gateway at apiUrl: vite's dev server (hot reload)
 * for `npm start`, or a production build served by `vite preview` for end-to-end tests.
 * The gateway URL is baked in at build time (VITE_SUPABASE_URL).
 */
export async function startConsole(apiUrl: string, port: number, mode: 'dev' | 'preview'): Promise<Running | null> {
  if (!consoleAvailable()) return null;
  if (!(await portIsFree(port))) throw new DevstackError(`port ${port} is already in use by another process`, 'stop it, or set DEVSTACK_CONSOLE_PORT');
  const env = { ...process.env, VITE_SUPABASE_URL: apiUrl, VITE_SUPABASE_ANON_KEY: anonKey };
  if (mode === 'preview') {
    const build = spawn(vite, ['build', '--logLevel', 'warn'], { cwd: adminDir, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await new Promise<number>((resolve) => build.once('exit', (c) => resolve(c ?? 1)));
    if (code !== 0) throw new DevstackError(`the console build failed (exit ${code})`);
  }
  const args = mode === 'dev' ? [] : ['preview'];
  const child = spawn(vite, [...args, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: adminDir, env, detached: true, stdio: mode === 'dev' ? 'inherit' : ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, 90_000, child);
  return { url, close: () => stopChild(child) };
}
