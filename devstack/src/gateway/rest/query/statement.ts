// The query stage: the one SQL statement a planned action runs. Reads, mutations and calls all end
// in the same wrapper row (total, page size, body), so one response stage reads them all.
import type { Action } from '../plan/action.ts';
import type { CallPlan } from '../plan/call.ts';
import type { MutatePlan } from '../plan/mutate.ts';
import type { ReadPlan } from '../plan/read.ts';
import type { ApiRequest } from '../request/api-request.ts';
import { functionCall } from './call.ts';
import { csvBodySql } from './csv.ts';
import { mutationSql, UPDATED_COUNT } from './mutate.ts';
import { openApiSql } from './openapi.ts';
import { buildRead } from './read.ts';
import { Params, qualified } from './sql.ts';

export interface Statement {
  sql: string;
  readOnly: boolean;
  /** A statement run just before `sql` (e.g. EXPLAIN for a planned count); its rows come back as `before`. */
  before?: string;
  /** Checked on the statement's result before COMMIT (writes and calls); a failed check rolls back. */
  guard?: Guard;
  /** The statement's rows are the body's JSON elements, one per row, instead of one wrapper row. */
  elements?: boolean;
  /**
   * The values of the statement's bind parameters ($1…): set, the statement runs as a prepared statement
   * (see rest/prepared.ts), its text the same for every request of the same shape.
   */
  params?: string[];
}

export interface Guard {
  /** Where the number of rows is: the wrapper's `page` column, or the statement's row count. */
  page: 'wrapped' | 'rowCount';
  /** vnd.pgrst.object: exactly one row, or PGRST116. */
  singular: boolean;
  /** Prefer: handling=strict, max-affected=n: more rows is PGRST124. */
  maxAffected?: number;
  /** Prefer: tx=rollback. */
  rollback: boolean;
}

export type BodyShape = 'array' | 'single' | 'csv' | 'none';

/** Wraps a read (or a mutation CTE + read) so one row carries the total, the page size and the JSON body. */
export function wrapResponse(readSql: string, opts: { countSql?: string; shape: BodyShape; prelude?: string; extra?: string; stripNulls?: boolean }): string {
  let body = opts.shape === 'none' ? 'NULL'
    : opts.shape === 'csv' ? csvBodySql('pgrst_t')
    : opts.shape === 'single' ? `(json_agg(pgrst_t)->0)::text`
    : `COALESCE(json_agg(pgrst_t), '[]')::text`;
  if (opts.stripNulls && (opts.shape === 'single' || opts.shape === 'array')) body = `json_strip_nulls((${body})::json)::text`;
  const ctes = [...(opts.prelude ? [opts.prelude] : []), `pgrst_source AS (${readSql})`];
  return `WITH ${ctes.join(', ')} SELECT ${opts.countSql ? `(${opts.countSql})` : 'NULL::bigint'} AS total, count(*) AS page, ${body} AS body${opts.extra ? `, ${opts.extra}` : ''} FROM pgrst_source AS pgrst_t`;
}

/**
 * A read whose answer needs neither a total nor a whole-body transformation: one JSON element per row
 * (`pgrst_element`, as `json_agg` would write it), joined by the response stage. The server skips the
 * wrapper's aggregate, which costs it about as much as reading a row by key.
 */
export function elementsSql(readSql: string): string {
  return `SELECT to_json(pgrst_t)::text AS pgrst_element FROM (${readSql}) AS pgrst_t`;
}

const shapeOf = (req: ApiRequest): BodyShape => (req.format === 'single' ? 'single' : req.format === 'csv' ? 'csv' : 'array');

export function statementFor(action: Action, req: ApiRequest, maxRows: number | null | undefined): Statement {
  if (action.kind === 'openapi') return { sql: openApiSql(action.plan), readOnly: true };
  const stmt = action.kind === 'read' ? readStatement(action.plan, qualified(action.table.schema, action.table.name), req, maxRows, action.explain)
    : action.kind === 'mutate' ? mutateStatement(action.plan, req)
    : callStatement(action.plan, req, maxRows);
  if (!action.explain) return stmt;
  // EXPLAIN ANALYZE runs the statement: a write or call explained is always rolled back.
  return {
    sql: explainSql(req, stmt.sql), readOnly: stmt.readOnly,
    guard: stmt.readOnly ? undefined : { page: 'rowCount', singular: false, rollback: true },
  };
}

