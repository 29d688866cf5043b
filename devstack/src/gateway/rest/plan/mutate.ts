// The mutate plan (PostgREST's MutatePlan) for POST / PUT / PATCH / DELETE on a table: which rows and
// columns the body writes, how conflicts resolve, which rows a filter touches, and what comes back.
import { badBody, columnNotFound, noConflictConstraint, whereRequired } from '../errors.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { Table, SchemaCache } from '../schema-cache.ts';
import { planRead, type ReadPlan } from './read.ts';

export type Resolution = 'merge-duplicates' | 'ignore-duplicates';

export type MutatePlan =
  | { verb: 'insert'; rows: Record<string, unknown>[]; columns: string[]; resolution?: Resolution; onConflict?: string[]; missingDefault: boolean } & Common
  | { verb: 'update'; body: Record<string, unknown>; columns: string[] } & Common
  | { verb: 'delete' } & Common;

interface Common {
  table: Table;
  /** The filters (update/delete) and the select, embeds and order the returned rows are read with. */
  read: ReadPlan;
  /** Prefer: return=representation. */
  representation: boolean;
}

function checkColumns(table: Table, columns: string[]): void {
  for (const c of columns) {
    if (!table.columns.has(c)) throw columnNotFound(table.name, c);
  }
}

export function planMutate(cache: SchemaCache, table: Table, req: ApiRequest): MutatePlan {
  const read = planRead(cache, table, req.query);
  const representation = req.prefer.return === 'representation';
  const common = { table, read, representation };
  const body = req.payload.kind === 'json' ? req.payload.value : undefined;
  if (req.method === 'POST' || req.method === 'PUT') {
    const rows = Array.isArray(body) ? body : body === undefined ? null : [body];
    if (!rows || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw badBody(body === undefined ? 'Empty or invalid json' : 'All object keys must match');
    }
    let columns: string[];
    if (req.query.columns) {
      columns = req.query.columns;
    } else {
      columns = Object.keys(rows[0] ?? {});
      const same = rows.every((r) => { const k = Object.keys(r); return k.length === columns.length && columns.every((c) => c in r); });
      if (!same) throw badBody('All object keys must match');
    }
    checkColumns(table, columns);
    const onConflict = req.query.onConflict;
    if (onConflict) checkColumns(table, onConflict);
    const preferred = req.prefer.resolution;
    const resolution: Resolution | undefined = req.method === 'PUT' ? 'merge-duplicates'
      : preferred === 'merge-duplicates' || preferred === 'ignore-duplicates' ? preferred : undefined;
    if (rows.length && resolution === 'merge-duplicates' && (onConflict ?? table.primaryKey).length === 0) throw noConflictConstraint();
    return { ...common, verb: 'insert', rows, columns, resolution, onConflict, missingDefault: req.prefer.missing === 'default' };
  }
  if (req.method === 'PATCH') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badBody('Empty or invalid json');
    const columns = req.query.columns ?? Object.keys(body);
    checkColumns(table, columns);
    if (read.conditions.length === 0) throw whereRequired('UPDATE');
    return { ...common, verb: 'update', body: body as Record<string, unknown>, columns };
  }
  if (read.conditions.length === 0) throw whereRequired('DELETE');
  return { ...common, verb: 'delete' };
}
