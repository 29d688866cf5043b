// /functions/v1/<name>: one Deno process per function folder, started on first use, requests
// proxied with the raw body untouched (webhook signatures are computed over it).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corsHeaders, handlePreflight } from '../http.ts';
import { verifyJwt } from '../jwt.ts';

const BOOT_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'deno-boot.ts');
const BOOT_TIMEOUT_MS = 120_000;

export interface FunctionsOptions {
  functionsDir: string;
  jwtSecret: string;
  verifyJwt: Record<string, boolean>;
  env: Record<string, string>;
  denoBin?: string;
  denoDir?: string;
}

interface Worker { port: number; process: ChildProcess; ready: Promise<void>; exited: boolean; log: string[] }

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

/** KEY=VALUE lines of supabase/functions/.env, as `supabase functions serve` loads them. */
function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

/** `${VAR}` / `$VAR` in a value, from the variables given (unknown names become ''). */
function expand(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a, b) => vars[a ?? b] ?? '');
}

/**
 * The env files of the functions folder: `.env`, then `.env.local` (local secrets such as the
 * payment gateways'; documented in the README), later files winning. Values may refer to the
 * function's environment (`${SUPABASE_URL}`) or to earlier keys.
 */
export function functionsFileEnv(functionsDir: string, base: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of ['.env', '.env.local']) {
    for (const [k, v] of Object.entries(readDotEnv(join(functionsDir, file)))) out[k] = expand(v, { ...base, ...out });
  }
  return out;
}

function findDeno(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', '.bin', 'deno');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return 'deno';
    dir = parent;
  }
}

export class FunctionsRunner {
  private workers = new Map<string, Worker>();
  private supabaseUrl = '';
  constructor(private opts: FunctionsOptions) {}

  setSupabaseUrl(url: string) { this.supabaseUrl = url; }

  private relayError(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) {
    if (res.headersSent) { res.end(); return; }
    res.writeHead(status, { ...corsHeaders(req), 'Content-Type': 'application/json', 'x-relay-error': 'true' });
    res.end(JSON.stringify({ code, message }));
  }

  private startWorker(name: string, entry: string): Worker {
    const log: string[] = [];
    const worker: Worker = { port: 0, process: null as unknown as ChildProcess, ready: Promise.resolve(), exited: false, log };
    worker.ready = (async () => {
      worker.port = await freePort();
      const env = {
        // The host environment carries what Deno needs to reach the npm registry (CA bundles, proxies).
        ...process.env,
        DENO_DIR: this.opts.denoDir ?? process.env.DENO_DIR ?? join(tmpdir(), 'devstack-deno'),
        NO_COLOR: '1',
        ...functionsFileEnv(this.opts.functionsDir, { ...process.env, SUPABASE_URL: this.supabaseUrl, ...this.opts.env }),
        SUPABASE_URL: this.supabaseUrl,
        ...this.opts.env,
        DEVSTACK_FN_PORT: String(worker.port),
        DEVSTACK_FN_ENTRY: pathToFileURL(entry).href,
      };
      const child = spawn(this.opts.denoBin ?? findDeno(), ['run', '--allow-all', '--no-prompt', '--node-modules-dir=none', BOOT_SCRIPT], {
        env, cwd: dirname(entry), stdio: ['ignore', 'pipe', 'pipe'],
      });
      worker.process = child;
      const keep = (chunk: Buffer) => {
        const text = chunk.toString();
        log.push(text);
        if (log.length > 200) log.shift();
        if (process.env.DEVSTACK_FUNCTIONS_LOG) process.stderr.write(`[fn ${name}] ${text}`);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      child.on('exit', () => { worker.exited = true; if (this.workers.get(name) === worker) this.workers.delete(name); });
      const deadline = Date.now() + BOOT_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (worker.exited) throw new Error(`function ${name} exited during boot: ${log.join('').slice(-2000)}`);
        if (await canConnect(worker.port)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGKILL');
      throw new Error(`function ${name} did not start listening within ${BOOT_TIMEOUT_MS} ms`);
    })();
    worker.ready.catch(() => { this.workers.delete(name); });
    return worker;
  }

  async handle(req: IncomingMessage, res: ServerResponse, rest: string, search: string): Promise<void> {
    const [rawName, ...tail] = rest.split('/');
    let name: string;
    try { name = decodeURIComponent(rawName); } catch { name = ''; }
    if (req.method === 'OPTIONS') {
      // Functions answer their own preflights when running; an unknown one gets the gateway's.
      if (!this.workers.has(name)) return handlePreflight(req, res);
    }
    const dir = resolve(this.opts.functionsDir, name);
    const entry = join(dir, 'index.ts');
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name) || !existsSync(entry)) {
      res.writeHead(404, { ...corsHeaders(req), 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'NOT_FOUND', message: 'Requested function was not found' }));
      return;
    }
    if (this.opts.verifyJwt[name] !== false && req.method !== 'OPTIONS') {
      const auth = req.headers.authorization;
      const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
      const message = !m ? 'Missing authorization header' : verifyJwt(m[1].trim(), this.opts.jwtSecret).ok ? null : 'Invalid JWT';
      if (message) {
        res.writeHead(401, { ...corsHeaders(req), 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 401, message }));
        return;
      }
    }
    let worker = this.workers.get(name);
    if (!worker) { worker = this.startWorker(name, entry); this.workers.set(name, worker); }
    try {
      await worker.ready;
    } catch (err) {
      return this.relayError(req, res, 503, 'BOOT_ERROR', `Function failed to start (please check logs): ${(err as Error).message.slice(0, 500)}`);
    }
    const headers = { ...req.headers, host: `127.0.0.1:${worker.port}`, 'x-forwarded-host': req.headers.host ?? '' };
    const upstream = request({
      host: '127.0.0.1', port: worker.port, method: req.method, path: `/${name}${tail.length ? '/' + tail.join('/') : ''}${search}`, headers,
    }, (up) => {
      // A function that answers CORS itself wins: merging both would send two Allow-Origin values,
      // which browsers reject.
      const ownCors = Object.keys(up.headers).some((h) => h.startsWith('access-control-'));
      res.writeHead(up.statusCode ?? 502, { ...(ownCors ? {} : corsHeaders(req)), ...up.headers } as any);
      up.pipe(res);
    });
    upstream.on('error', (err) => this.relayError(req, res, 502, 'WORKER_ERROR', `Function ${name} failed: ${err.message}`));
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    const all = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(all.map((w) => new Promise<void>((done) => {
      if (!w.process || w.exited) return done();
      w.process.once('exit', () => done());
      w.process.kill('SIGTERM');
      setTimeout(() => { if (!w.exited) w.process.kill('SIGKILL'); done(); }, 2000).unref();
    })));
  }
}
