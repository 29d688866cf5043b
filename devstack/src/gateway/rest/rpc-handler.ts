// /rpc/<fn>: arguments from the JSON body (POST) or the query string (GET/HEAD); row results read like a table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryResult } from 'pg';
import { type ApiError, badBody, maxAffectedError, mediaTypeError, rpcMethod } from './errors.ts';
import { runInTransaction } from './executor.ts';
import type { RestContext } from './context.ts';
import { planRead } from './planner.ts';
import { parseQueryParams, type QueryParams } from './query-params.ts';
import { corsHeaders } from '../http.ts';
import { RAW_TYPES, type Format, type Prefer, rangeFromHeader, readJsonBody, readRawBody } from './request.ts';
import { outcomeOf, respondRead, send, singleError } from './response.ts';
import { type BodyKind, findFunction, functionCall } from './rpc.ts';
import { tableKey } from './schema-cache.ts';
import { buildRead, wrapResponse } from './sql-builder.ts';

export async function handleRpc(ctx: RestContext, req: IncomingMessage, res: ServerResponse, schema: string, name: string, search: URLSearchParams,
  format: Format, prefer: Prefer, settings: Record<string, string>) {
  const method = req.method!;
  let cache = await ctx.cache();
  if (!cache.functions.has(tableKey(schema, name))) cache = await ctx.refreshOnMiss();
  const overloads = cache.functions.get(tableKey(schema, name)) ?? [];
  const argNames = new Set(overloads.flatMap((fn) => fn.args.map((a) => a.name)));
  let args: Record<string, unknown>;
  let q: QueryParams;
  let bodyKind: BodyKind = 'none';
  let whole: unknown;
  if (method === 'GET' || method === 'HEAD') {
    q = parseQueryParams(search, (key) => argNames.has(key));
    args = q.rpcArgs;
  } else if (method === 'POST') {
    q = parseQueryParams(search);
    // text/plain, text/xml and application/octet-stream bodies feed a single unnamed text/xml/bytea parameter.
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const rawKind = ({ 'text/plain': 'text', 'text/xml': 'xml', 'application/octet-stream': 'bytea' } as Record<string, BodyKind>)[type];
    args = {};
    if (rawKind) {
      bodyKind = rawKind;
      whole = await readRawBody(req);
    } else {
      bodyKind = 'json';
      const body = await readJsonBody(req);
      if (body && typeof body === 'object' && !Array.isArray(body)) args = body as Record<string, unknown>;
      else if (body !== undefined && !Array.isArray(body)) throw badBody('Empty or invalid json');
      whole = body;
    }
  } else {
    throw rpcMethod(method);
  }
  const { fn, wholeBody } = findFunction(cache, schema, name, Object.keys(args), bodyKind);
  const { from, call } = functionCall(fn, args, wholeBody, whole);
  const readOnly = method === 'GET' || method === 'HEAD' || fn.volatility !== 'v';
  // Commits unless tx=rollback, or the call returned more rows than `max-affected` allows (handling=strict).
  let failure: ApiError | undefined;
  const decide = (r: QueryResult) => {
    const page = Number(r.rows[0]?.page ?? 0);
    if (prefer.handling === 'strict' && prefer.maxAffected !== undefined && page > prefer.maxAffected) {
      failure = maxAffectedError(page);
      return false;
    }
    return prefer.tx !== 'rollback';
  };
  const run = async (sql: string) => {
    const result = await runInTransaction(ctx.pool, { readOnly, settings, sql, decide });
    if (failure) throw failure;
    return result;
  };
  settings['request.path'] = `/rpc/${name}`;

  if (fn.returnKind === 'void') {
    await runInTransaction(ctx.pool, { readOnly, settings, sql: `SELECT ${call}${from ? ` FROM ${from}` : ''}`, decide: () => prefer.tx !== 'rollback' });
    return send(req, res, 204, {}, null);
  }
  if (format === 'text' || format === 'xml' || format === 'binary') {
    // One value, sent as is: text/xml as their text, bytea as its bytes.
    if (fn.returnKind !== 'scalar' || fn.returnsSet) throw mediaTypeError(req.headers.accept);
    const value = format === 'binary' ? `encode((${call})::bytea, 'hex')` : `(${call})::text`;
    const out = outcomeOf(await run(`SELECT 1 AS page, ${value} AS body${from ? ` FROM ${from}` : ''}`));
    const body = out.body === null ? '' : format === 'binary' ? Buffer.from(out.body, 'hex') : out.body;
    res.writeHead(200, { ...corsHeaders(req), 'Content-Type': RAW_TYPES[format] });
    res.end(method === 'HEAD' ? undefined : body);
    return;
  }
  if (fn.returnKind === 'scalar') {
    const sql = fn.returnsSet
      ? `SELECT count(*) AS page, COALESCE(json_agg(pgrst_call.v), '[]')::text AS body FROM ${from ? `${from}, LATERAL ` : ''}${call} AS pgrst_call(v)`
      : `SELECT 1 AS page, to_json(${call})::text AS body${from ? ` FROM ${from}` : ''}`;
    const out = outcomeOf(await run(sql));
    if (format === 'single' && fn.returnsSet) {
      if (out.page !== 1) throw singleError(out.page);
      out.body = JSON.stringify(JSON.parse(out.body!)[0]);
    }
    const range = `${out.page > 0 ? `0-${out.page - 1}` : '*'}/${prefer.count ? out.page : '*'}`;
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Range': range };
    if (prefer.count) headers['Preference-Applied'] = `count=${prefer.count}`;
    return send(req, res, 200, headers, out.body ?? 'null');
  }
  // Row-returning functions read like a table: select, filters, order and paging apply to their rows.
  const table = fn.returnTable ? cache.tables.get(tableKey(fn.returnTable.schema, fn.returnTable.name)) : undefined;
  rangeFromHeader(req, q);
  const plan = planRead(cache, table, q);
  const source = `(SELECT pgrst_call.* FROM ${from ? `${from}, LATERAL ` : ''}${call} AS pgrst_call)`;
  const built = buildRead(plan, source, [], ctx.config.maxRows);
  const singleObject = !fn.returnsSet || format === 'single';
  const sql = wrapResponse(built.sql, { countSql: prefer.count ? built.countSql : undefined, shape: singleObject ? 'single' : format === 'csv' ? 'csv' : 'array' });
  const out = outcomeOf(await run(sql));
  if (!fn.returnsSet && format !== 'single') {
    return send(req, res, 200, { 'Content-Type': 'application/json; charset=utf-8' }, out.body ?? 'null');
  }
  return respondRead(req, res, out, plan.offset ?? 0, format, prefer);
}

