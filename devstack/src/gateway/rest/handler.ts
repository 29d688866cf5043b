// /rest/v1: request → schema cache → plan → one SQL statement → PostgREST-shaped response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../config.ts';
import { bearerToken, sendJson } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import {
  ApiError, fromPgError, invalidPath, jwtExpired, jwtInvalid, mediaTypeError, noApiKey, noConnection, schemaNotExposed, undefinedTable, unsupportedMethod,
} from './errors.ts';
import { runInTransaction } from './executor.ts';
import { planRead } from './planner.ts';
import { parseQueryParams } from './query-params.ts';
import { parsePrefer, planRequest, rangeFromHeader, responseFormat, stripsNulls } from './request.ts';
import { outcomeOf, respondRead, send } from './response.ts';
import { handleRpc } from './rpc-handler.ts';
import { type SchemaCache, type Table, tableKey } from './schema-cache.ts';
import { buildRead, wrapResponse } from './sql-builder.ts';
import { ident, qualified } from './sql.ts';
import { handleWrite } from './write-handler.ts';
import type { RestContext } from './context.ts';

export type { RestContext };


function authenticate(ctx: RestContext, req: IncomingMessage): { role: string; claims: Record<string, unknown> } {
  const token = bearerToken(req);
  if (!token) throw noApiKey();
  const result = verifyJwt(token, ctx.jwtSecret);
  if (!result.ok) {
    if (result.reason === 'expired') {
      throw jwtExpired();
    }
    const message = result.reason === 'malformed' ? 'JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got 1)'
      : 'JWSError JWSInvalidSignature';
    throw jwtInvalid(message);
  }
  const role = typeof result.claims.role === 'string' && result.claims.role ? result.claims.role : 'anon';
  return { role, claims: result.claims };
}

export function searchPathFor(ctx: { config: GatewayConfig }, schema: string): string {
  return [schema, ...ctx.config.extraSearchPath.filter((s) => s !== schema)].map(ident).join(', ');
}

function profileSchema(ctx: RestContext, req: IncomingMessage): string {
  const readish = req.method === 'GET' || req.method === 'HEAD';
  const header = req.headers[readish ? 'accept-profile' : 'content-profile'];
  const schema = typeof header === 'string' && header ? header : ctx.schemas[0];
  if (!ctx.schemas.includes(schema)) {
    throw schemaNotExposed(ctx.schemas);
  }
  return schema;
}

async function findTable(ctx: RestContext, schema: string, name: string): Promise<{ cache: SchemaCache; table: Table }> {
  let cache = await ctx.cache();
  let table = cache.tables.get(tableKey(schema, name));
  if (!table) { cache = await ctx.refreshOnMiss(); table = cache.tables.get(tableKey(schema, name)); }
  // PostgREST 12 lets the database answer: 42P01 with PostgreSQL's wording.
  if (!table) throw undefinedTable(schema, name);
  return { cache, table };
}

export async function handleRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
  const { role, claims } = authenticate(ctx, req);
  const isAnon = role === 'anon';
  try {
    await route(ctx, req, res, path, search, role, claims);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err && typeof (err as any).code === 'string' && typeof (err as any).severity === 'string') throw fromPgError(err, isAnon);
    if (err && /ECONNREFUSED|ETIMEDOUT|Connection terminated/.test(String((err as any).message ?? err))) {
      throw noConnection(String((err as any).message ?? err));
    }
    throw err;
  }
}

