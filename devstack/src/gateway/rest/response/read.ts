// Answers built from the wrapper row (total, page, body): bodies shaped by media type, Content-Range,
// 206 for partial pages, 416 past the end, PGRST116 for a singular answer of other than one row.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryResult } from 'pg';
import { rangeNotSatisfiable, singleError } from '../errors.ts';
import type { Executed } from '../execute.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { Format } from '../request/media.ts';
import { send } from './send.ts';

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

export function respondRows(req: IncomingMessage, res: ServerResponse, api: ApiRequest, out: Outcome, offset: number, stripped: boolean): void {
  const { format, prefer } = api;
  if (format === 'single' && out.page !== 1) throw singleError(out.page);
  const { total, page } = out;
  if (total !== null && offset > total && offset > 0) throw rangeNotSatisfiable(offset, total);
  const contentRange = page > 0 ? `${offset}-${offset + page - 1}/${total ?? '*'}` : `*/${total ?? '*'}`;
  const status = total !== null && page < total ? 206 : 200;
  const shaped = shapeBody(format, out.body, stripped);
  const headers: Record<string, string> = { 'Content-Type': shaped.type, 'Content-Range': contentRange };
  if (prefer.count) headers['Preference-Applied'] = `count=${prefer.count}`;
  send(req, res, status, headers, shaped.text ?? (format === 'json' ? '[]' : ''));
}

/**
 * A statement's rows as the body's elements (see Statement.elements): the array as `json_agg` writes it
 * (elements after the first follow ", \n "), or for a singular answer its one element.
 */
function elementsOutcome(elements: string[], single: boolean): Outcome {
  const page = elements.length;
  const body = page === 0 ? null : single ? elements[0] : `[${elements.join(', \n ')}]`;
  return { total: null, page, body };
}

function plannedRows(rows: any[] | undefined): number {
  const plan = rows?.[0]?.['QUERY PLAN'];
  const parsed = typeof plan === 'string' ? JSON.parse(plan) : plan;
  return Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

/** A table read; `count=planned|estimated` take the planner's estimate (estimated: beyond max-rows only). */
export function respondRead(req: IncomingMessage, res: ServerResponse, api: ApiRequest, result: Executed, offset: number, maxRows: number | null | undefined): void {
  const out = result.elements ? elementsOutcome(result.elements, api.format === 'single') : outcomeOf(result);
  const count = api.prefer.count;
  if (count === 'planned' || count === 'estimated') {
    const planned = plannedRows(result.before);
    if (count === 'planned' || maxRows == null || (out.total ?? 0) > maxRows) out.total = planned;
  }
  respondRows(req, res, api, out, offset, api.stripNulls);
}
