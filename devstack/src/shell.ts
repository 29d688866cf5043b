// Running external programs: PostgreSQL's binaries (as the postgres OS user when we are root,
// because initdb and postgres refuse to run as root), psql, the Supabase CLI and Deno.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DevstackError } from './errors.ts';
import { projectDir } from './config.ts';

export const PG_BIN = process.env.DEVSTACK_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export interface RunResult { code: number; stdout: string; stderr: string }

export function run(cmd: string, args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // A hung child (a test waiting on a lock forever) must not hang the whole run.
    const timer = opts.timeoutMs ? setTimeout(() => {
      stderr += `\n${cmd} killed after ${opts.timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, opts.timeoutMs) : undefined;
    child.on('close', () => clearTimeout(timer));
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') reject(new DevstackError(`${cmd} was not found`, 'run `npx devstack doctor`'));
      else reject(err);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A child that exits before reading all its input (psql stopping at the first error) closes the
    // pipe: the write fails with EPIPE. Its exit code tells what happened; the write error must not
    // become an unhandled 'error' event that kills devstack.
    child.stdin!.on('error', () => {});
    if (opts.input !== undefined) child.stdin!.end(opts.input); else child.stdin!.end();
  });
}

/** Runs and streams output to our own stdout/stderr; resolves with the exit code. */
export function runInherit(cmd: string, args: string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    const timer = opts.timeoutMs ? setTimeout(() => {
      console.error(`${cmd} killed after ${opts.timeoutMs} ms`);
      child.kill('SIGKILL');
    }, opts.timeoutMs) : undefined;
    child.on('close', () => clearTimeout(timer));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') reject(new DevstackError(`${cmd} was not found`, 'run `npx devstack doctor`'));
      else reject(err);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export async function mustRun(cmd: string, args: string[], what: string, opts: SpawnOptions & { input?: string } = {}): Promise<RunResult> {
  const res = await run(cmd, args, opts);
  if (res.code !== 0) {
    throw new DevstackError(`${what} failed (exit ${res.code}):\n${(res.stderr || res.stdout).trim()}`);
  }
  return res;
}

/** A PostgreSQL server binary, run as the postgres OS user when we are root. */
export function pgCommand(binary: string, args: string[]): [string, string[]] {
  const full = path.join(PG_BIN, binary);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
}

export function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** A binary installed by npm into the project (supabase, deno). */
export function localBin(name: string): string {
  return path.join(projectDir, 'node_modules', '.bin', name);
}

export function hasLocalBin(name: string): boolean {
  return fs.existsSync(localBin(name));
}