async function route(ctx: RestContext, req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams, role: string, claims: Record<string, unknown>) {
  const method = req.method ?? 'GET';
  const segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  if (segments.length === 0) {
    if (method !== 'GET' && method !== 'HEAD') throw unsupportedMethod(method);
    return send(req, res, 200, { 'Content-Type': 'application/openapi+json; charset=utf-8' },
      JSON.stringify({ swagger: '2.0', info: { title: 'devstack REST', version: '12' }, paths: {} }));
  }
  const schema = profileSchema(ctx, req);
  const format = responseFormat(req.headers.accept as string | undefined);
  const prefer = parsePrefer(req.headers.prefer);
  const readOnlyMethod = method === 'GET' || method === 'HEAD';
  const settings: Record<string, string> = {
    role,
    'request.jwt.claims': JSON.stringify(claims),
    'request.method': method,
    'request.path': `/${segments.join('/')}`,
    'request.headers': JSON.stringify(req.headers),
  };
  // The pool's connections start with the default schema's search_path; only other profiles pay for a switch.
  const searchPath = searchPathFor(ctx, schema);
  if (searchPath !== ctx.defaultSearchPath) settings.search_path = searchPath;

  // Plans are served for table reads only (see docs/devstack-postgrest.md).
  if (format === 'plan' && (!readOnlyMethod || segments[0] === 'rpc')) throw mediaTypeError(req.headers.accept as string);
  if ((format === 'text' || format === 'xml' || format === 'binary') && segments[0] !== 'rpc') throw mediaTypeError(req.headers.accept as string);
  if (segments[0] === 'rpc' && segments.length === 2) {
    return handleRpc(ctx, req, res, schema, segments[1], search, format, prefer, settings);
  }
  if (segments.length !== 1) throw invalidPath();
  const { cache, table } = await findTable(ctx, schema, segments[0]);
  const q = parseQueryParams(search);
  const source = qualified(table.schema, table.name);

  if (readOnlyMethod) {
    rangeFromHeader(req, q);
    const plan = planRead(cache, table, q);
    const built = buildRead(plan, source, [], ctx.config.maxRows);
    const stripped = stripsNulls(req.headers.accept as string | undefined);
    const sql = wrapResponse(built.sql, { countSql: prefer.count ? built.countSql : undefined, shape: format === 'single' ? 'single' : format === 'csv' ? 'csv' : 'array', stripNulls: stripped });
    if (format === 'plan') return explain(ctx, req, res, cache, sql, settings);
    // planned: the planner's row estimate; estimated: exact up to max-rows, the estimate beyond (PostgREST's rule).
    const estimate = prefer.count === 'planned' || prefer.count === 'estimated';
    const result = await runInTransaction(ctx.pool, { readOnly: true, settings, sql, before: estimate ? built.explainCountSql : undefined });
    const out = outcomeOf(result);
    if (estimate) {
      const planned = plannedRows(result.before);
      const maxRows = ctx.config.maxRows;
      if (prefer.count === 'planned' || maxRows == null || (out.total ?? 0) > maxRows) out.total = planned;
    }
    return respondRead(req, res, out, plan.offset ?? 0, format, prefer, stripped);
  }

  if (method === 'POST' || method === 'PATCH' || method === 'DELETE' || method === 'PUT') {
    return handleWrite(ctx, req, res, cache, table, q, format, prefer, settings);
  }
  throw unsupportedMethod(method);
}

/** Accept: application/vnd.pgrst.plan+json|text — EXPLAIN of the request's statement, when db_plan_enabled is on. */
async function explain(ctx: RestContext, req: IncomingMessage, res: ServerResponse, cache: SchemaCache, sql: string, settings: Record<string, string>) {
  const accept = req.headers.accept as string;
  if (!cache.settings.planEnabled) throw mediaTypeError(accept);
  const want = planRequest(accept);
  const options = [`FORMAT ${want.text ? 'TEXT' : 'JSON'}`, ...want.options.map((o) => o.toUpperCase())].join(', ');
  const result = await runInTransaction(ctx.pool, { readOnly: true, settings, sql: `EXPLAIN (${options}) ${sql}` });
  const rows = result.rows.map((r) => r['QUERY PLAN']);
  const body = want.text ? rows.join('\n') : JSON.stringify(typeof rows[0] === 'string' ? JSON.parse(rows[0]) : rows[0]);
  const type = `application/vnd.pgrst.plan+${want.text ? 'text' : 'json'}; for="${want.forType}"; charset=utf-8`;
  return send(req, res, 200, { 'Content-Type': type }, body);
}

function plannedRows(rows: any[] | undefined): number {
  const plan = rows?.[0]?.['QUERY PLAN'];
  const parsed = typeof plan === 'string' ? JSON.parse(plan) : plan;
  return Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

export function sendApiError(req: IncomingMessage, res: ServerResponse, err: ApiError): void {
  sendJson(req, res, err.status, err.body(), { 'Proxy-Status': `PostgREST; error=${err.code}`, ...err.headers });
}
