// The devstack gateway: one HTTP server that answers like Supabase's API gateway on /rest/v1,
// /auth/v1 and /functions/v1, plus the pg_net worker.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { type AuthHooks, type GatewayConfig, loadConfig, senderFromConfig } from './config.ts';
import { handlePreflight, sendJson } from './http.ts';
import { ApiError, internalError, malformedUrl, malformedUrlEncoding } from './rest/errors.ts';
import { handleRest, searchPathFor, sendApiError, type RestContext } from './rest/index.ts';
import { loadSchemaCache, type SchemaCache } from './rest/schema-cache.ts';
import { handleAuth, type AuthContext, AuthError, sendAuthError } from './auth/handler.ts';
import { RateLimiter } from './auth/ratelimit.ts';
import { FunctionsRunner } from './functions/runner.ts';
import { startNetWorker } from './pgnet.ts';
import { GatewaySimulator } from './simulator/index.ts';
import { MessagingSimulator } from './simulator/messaging/index.ts';
import { handleAuditSink } from './auditSink.ts';
import { createStorage } from './storage/handler.ts';
import { loadStorageSettings } from './storage/settings.ts';

export { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from './keys.ts';

export interface GatewayOptions {
  port: number;
  host?: string;
  dbUrl: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  projectDir: string;
  functionsEnv?: Record<string, string>;
  /** Extra schemas exposed through /rest/v1 (tests expose their own). */
  extraSchemas?: string[];
  /** Overrides config.toml's [auth.hook.*] (tests enable hooks this way). */
  authHooks?: AuthHooks;
  /** Overrides supabase/functions (tests use a fixture folder). */
  functionsDir?: string;
  /** Overrides [functions.<name>] verify_jwt. */
  functionsVerifyJwt?: Record<string, boolean>;
  /** Overrides [auth] jwt_expiry (seconds). */
  jwtExpiry?: number;
  /** Overrides any setting read from config.toml (tests shorten intervals this way). */
  configOverrides?: Partial<GatewayConfig>;
  /** Run the pg_net worker (default true). */
  netWorker?: boolean;
  /** Where /devstack/v1/audit-heads appends the audit chain's published heads (tests); by default a file per
   *  database cluster in auditHeadsDir, so a reset cluster does not inherit the heads of the one it replaced. */
  auditHeadsFile?: string;
  /** Directory of the default heads file (default <projectDir>/.devstack). */
  auditHeadsDir?: string;
  /** Where auth mail goes (the mail catcher's SMTP port); without it, mail flows answer 500. */
  smtp?: { host?: string; port: number };
  /** Where /storage/v1 keeps file bytes (default <DEVSTACK_DIR>/storage); server-wide upload limit in bytes. */
  storageDir?: string;
  storageFileSizeLimit?: number;
}

/** GoTrue routes Supabase's gateway serves without an API key (browser redirects and health checks). */
const OPEN_AUTH_PATHS = new Set(['/auth/v1/health', '/auth/v1/verify', '/auth/v1/callback', '/auth/v1/authorize', '/auth/v1/.well-known/jwks.json']);

export interface Gateway { url: string; close(): Promise<void> }

/** The same database URL with another user and password. */
function withCredentials(dbUrl: string, user: string, password: string): string {
  const url = new URL(dbUrl);
  url.username = user;
  url.password = password;
  return url.toString();
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const config = loadConfig(opts.projectDir);
  if (opts.authHooks) config.hooks = opts.authHooks;
  if (opts.jwtExpiry) config.jwtExpiry = opts.jwtExpiry;
  if (opts.functionsVerifyJwt) Object.assign(config.functionsVerifyJwt, opts.functionsVerifyJwt);
  if (opts.smtp) config.smtp = { host: opts.smtp.host ?? '127.0.0.1', port: opts.smtp.port, ...senderFromConfig(opts.projectDir) };
  if (opts.configOverrides) Object.assign(config, opts.configOverrides);
  const schemas = [...config.schemas, ...(opts.extraSchemas ?? []).filter((s) => !config.schemas.includes(s))];

  // REST runs as authenticator and switches role per request; auth and the cache use the superuser.
  // Connection-level settings cost nothing per request: statement_timeout bounds every query
  // (the gateway must never hang), search_path is the default profile's.
  const defaultPath = [schemas[0], ...config.extraSearchPath.filter((s) => s !== schemas[0])];
  const plainNames = defaultPath.every((n) => /^[a-z_][a-z0-9_]*$/.test(n));
  const defaultSearchPath = plainNames ? searchPathFor(config.extraSearchPath, schemas[0]) : '';
  const restPool = new pg.Pool({
    connectionString: withCredentials(opts.dbUrl, 'authenticator', 'postgres'), max: 20,
    options: `-c statement_timeout=8s${plainNames ? ` -c search_path=${defaultPath.join(',')}` : ''}`,
  });
  const adminPool = new pg.Pool({ connectionString: opts.dbUrl, max: 10 });
  restPool.on('error', () => {});
  adminPool.on('error', () => {});

  let cache: SchemaCache = await loadSchemaCache(adminPool, schemas);
  let loading: Promise<SchemaCache> | null = null;
  const reload = () => {
    loading ??= loadSchemaCache(adminPool, schemas).then((c) => { cache = c; return c; }).finally(() => { loading = null; });
    return loading;
  };

  // `NOTIFY pgrst, 'reload schema'` reloads the cache, as PostgREST does.
  const listener = new pg.Client({ connectionString: opts.dbUrl });
  listener.on('error', () => {});
  await listener.connect();
  await listener.query('LISTEN pgrst');
  listener.on('notification', (msg) => {
    if (msg.channel === 'pgrst' && (msg.payload === 'reload schema' || msg.payload === 'reload config' || msg.payload === '' || msg.payload === undefined)) reload().catch(() => {});
  });

  const rest: RestContext = {
    pool: restPool, config, schemas, jwtSecret: opts.jwtSecret, defaultSearchPath,
    cache: async () => cache,
    refreshOnMiss: async () => (Date.now() - cache.loadedAt > 500 ? reload() : cache),
  };
  const auth: AuthContext = { pool: adminPool, config, jwtSecret: opts.jwtSecret, serviceRoleKey: opts.serviceRoleKey, limiter: new RateLimiter() };
  const functions = new FunctionsRunner({
    functionsDir: opts.functionsDir ?? join(opts.projectDir, 'supabase', 'functions'),
    jwtSecret: opts.jwtSecret,
    verifyJwt: config.functionsVerifyJwt,
    env: {
      SUPABASE_ANON_KEY: opts.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: opts.serviceRoleKey,
      SUPABASE_DB_URL: opts.dbUrl,
      // notify-deliver's SMTP adapter sends to devstack's mail catcher
      ...(opts.smtp ? { NOTIFY_SMTP_HOST: opts.smtp.host ?? '127.0.0.1', NOTIFY_SMTP_PORT: String(opts.smtp.port) } : {}),
      ...(opts.functionsEnv ?? {}),
    },
  });

  // Simulated payment gateways (Stripe, PayTabs, HyperPay) at /simulator/…: they sign webhooks with
  // the functions' own secrets (supabase/functions/.env.local) and post them back to /functions/v1.
  const simulator = new GatewaySimulator({ functionsDir: opts.functionsDir ?? join(opts.projectDir, 'supabase', 'functions'), env: opts.functionsEnv });
  // Simulated messaging providers (Twilio, Unifonic, WhatsApp Cloud, Resend) beside them, posting
  // signed receipts to /functions/v1/notify-receipts.
  const messaging = new MessagingSimulator({ functionsDir: opts.functionsDir ?? join(opts.projectDir, 'supabase', 'functions'), env: opts.functionsEnv });

  // Supabase Storage at /storage/v1: rows in the storage schema (RLS decides), bytes on disk.
  const storage = createStorage({
    pool: adminPool, jwtSecret: opts.jwtSecret, settings: loadStorageSettings(opts.projectDir), fileSizeLimit: opts.storageFileSizeLimit,
    dir: opts.storageDir ?? join(process.env.DEVSTACK_DIR ?? join(opts.projectDir, '.devstack'), 'storage'),
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('[gateway] unexpected error', err);
      const error = internalError();
      if (!res.headersSent) sendJson(req, res, error.status, error.body());
      else res.end();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;

  const apiKeys = new Set([opts.anonKey, opts.serviceRoleKey]);
  const clusterId = opts.auditHeadsFile ? '' : (await adminPool.query(`select system_identifier::text as id from pg_control_system()`)).rows[0].id;
  const auditHeadsFile = opts.auditHeadsFile ?? join(opts.auditHeadsDir ?? join(opts.projectDir, '.devstack'), `audit-heads.${clusterId}.jsonl`);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let url: URL;
    try { url = new URL(req.url ?? '/', 'http://gateway'); } catch {
      const error = malformedUrl();
      return sendJson(req, res, error.status, error.body());
    }
    const path = url.pathname;
    if (req.method === 'OPTIONS') return handlePreflight(req, res);
    // Supabase's API gateway admits /rest/v1 and /auth/v1 only with a known API key.
    if ((path === '/rest/v1' || path.startsWith('/rest/v1/') || path.startsWith('/auth/v1/')) && !OPEN_AUTH_PATHS.has(path)) {
      const header = req.headers.apikey;
      const key = typeof header === 'string' ? header : url.searchParams.get('apikey');
      if (!key) return sendJson(req, res, 401, { message: 'No API key found in request' });
      if (!apiKeys.has(key)) return sendJson(req, res, 401, { message: 'Invalid authentication credentials' });
      req.headers.apikey = key;
    }
    if (path === '/rest/v1' || path.startsWith('/rest/v1/')) {
      try {
        await handleRest(rest, req, res, path.slice('/rest/v1'.length), url.searchParams);
      } catch (err) {
        if (err instanceof ApiError) return sendApiError(req, res, err);
        if (err instanceof URIError) return sendApiError(req, res, malformedUrlEncoding());
        throw err;
      }
      return;
    }
    if (path.startsWith('/auth/v1/')) {
      try {
        await handleAuth(auth, req, res, path.slice('/auth/v1'.length), url.searchParams);
      } catch (err) {
        if (err instanceof AuthError) return sendAuthError(req, res, err);
        // Values Postgres refuses (bad uuid, bad type) are the client's fault, not the server's.
        if (typeof (err as any)?.code === 'string' && /^(22|23)/.test((err as any).code)) {
          return sendAuthError(req, res, new AuthError(400, 'validation_failed', (err as any).message));
        }
        throw err;
      }
      return;
    }
    if (path.startsWith('/functions/v1/')) return functions.handle(req, res, path.slice('/functions/v1/'.length), url.search);
    if (path.startsWith('/storage/v1/')) return storage(req, res, path.slice('/storage/v1'.length), url.searchParams);
    if (path.startsWith('/simulator/') && MessagingSimulator.owns(path.slice('/simulator'.length))) return messaging.handle(req, res, path.slice('/simulator'.length), url);
    if (path === '/simulator' || path.startsWith('/simulator/')) return simulator.handle(req, res, path.slice('/simulator'.length), url);
    if (path === '/devstack/v1/audit-heads' || path.startsWith('/devstack/v1/audit-heads/')) {
      return handleAuditSink(req, res, path.slice('/devstack/v1/audit-heads'.length), { file: auditHeadsFile, serviceRoleKey: opts.serviceRoleKey });
    }
    sendJson(req, res, 404, { message: 'no Route matched with those values' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const url = `http://${host}:${address.port}`;
  functions.setSupabaseUrl(url);
  simulator.setBaseUrl(url);
  messaging.setBaseUrl(url);
  const net = opts.netWorker === false ? null : await startNetWorker(opts.dbUrl);

  return {
    url,
    async close() {
      await Promise.race([Promise.all([simulator.settle(), messaging.settle()]), new Promise((r) => setTimeout(r, 5000))]);
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await functions.close();
      await net?.close();
      await listener.end().catch(() => {});
      await Promise.all([restPool.end(), adminPool.end()]);
    },
  };
}
