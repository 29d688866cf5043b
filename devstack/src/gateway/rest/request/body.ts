// Request bodies: JSON (with a depth cap), or raw bytes for a function's single unnamed parameter.
import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, readBody } from '../../http.ts';
import { badBody, bodyTooLarge } from '../errors.ts';

/** What a POST body is, by its Content-Type: named arguments (JSON) or one raw value for an unnamed parameter. */
export type BodyKind = 'json' | 'text' | 'xml' | 'bytea' | 'none';

export type Payload =
  | { kind: 'none' }
  /** `value` is undefined for an empty body. */
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; bodyKind: 'text' | 'xml' | 'bytea'; bytes: Buffer };

const RAW_KINDS: Record<string, 'text' | 'xml' | 'bytea'> = { 'text/plain': 'text', 'text/xml': 'xml', 'application/octet-stream': 'bytea' };

/** text/plain, text/xml and application/octet-stream bodies feed a single unnamed text/xml/bytea parameter. */
export function rawKindOf(req: IncomingMessage): 'text' | 'xml' | 'bytea' | undefined {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return RAW_KINDS[type];
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

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  try { return await readBody(req); } catch (err) {
    if (err instanceof BodyTooLarge) throw bodyTooLarge();
    throw badBody('Could not read the request body');
  }
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readRawBody(req)).toString('utf8').trim();
  if (text === '') return undefined;
  // PostgreSQL's JSON parser recurses per level: refuse bodies nested deeper than it can take.
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw badBody('Empty or invalid json');
  try { return JSON.parse(text); } catch { throw badBody('Empty or invalid json'); }
}
