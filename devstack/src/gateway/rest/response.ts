// The response side of /rest/v1: sending, reading the wrapper's row, shaping bodies by media type, read ranges.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryResult } from 'pg';
import { corsHeaders } from '../http.ts';
import { rangeNotSatisfiable, singleError } from './errors.ts';
import type { Format, Prefer } from './request.ts';

export { singleError };

export function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string | null): void {
  res.writeHead(status, { ...corsHeaders(req), ...headers });
  res.end(req.method === 'HEAD' || body === null ? undefined : body);
}

export interface Outcome { total: number | null; page: number; body: string | null }

export function outcomeOf(result: QueryResult): Outcome {
  const row = result.rows[0] ?? {};
  return { total: row.total == null ? null : Number(row.total), page: Number(row.page ?? 0), body: row.body ?? null };
}

export function shapeBody(format: Format, body: string | null, stripped = false): { text: string | null; type: string } {
  if (format === 'csv') return { text: body ?? '', type: 'text/csv; charset=utf-8' };
  if (stripped) return { text: body, type: `application/vnd.pgrst.${format === 'single' ? 'object' : 'array'}+json;nulls=stripped; charset=utf-8` };
  if (format === 'single') return { text: body, type: 'application/vnd.pgrst.object+json; charset=utf-8' };
  return { text: body, type: 'application/json; charset=utf-8' };
}

export function respondRead(req: IncomingMessage, res: ServerResponse, out: Outcome, offset: number, format: Format, prefer: Prefer, stripped = false) {
  if (format === 'single' && out.page !== 1) throw singleError(out.page);
  const { total, page } = out;
  if (total !== null && offset > total && offset > 0) {
    throw rangeNotSatisfiable(offset, total);
  }
  const contentRange = page > 0 ? `${offset}-${offset + page - 1}/${total ?? '*'}` : `*/${total ?? '*'}`;
  const status = total !== null && page < total ? 206 : 200;
  const shaped = shapeBody(format, out.body, stripped);
  const headers: Record<string, string> = { 'Content-Type': shaped.type, 'Content-Range': contentRange };
  if (prefer.count) headers['Preference-Applied'] = `count=${prefer.count}`;
  send(req, res, status, headers, shaped.text ?? (format === 'json' ? '[]' : ''));
}
