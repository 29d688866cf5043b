// POST / PATCH / PUT / DELETE on a table: one mutation statement, its rows read back through the select.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiError, badBody, maxAffectedError, whereRequired } from './errors.ts';
import { runInTransaction } from './executor.ts';
import type { RestContext } from './context.ts';
import { UPDATED_COUNT, buildDelete, buildInsert, buildUpdate, checkColumns } from './mutation.ts';
import { planRead, type ReadPlan } from './planner.ts';
import type { QueryParams } from './query-params.ts';
import { type Format, type Prefer, readJsonBody, stripsNulls } from './request.ts';
import { type Outcome, outcomeOf, send, shapeBody, singleError } from './response.ts';
import type { SchemaCache, Table } from './schema-cache.ts';
import { buildRead, wrapResponse, type BodyShape } from './sql-builder.ts';
import { ident, qualified } from './sql.ts';

function withoutConditions(plan: ReadPlan): ReadPlan {
  return { ...plan, conditions: [], limit: undefined, offset: undefined };
}

export async function handleWrite(ctx: RestContext, req: IncomingMessage, res: ServerResponse, cache: SchemaCache, table: Table, q: QueryParams,
  format: Format, prefer: Prefer, settings: Record<string, string>) {
  const method = req.method!;
  const plan = planRead(cache, table, q);
  const representation = prefer.return === 'representation';
  const stripped = stripsNulls(req.headers.accept as string | undefined);
  const bodyShape: BodyShape = representation ? (format === 'single' ? 'single' : format === 'csv' ? 'csv' : 'array') : 'none';
  let mutation: string;
  const applied: string[] = [];
  if (method === 'POST' || method === 'PUT') {
    const body = await readJsonBody(req);
    const rows = Array.isArray(body) ? body : body === undefined ? null : [body];
    if (!rows || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw badBody(body === undefined ? 'Empty or invalid json' : 'All object keys must match');
    }
    let columns: string[];
    if (q.columns) {
      columns = q.columns;
    } else {
      columns = Object.keys(rows[0] ?? {});
      const same = rows.every((r) => { const k = Object.keys(r); return k.length === columns.length && columns.every((c) => c in r); });
      if (!same) throw badBody('All object keys must match');
    }
    checkColumns(table, columns);
    if (q.onConflict) checkColumns(table, q.onConflict);
    const resolution = method === 'PUT' ? 'merge-duplicates'
      : prefer.resolution === 'merge-duplicates' || prefer.resolution === 'ignore-duplicates' ? prefer.resolution : undefined;
    // PostgREST applies a resolution only where there is a key to conflict on.
    if (resolution && method === 'POST' && (table.primaryKey.length || q.onConflict)) applied.push(`resolution=${resolution}`);
    if (prefer.missing === 'default') applied.push('missing=default');
    mutation = buildInsert(table, {
      rows: rows as Record<string, unknown>[], columns, resolution: resolution as any, onConflict: q.onConflict,
      missingDefault: prefer.missing === 'default', returning: true,
    });
  } else if (method === 'PATCH') {
    const body = await readJsonBody(req);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badBody('Empty or invalid json');
    const columns = q.columns ?? Object.keys(body);
    checkColumns(table, columns);
    if (plan.conditions.length === 0) throw whereRequired('UPDATE');
    if (columns.length === 0) {
      // Nothing to change: answer with the matching rows untouched, as an empty update would.
      mutation = `SELECT * FROM ${qualified(table.schema, table.name)} AS ${ident(plan.alias)} WHERE FALSE`;
    } else {
      mutation = buildUpdate(table, plan, body as Record<string, unknown>, columns, representation);
    }
  } else {
    if (plan.conditions.length === 0) throw whereRequired('DELETE');
    mutation = buildDelete(table, plan, representation);
  }
  // Preference-Applied lists what was honoured in PostgREST's order: resolution, missing, return, count, tx, handling, max-affected.
  if (prefer.return === 'representation' || prefer.return === 'minimal' || prefer.return === 'headers-only') applied.push(`return=${prefer.return}`);
  if (prefer.count === 'exact' || prefer.count === 'planned' || prefer.count === 'estimated') applied.push(`count=${prefer.count}`);
  if (prefer.tx === 'rollback' || prefer.tx === 'commit') applied.push(`tx=${prefer.tx}`);
  if (prefer.handling === 'strict' || prefer.handling === 'lenient') applied.push(`handling=${prefer.handling}`);
  if (prefer.handling === 'strict' && prefer.maxAffected !== undefined) applied.push(`max-affected=${prefer.maxAffected}`);

  const isInsert = method === 'POST' || method === 'PUT';
  // Inserts always come back through the wrapper: it counts the rows and how many of them were merged.
  const wrapped = representation || isInsert;
  let sql: string;
  if (wrapped) {
    const read = representation ? buildRead(withoutConditions(plan), 'pgrst_mutation').sql : 'SELECT 1 FROM pgrst_mutation';
    sql = wrapResponse(read, { stripNulls: stripped, shape: bodyShape, prelude: `pgrst_mutation AS (${mutation})`, extra: isInsert ? `${UPDATED_COUNT} AS updated` : undefined });
  } else {
    sql = mutation;
  }
  let failure: ApiError | undefined;
  const result = await runInTransaction(ctx.pool, {
    readOnly: false, settings, sql,
    decide: (r) => {
      const page = wrapped ? Number(r.rows[0]?.page ?? 0) : r.rowCount ?? 0;
      if (format === 'single' && page !== 1) { failure = singleError(page); return false; }
      if (prefer.handling === 'strict' && prefer.maxAffected !== undefined && page > prefer.maxAffected) {
        failure = maxAffectedError(page);
        return false;
      }
      return prefer.tx !== 'rollback';
    },
  });
  if (failure) throw failure;
  const out: Outcome = wrapped ? outcomeOf(result) : { total: null, page: result.rowCount ?? 0, body: null };
  // PostgREST answers 200 when a merge-duplicates upsert inserted nothing (every row was merged).
  const inserted = out.page - Number(result.rows[0]?.updated ?? 0);
  const merging = method === 'PUT' || prefer.resolution === 'merge-duplicates';
  const status = isInsert ? (merging && inserted <= 0 ? 200 : 201) : representation ? 200 : 204;
  const headers: Record<string, string> = {
    // Inserts answer `*/total` (no range of rows), updates and deletes `0-(n-1)/total`, as PostgREST.
    'Content-Range': out.page > 0 && !isInsert ? `0-${out.page - 1}/${prefer.count ? out.page : '*'}` : `*/${prefer.count ? out.page : '*'}`,
  };
  if (applied.length) headers['Preference-Applied'] = applied.join(', ');
  if (!representation) return send(req, res, status, headers, null);
  const shaped = shapeBody(format, out.body, stripped);
  headers['Content-Type'] = shaped.type;
  send(req, res, status, headers, shaped.text ?? '');
}

