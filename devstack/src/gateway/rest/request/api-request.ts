// PostgREST's ApiRequest: everything the later stages need, read once from the HTTP request —
// who asks (auth), what (target, method, schema profile), how the answer should look (Accept,
// Prefer), which rows (query string, Range) and the body. Parsing happens here and nowhere else.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { functionsFor, type RestContext } from '../context.ts';
import { invalidPath, mediaTypeError, rpcMethod, schemaNotExposed, unsupportedMethod } from '../errors.ts';
import type { Auth } from './auth.ts';
import { type Payload, rawKindOf, readJsonBody, readRawBody } from './body.ts';
import { acceptsOpenApi, type Format, type PlanRequest, planRequest, responseFormat, stripsNulls } from './media.ts';
import { type Prefer, parsePrefer } from './prefer.ts';
import { parseQueryParams, type QueryParams } from './query-params.ts';
import { applyRangeHeader } from './range.ts';

export type Target =
  | { kind: 'root' }
  | { kind: 'table'; name: string }
  | { kind: 'rpc'; name: string };

export interface ApiRequest {
  method: string;
  /** GET or HEAD: runs in a read-only transaction. */
  readOnly: boolean;
  target: Target;
  /** The schema named by Accept-Profile / Content-Profile, or the first exposed one. */
  schema: string;
  /** The decoded path below /rest/v1 (request.path). */
  path: string;
  auth: Auth;
  headers: IncomingHttpHeaders;
  accept: string | undefined;
  format: Format;
  stripNulls: boolean;
  /** For `Accept: application/vnd.pgrst.plan…`: EXPLAIN's format and options. */
  plan?: PlanRequest;
  prefer: Prefer;
  query: QueryParams;
  payload: Payload;
}

const ROOT_QUERY: QueryParams = { select: [{ kind: 'star' }], conditions: new Map(), order: new Map(), limit: new Map(), offset: new Map(), rpcArgs: {} };

function profileSchema(ctx: RestContext, req: IncomingMessage, readish: boolean): string {
  const header = req.headers[readish ? 'accept-profile' : 'content-profile'];
  const schema = typeof header === 'string' && header ? header : ctx.schemas[0];
  if (!ctx.schemas.includes(schema)) throw schemaNotExposed(ctx.schemas);
  return schema;
}

export async function apiRequest(ctx: RestContext, req: IncomingMessage, auth: Auth, rawPath: string, search: URLSearchParams): Promise<ApiRequest> {
  const method = req.method ?? 'GET';
  const readOnly = method === 'GET' || method === 'HEAD';
  const segments = rawPath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const path = `/${segments.join('/')}`;
  const accept = req.headers.accept as string | undefined;
  if (segments.length === 0) {
    if (!readOnly) throw unsupportedMethod(method);
    if (!acceptsOpenApi(accept)) throw mediaTypeError(accept);
    return {
      method, readOnly, target: { kind: 'root' }, schema: profileSchema(ctx, req, true), path, auth, headers: req.headers, accept,
      format: 'json', stripNulls: false, prefer: {}, query: ROOT_QUERY, payload: { kind: 'none' },
    };
  }
  const schema = profileSchema(ctx, req, readOnly);
  const format = responseFormat(accept);
  const prefer = parsePrefer(req.headers.prefer);
  const isRpc = segments[0] === 'rpc' && segments.length === 2;
  // Raw bodies (text, xml, bytes) come from functions only.
  if ((format === 'text' || format === 'xml' || format === 'binary') && segments[0] !== 'rpc') throw mediaTypeError(accept);
  if (!isRpc && segments.length !== 1) throw invalidPath();
  const target: Target = isRpc ? { kind: 'rpc', name: segments[1] } : { kind: 'table', name: segments[0] };

  let query: QueryParams;
  let payload: Payload = { kind: 'none' };
  if (target.kind === 'rpc') {
    if (readOnly) {
      // GET /rpc: a query parameter named like one of the function's arguments is an argument, not a filter.
      const { overloads } = await functionsFor(ctx, schema, target.name);
      const argNames = new Set(overloads.flatMap((fn) => fn.args.map((a) => a.name)));
      query = parseQueryParams(search, (key) => argNames.has(key));
    } else if (method === 'POST') {
      query = parseQueryParams(search);
      const rawKind = rawKindOf(req);
      payload = rawKind ? { kind: 'raw', bodyKind: rawKind, bytes: await readRawBody(req) } : { kind: 'json', value: await readJsonBody(req) };
    } else {
      throw rpcMethod(method);
    }
    applyRangeHeader(req.headers.range, query);
  } else {
    if (!readOnly && method !== 'POST' && method !== 'PATCH' && method !== 'PUT' && method !== 'DELETE') throw unsupportedMethod(method);
    query = parseQueryParams(search);
    if (readOnly) applyRangeHeader(req.headers.range, query);
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') payload = { kind: 'json', value: await readJsonBody(req) };
  }
  return {
    method, readOnly, target, schema, path, auth, headers: req.headers, accept, format,
    stripNulls: stripsNulls(accept), plan: format === 'plan' ? planRequest(accept!) : undefined, prefer, query, payload,
  };
}
