// INSERT / UPSERT / UPDATE / DELETE statements fed by the JSON body (json_populate_record does the
// type conversion exactly as Postgres would for the target table).
import type { MutatePlan } from '../plan/mutate.ts';
import type { Condition } from '../request/parser.ts';
import { conditionSql } from './read.ts';
import { ident, literal, qualified } from './sql.ts';

type Insert = Extract<MutatePlan, { verb: 'insert' }>;
type Update = Extract<MutatePlan, { verb: 'update' }>;
type Delete = Extract<MutatePlan, { verb: 'delete' }>;

const COUNT_UPDATE = `set_config('pgrst.updated', (coalesce(nullif(current_setting('pgrst.updated', true), '')::int, 0) + 1)::text, true) IS NOT NULL`;
/** The number of rows merged by the statement's ON CONFLICT DO UPDATE (read after the statement's rows). */
export const UPDATED_COUNT = `coalesce(nullif(current_setting('pgrst.updated', true), '')::int, 0)`;

const jsonLiteral = (value: unknown) => `${literal(JSON.stringify(value))}::json`;

/** The mutation statement of a plan; its rows (RETURNING) feed the response's read. */
export function mutationSql(plan: MutatePlan): string {
  return plan.verb === 'insert' ? insertSql(plan) : plan.verb === 'update' ? updateSql(plan) : deleteSql(plan);
}

function insertSql(o: Insert): string {
  const table = o.table;
  const target = qualified(table.schema, table.name);
  const returning = ` RETURNING ${target}.*`;
  if (o.rows.length === 0) return `SELECT * FROM ${target} WHERE FALSE`;
  const cols = o.columns.map(ident);
  let insert: string;
  if (o.columns.length === 0) {
    const first = [...table.columns.keys()][0];
    insert = `INSERT INTO ${target} (${ident(first)}) VALUES ${o.rows.map(() => '(DEFAULT)').join(', ')}`;
  } else if (o.missingDefault) {
    // As PostgREST: each row is the columns' defaults overlaid with the row's own keys, so every
    // default is evaluated for every row (a sequence advances once per row and column, as there).
    const defaults = o.columns.flatMap((c) => {
      const expr = table.columns.get(c)?.defaultExpr;
      return expr ? [`${literal(c)}, ${expr}`] : [];
    });
    const rows = `(SELECT jsonb_agg(jsonb_build_object(${defaults.join(', ')}) || pgrst_elem) FROM jsonb_array_elements(${literal(JSON.stringify(o.rows))}::jsonb) AS pgrst_elem)`;
    insert = `INSERT INTO ${target} (${cols.join(', ')}) SELECT ${cols.map((c) => `pgrst_body.${c}`).join(', ')} FROM jsonb_populate_recordset(NULL::${target}, ${rows}) AS pgrst_body`;
  } else {
    insert = `INSERT INTO ${target} (${cols.join(', ')}) SELECT ${cols.map((c) => `pgrst_body.${c}`).join(', ')} FROM json_populate_recordset(NULL::${target}, ${jsonLiteral(o.rows)}) AS pgrst_body`;
  }
  if (o.resolution) {
    const conflict = o.onConflict ?? table.primaryKey;
    const targetCols = conflict.length ? ` (${conflict.map(ident).join(', ')})` : '';
    // merge-duplicates sets every column of the payload, the conflict columns too, so a payload of only
    // the key still "updates" (and returns) the existing row, as PostgREST does. Each update bumps
    // pgrst.updated so the response can tell inserted rows (201) from merged ones (200).
    const updatable = o.columns.length ? o.columns : conflict;
    insert += o.resolution === 'ignore-duplicates' || updatable.length === 0
      ? ` ON CONFLICT${targetCols} DO NOTHING`
      : ` ON CONFLICT${targetCols} DO UPDATE SET ${updatable.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')} WHERE ${COUNT_UPDATE}`;
  }
  return insert + returning;
}

function updateSql(o: Update): string {
  const { table, read: plan, body, columns, representation: returning } = o;
  const target = qualified(table.schema, table.name);
  const a = ident(plan.alias);
  // Nothing to change: answer with the matching rows untouched, as an empty update would.
  if (columns.length === 0) return `SELECT * FROM ${target} AS ${a} WHERE FALSE`;
  const where = plan.conditions.map((c: Condition) => conditionSql(plan, c));
  const sets = columns.map((c) => `${ident(c)} = pgrst_body.${ident(c)}`).join(', ');
  return `UPDATE ${target} AS ${a} SET ${sets} FROM (SELECT * FROM json_populate_record(NULL::${target}, ${jsonLiteral(body)})) AS pgrst_body${
    where.length ? ` WHERE ${where.join(' AND ')}` : ''}${returning ? ` RETURNING ${a}.*` : ''}`;
}

function deleteSql(o: Delete): string {
  const { table, read: plan, representation: returning } = o;
  const a = ident(plan.alias);
  const where = plan.conditions.map((c: Condition) => conditionSql(plan, c));
  return `DELETE FROM ${qualified(table.schema, table.name)} AS ${a}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${
    returning ? ` RETURNING ${a}.*` : ''}`;
}
