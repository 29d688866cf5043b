// Answers to writes: 201 / 200 / 204 as PostgREST chooses them, Content-Range, Preference-Applied,
// and the written rows when return=representation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Executed } from '../execute.ts';
import type { MutatePlan } from '../plan/mutate.ts';
import type { ApiRequest } from '../request/api-request.ts';
import { type Outcome, outcomeOf, shapeBody } from './read.ts';
import { send } from './send.ts';

/** What of Prefer was honoured, in PostgREST's order: resolution, missing, return, count, tx, handling, max-affected. */
function preferenceApplied(api: ApiRequest, plan: MutatePlan): string[] {
  const { prefer } = api;
  const applied: string[] = [];
  if (plan.verb === 'insert') {
    // PostgREST applies a resolution only where there is a key to conflict on.
    if (plan.resolution && api.method === 'POST' && (plan.table.primaryKey.length || plan.onConflict)) applied.push(`resolution=${plan.resolution}`);
    if (prefer.missing === 'default') applied.push('missing=default');
  }
  if (prefer.return === 'representation' || prefer.return === 'minimal' || prefer.return === 'headers-only') applied.push(`return=${prefer.return}`);
  if (prefer.count === 'exact' || prefer.count === 'planned' || prefer.count === 'estimated') applied.push(`count=${prefer.count}`);
  if (prefer.tx === 'rollback' || prefer.tx === 'commit') applied.push(`tx=${prefer.tx}`);
  if (prefer.handling === 'strict' || prefer.handling === 'lenient') applied.push(`handling=${prefer.handling}`);
  if (prefer.handling === 'strict' && prefer.maxAffected !== undefined) applied.push(`max-affected=${prefer.maxAffected}`);
  return applied;
}

export function respondMutate(req: IncomingMessage, res: ServerResponse, api: ApiRequest, plan: MutatePlan, result: Executed): void {
  const isInsert = plan.verb === 'insert';
  const wrapped = plan.representation || isInsert;
  const out: Outcome = wrapped ? outcomeOf(result) : { total: null, page: result.rowCount ?? 0, body: null };
  // PostgREST answers 200 when a merge-duplicates upsert inserted nothing (every row was merged).
  const inserted = out.page - Number(result.rows[0]?.updated ?? 0);
  const merging = api.method === 'PUT' || api.prefer.resolution === 'merge-duplicates';
  const status = isInsert ? (merging && inserted <= 0 ? 200 : 201) : plan.representation ? 200 : 204;
  const counted = api.prefer.count ? out.page : '*';
  const headers: Record<string, string> = {
    // Inserts answer `*/total` (no range of rows), updates and deletes `0-(n-1)/total`, as PostgREST.
    'Content-Range': out.page > 0 && !isInsert ? `0-${out.page - 1}/${counted}` : `*/${counted}`,
  };
  const applied = preferenceApplied(api, plan);
  if (applied.length) headers['Preference-Applied'] = applied.join(', ');
  if (!plan.representation) return send(req, res, status, headers, null);
  const shaped = shapeBody(api.format, out.body, api.stripNulls);
  headers['Content-Type'] = shaped.type;
  send(req, res, status, headers, shaped.text ?? '');
}
