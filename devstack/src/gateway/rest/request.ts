// The request side of /rest/v1 (PostgREST's ApiRequest): Prefer, Accept (media types, plans, nulls),
// bodies (JSON with a depth cap, raw bytes) and the Range header.
import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, readBody } from '../http.ts';
import { badBody, bodyTooLarge, mediaTypeError } from './errors.ts';
import type { QueryParams } from './query-params.ts';

export type Format = 'json' | 'single' | 'csv' | 'plan' | RawFormat;
/** Raw bodies for functions returning one text, xml or bytea value. */
export type RawFormat = 'text' | 'xml' | 'binary';
export const RAW_TYPES: Record<RawFormat, string> = { text: 'text/plain; charset=utf-8', xml: 'text/xml; charset=utf-8', binary: 'application/octet-stream' };

export interface Prefer { return?: string; count?: string; resolution?: string; missing?: string; tx?: string; handling?: string; maxAffected?: number }

export function parsePrefer(header: string | string[] | undefined): Prefer {
  const prefer: Prefer = {};
  const text = Array.isArray(header) ? header.join(',') : header ?? '';
  for (const part of text.split(',')) {
    const [k, v] = part.trim().split('=').map((s) => s?.trim());
    if (!k || v === undefined) continue;
    if (k === 'max-affected') { if (/^\d+$/.test(v)) prefer.maxAffected = Number(v); continue; }
    if (k === 'return' || k === 'count' || k === 'resolution' || k === 'missing' || k === 'tx' || k === 'handling') prefer[k] = v;
  }
  return prefer;
}

/** `application/vnd.pgrst.array+json;nulls=stripped` (or object): drop null fields from the JSON body. */
export function stripsNulls(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',').map((m) => m.split(';').map((p) => p.trim().toLowerCase()))
    .find(([type]) => /^application\/(vnd\.pgrst\.(array|object)(\+json)?|json)$|^\*\/\*$/.test(type ?? ''));
  return !!first && /^application\/vnd\.pgrst\.(array|object)/.test(first[0]) && first.slice(1).includes('nulls=stripped');
}

export function responseFormat(accept: string | undefined): Format {
  if (!accept) return 'json';
  for (const raw of accept.split(',')) {
    const type = raw.split(';')[0].trim().toLowerCase();
    if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object') return 'single';
    if (type === 'application/vnd.pgrst.array+json' || type === 'application/vnd.pgrst.array') return 'json';
    if (type === 'text/csv') return 'csv';
    if (type === 'text/plain') return 'text';
    if (type === 'text/xml') return 'xml';
    if (type === 'application/octet-stream') return 'binary';
    if (type === 'application/vnd.pgrst.plan+json' || type === 'application/vnd.pgrst.plan+text' || type === 'application/vnd.pgrst.plan') return 'plan';
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === '') return 'json';
  }
  throw mediaTypeError(accept);
}

const MAX_JSON_DEPTH = 1000;

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) { if (ch === '\\') i++; else if (ch === '"') inString = false; continue; }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === '}') depth--;
  }
  return max;
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer;
  try { raw = await readBody(req); } catch (err) {
    if (err instanceof BodyTooLarge) throw bodyTooLarge();
    throw badBody('Could not read the request body');
  }
  const text = raw.toString('utf8').trim();
  if (text === '') return undefined;
  // PostgreSQL's JSON parser recurses per level: refuse bodies nested deeper than it can take.
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw badBody('Empty or invalid json');
  try { return JSON.parse(text); } catch { throw badBody('Empty or invalid json'); }
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  try { return await readBody(req); } catch (err) {
    if (err instanceof BodyTooLarge) throw bodyTooLarge();
    throw badBody('Could not read the request body');
  }
}

export function rangeFromHeader(req: IncomingMessage, q: QueryParams): void {
  const range = req.headers.range;
  if (typeof range !== 'string') return;
  const m = /^(?:items=)?\s*(\d+)-(\d*)\s*$/.exec(range);
  if (!m) return;
  const from = Number(m[1]);
  const current = q.offset.get('') ?? 0;
  q.offset.set('', Math.max(current, from));
  if (m[2] !== '') {
    const count = Number(m[2]) - from + 1;
    if (count >= 0) q.limit.set('', Math.min(q.limit.get('') ?? count, count));
  }
}

export interface PlanRequest { text: boolean; forType: string; options: string[] }

/** `application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose` → EXPLAIN's format and options. */
export function planRequest(accept: string): PlanRequest {
  const media = accept.split(',').map((m) => m.trim()).find((m) => m.toLowerCase().startsWith('application/vnd.pgrst.plan'))!;
  const [type, ...params] = media.split(';').map((p) => p.trim());
  const param = (name: string) => params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1).replace(/^"|"$/g, '');
  const options = (param('options') ?? '').split('|').map((o) => o.trim().toLowerCase())
    .filter((o) => ['analyze', 'verbose', 'settings', 'buffers', 'wal'].includes(o));
  return { text: type.toLowerCase() === 'application/vnd.pgrst.plan+text', forType: param('for') ?? 'application/json', options };
}
