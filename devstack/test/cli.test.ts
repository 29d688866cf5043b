// The devstack CLI answers bad input with one clear message and a non-zero exit, never a stack trace.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const projectDir = path.resolve(__dirname, '..', '..');
const tmpDirs: string[] = [];

// Asynchronous on purpose: a blocking spawnSync keeps the vitest worker from answering its runner,
// and on a loaded machine a few slow CLI runs in a row exceed vitest's fixed 60 s RPC timeout
// ("Timeout calling onTaskUpdate"): every test passes and the run fails.
function devstack(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(projectDir, 'devstack', 'bin', 'devstack.mjs'), ...args], {
      cwd: projectDir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });
}

function scratchDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-cli-'));
  fs.chmodSync(dir, 0o755);
  tmpDirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

afterAll(async () => {
  for (const dir of tmpDirs) {
    await devstack(['destroy'], { DEVSTACK_DIR: dir });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('devstack CLI', () => {
  it('lists its commands', async () => {
    const res = await devstack(['help']);
    expect(res.code).toBe(0);
    for (const cmd of ['doctor', 'up', 'serve', 'start', 'down', 'reset', 'status', 'test', 'bench']) expect(res.stdout).toContain(cmd);
    expect(res.stdout).toContain('DEVSTACK_SMTP_PORT (54325)');
  });

  it('rejects an unknown command', async () => {
    const res = await devstack(['launch-rockets']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('devstack: unknown command: launch-rockets');
    expect(res.stderr).toContain('npx devstack help');
    noStackTrace(res.stderr);
  });

  it('rejects an unknown test layer and unknown options', async () => {
    const layer = await devstack(['test', '--only', 'cypress']);
    expect(layer.code).toBe(1);
    expect(layer.stderr).toContain('unknown test layer: cypress');
    const option = await devstack(['test', '--fast']);
    expect(option.code).toBe(1);
    expect(option.stderr).toContain('unknown option for test: --fast');
  });

  it('rejects an unknown benchmark, naming the available ones', async () => {
    const res = await devstack(['bench', 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('unknown benchmark: nope');
    expect(res.stderr).toMatch(/available: .*queue/);
  });

  it('rejects a port that is not a port', async () => {
    const res = await devstack(['status'], { DEVSTACK_DB_PORT: 'http' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('DEVSTACK_DB_PORT=http is not a usable port');
    noStackTrace(res.stderr);
  });

  it('reports a stack that does not exist', async () => {
    const res = await devstack(['status'], { DEVSTACK_DIR: scratchDir() });
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('not created');
    expect(res.stdout).toMatch(/anon key\s+eyJ/);
  });

  it('refuses a folder it cannot create', async () => {
    // Under a regular file: no one, root included, can create a folder there.
    const file = path.join(scratchDir(), 'a-file');
    fs.writeFileSync(file, '');
    const res = await devstack(['up'], { DEVSTACK_DIR: path.join(file, 'stack') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`cannot create ${path.join(file, 'stack')}: ENOTDIR`);
    noStackTrace(res.stderr);
  });

  it('serve refuses a busy mail port before it starts anything', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = scratchDir();
    const [api, web] = [await freePort(), await freePort()];
    try {
      const res = await devstack(['serve'], { DEVSTACK_DIR: dir, DEVSTACK_SMTP_PORT: String(port), DEVSTACK_API_PORT: String(api), DEVSTACK_MAIL_PORT: String(web) });
      expect(res.stderr).toContain(`port ${port} is already in use by another process`);
      expect(res.stderr).toContain('DEVSTACK_SMTP_PORT');
      expect(res.code).toBe(1);
      noStackTrace(res.stderr);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('refuses a database port that another process holds, and touches nothing of it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const res = await devstack(['up'], { DEVSTACK_DIR: scratchDir(), DEVSTACK_DB_PORT: String(port) });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`port ${port} is already in use by another process`);
      expect(res.stderr).toContain('DEVSTACK_DB_PORT');
      noStackTrace(res.stderr);
      expect(blocker.listening).toBe(true);
    } finally {
      blocker.close();
    }
  });
});