function readStatement(plan: ReadPlan, source: string, req: ApiRequest, maxRows: number | null | undefined, explain: boolean): Statement {
  if (!explain && !req.prefer.count && !req.stripNulls && (req.format === 'json' || req.format === 'single')) {
    // The common read (GET by key, a filtered list): prepared, its filter values as parameters.
    const params = new Params();
    const read = buildRead(plan, source, [], maxRows, params);
    return { sql: elementsSql(read.sql), readOnly: true, elements: true, params: params.list };
  }
  const built = buildRead(plan, source, [], maxRows);
  const sql = wrapResponse(built.sql, { countSql: req.prefer.count ? built.countSql : undefined, shape: shapeOf(req), stripNulls: req.stripNulls });
  if (explain) return { sql, readOnly: true };
  // planned: the planner's row estimate; estimated: exact up to max-rows, the estimate beyond (PostgREST's rule).
  const estimate = req.prefer.count === 'planned' || req.prefer.count === 'estimated';
  return { sql, readOnly: true, before: estimate ? built.explainCountSql : undefined };
}

/** Accept: application/vnd.pgrst.plan+json|text; options=… → EXPLAIN (FORMAT …, options) of the statement. */
function explainSql(req: ApiRequest, sql: string): string {
  const want = req.plan!;
  const options = [`FORMAT ${want.text ? 'TEXT' : 'JSON'}`, ...want.options.map((o) => o.toUpperCase())].join(', ');
  return `EXPLAIN (${options}) ${sql}`;
}

function guardOf(req: ApiRequest, page: Guard['page'], singular: boolean): Guard {
  const strict = req.prefer.handling === 'strict';
  return { page, singular, maxAffected: strict ? req.prefer.maxAffected : undefined, rollback: req.prefer.tx === 'rollback' };
}

function mutateStatement(plan: MutatePlan, req: ApiRequest): Statement {
  const mutation = mutationSql(plan);
  const isInsert = plan.verb === 'insert';
  // Inserts always come back through the wrapper: it counts the rows and how many of them were merged.
  const wrapped = plan.representation || isInsert;
  let sql = mutation;
  if (wrapped) {
    const read = plan.representation
      ? buildRead({ ...plan.read, conditions: [], limit: undefined, offset: undefined }, 'pgrst_mutation').sql
      : 'SELECT 1 FROM pgrst_mutation';
    sql = wrapResponse(read, {
      stripNulls: req.stripNulls, shape: plan.representation ? shapeOf(req) : 'none',
      prelude: `pgrst_mutation AS (${mutation})`, extra: isInsert ? `${UPDATED_COUNT} AS updated` : undefined,
    });
  }
  return { sql, readOnly: false, guard: guardOf(req, wrapped ? 'wrapped' : 'rowCount', req.format === 'single') };
}

function callStatement(plan: CallPlan, req: ApiRequest, maxRows: number | null | undefined): Statement {
  const { fn } = plan;
  const { from, call } = functionCall(fn, plan.args, plan.wholeBody, plan.whole);
  const fromClause = from ? ` FROM ${from}` : '';
  const guard = guardOf(req, 'wrapped', false);
  const readOnly = plan.readOnly;
  switch (plan.result) {
    case 'void':
      return { sql: `SELECT ${call}${fromClause}`, readOnly, guard: { ...guard, maxAffected: undefined } };
    case 'raw': {
      // One value, sent as is: text/xml as their text, bytea as its bytes (hex here, decoded when sent).
      const value = req.format === 'binary' ? `encode((${call})::bytea, 'hex')` : `(${call})::text`;
      return { sql: `SELECT 1 AS page, ${value} AS body${fromClause}`, readOnly, guard };
    }
    case 'scalar': {
      const sql = fn.returnsSet
        ? `SELECT count(*) AS page, COALESCE(json_agg(pgrst_call.v), '[]')::text AS body FROM ${from ? `${from}, LATERAL ` : ''}${call} AS pgrst_call(v)`
        : `SELECT 1 AS page, to_json(${call})::text AS body${fromClause}`;
      return { sql, readOnly, guard };
    }
    case 'rows': {
      const source = `(SELECT pgrst_call.* FROM ${from ? `${from}, LATERAL ` : ''}${call} AS pgrst_call)`;
      const built = buildRead(plan.rows!, source, [], maxRows);
      const singleObject = !fn.returnsSet || req.format === 'single';
      const shape: BodyShape = singleObject ? 'single' : req.format === 'csv' ? 'csv' : 'array';
      return { sql: wrapResponse(built.sql, { countSql: req.prefer.count ? built.countSql : undefined, shape }), readOnly, guard };
    }
  }
}
