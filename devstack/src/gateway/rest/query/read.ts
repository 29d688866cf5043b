// The SQL of a read plan: one SELECT with embedded resources as lateral joins (also used over the
// rows of a mutation or a function call).
import { badQuery } from '../errors.ts';
import type { Condition, FieldRef, Filter } from '../request/parser.ts';
import type { ReadPlan, Relationship } from '../plan/read.ts';
import { arrayText, ident, inline, literal, qualified, type Values } from './sql.ts';

export function fieldSql(alias: string, field: FieldRef): string {
  let sql = `${ident(alias)}.${ident(field.name)}`;
  for (const step of field.jsonPath) {
    const key = /^-?\d+$/.test(step.key) ? step.key : literal(step.key);
    sql = `(${sql}${step.arrow}${key})`;
  }
  return sql;
}

const COMPARE: Record<string, string> = {
  eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'LIKE', ilike: 'ILIKE', match: '~', imatch: '~*',
  cs: '@>', cd: '<@', ov: '&&', sl: '<<', sr: '>>', nxr: '&<', nxl: '&>', adj: '-|-',
};
const FTS: Record<string, string> = { fts: 'to_tsquery', plfts: 'plainto_tsquery', phfts: 'phraseto_tsquery', wfts: 'websearch_to_tsquery' };

function filterSql(column: string, f: Filter, values: Values): string {
  const value = f.value as string;
  let sql: string;
  if (f.op === 'in') {
    const items = f.value as string[];
    sql = items.length === 0 ? 'FALSE' : `${column} = ANY(${values.value(arrayText(items))})`;
  } else if (f.op === 'is') {
    const v = value.toLowerCase();
    sql = v === 'not_null' ? `${column} IS NOT NULL` : `${column} IS ${v.toUpperCase()}`;
  } else if (f.op === 'isdistinct') {
    sql = `${column} IS DISTINCT FROM ${values.value(value)}`;
  } else if (FTS[f.op]) {
    const lang = f.modifier ? `${literal(f.modifier)}::regconfig, ` : '';
    sql = `${column} @@ ${FTS[f.op]}(${lang}${values.value(value)})`;
  } else {
    const op = COMPARE[f.op];
    if (!op) throw badQuery(`"unknown operator ${f.op}"`);
    const pattern = f.op === 'like' || f.op === 'ilike' ? value.replace(/\*/g, '%') : value;
    if (f.modifier === 'any' || f.modifier === 'all') {
      sql = `${column} ${op} ${f.modifier.toUpperCase()}(${values.value(pattern)})`;
    } else if (f.op === 'ov' && pattern.startsWith('(') && pattern.endsWith(')')) {
      sql = `${column} && ${values.value(`{${pattern.slice(1, -1)}}`)}`;
    } else {
      sql = `${column} ${op} ${values.value(pattern)}`;
    }
  }
  return f.negate ? `NOT (${sql})` : sql;
}

export function conditionSql(plan: ReadPlan, c: Condition, values: Values = inline): string {
  if (c.kind === 'logic') {
    const inner = c.children.map((child) => conditionSql(plan, child, values)).join(c.op === 'and' ? ' AND ' : ' OR ');
    return `${c.negate ? 'NOT ' : ''}(${inner})`;
  }
  // `embed=not.is.null` filters parents by the presence of embedded rows.
  const embed = c.field.jsonPath.length === 0 ? plan.embeds.find((e) => e.key === c.field.name) : undefined;
  if (embed && c.op === 'is') return filterSql(`${ident(embed.lateral)}.body`, c, values);
  return filterSql(fieldSql(plan.alias, c.field), c, values);
}

/** The condition that ties embedded rows (alias `child`) to their parent row (alias `parent`). */
export function joinCondition(rel: Relationship, parent: string, child: string): string {
  const pairs = (a: string, aCols: string[], b: string, bCols: string[]) =>
    aCols.map((col, i) => `${ident(a)}.${ident(col)} = ${ident(b)}.${ident(bCols[i])}`).join(' AND ');
  if (rel.cardinality === 'many-to-one') return pairs(child, rel.fk.toColumns, parent, rel.fk.fromColumns);
  if (rel.cardinality === 'many-to-many' && rel.junction) {
    const j = `${child}_junction`;
    const toChild = rel.junction.toChild;
    return `EXISTS (SELECT 1 FROM ${qualified(rel.junction.table.schema, rel.junction.table.name)} AS ${ident(j)} WHERE ${
      pairs(j, rel.fk.fromColumns, parent, rel.fk.toColumns)} AND ${pairs(j, toChild.fromColumns, child, toChild.toColumns)})`;
  }
  return pairs(child, rel.fk.fromColumns, parent, rel.fk.toColumns);
}

export interface BuiltRead { sql: string; countSql: string; outputNames: string[] | null; explainCountSql: string }

function outputName(item: { field: FieldRef; alias?: string }): string {
  if (item.alias) return item.alias;
  const last = item.field.jsonPath[item.field.jsonPath.length - 1];
  return last ? last.key : item.field.name;
}

/** SELECT … FROM source AS alias [laterals] WHERE … ORDER BY … LIMIT … (filter values as `values` places them). */
export function buildRead(plan: ReadPlan, source: string, extraWhere: string[] = [], maxRows?: number | null, values: Values = inline): BuiltRead {
  const columns: string[] = [];
  const laterals: string[] = [];
  const where = [...extraWhere];
  // With an aggregate in the select, every other column of the level groups the rows (as PostgREST does).
  const groupBy: string[] = [];
  let aggregated = false;
  let outputNames: string[] | null = [];
  const a = ident(plan.alias);
  for (const planned of plan.items) {
    if (planned.kind === 'star') {
      columns.push(`${a}.*`);
      outputNames = plan.table && outputNames ? [...outputNames, ...plan.table.columns.keys()] : null;
    } else if (planned.kind === 'field') {
      const { item } = planned;
      let expr = item.aggregate?.star ? '*' : fieldSql(plan.alias, item.field);
      if (item.cast) expr = `${expr}::${item.cast}`;
      let name = outputName(item);
      if (item.aggregate) {
        aggregated = true;
        expr = `${item.aggregate.fn}(${expr})${item.aggregate.cast ? `::${item.aggregate.cast}` : ''}`;
        name = item.alias ?? item.aggregate.fn;
      } else {
        groupBy.push(expr);
      }
      columns.push(`${expr} AS ${ident(name)}`);
      outputNames?.push(name);
    } else {
      const { embed } = planned;
      const lat = ident(embed.lateral);
      const fn = embed.rel.computed;
      // A computed relationship reads the function's rows for the parent row (cast: CTE rows are plain records).
      const child = fn && plan.table
        ? buildRead(embed.plan, `${qualified(fn.schema, fn.name)}(${a}::${qualified(plan.table.schema, plan.table.name)})`, [], undefined, values)
        : buildRead(embed.plan, qualified(embed.rel.target.schema, embed.rel.target.name), [joinCondition(embed.rel, plan.alias, embed.plan.alias)], undefined, values);
      const emptySelect = embed.plan.items.length === 0;
      if (embed.spread) {
        laterals.push(`LEFT JOIN LATERAL (${child.sql}) AS ${lat} ON TRUE`);
        for (const n of child.outputNames ?? []) {
          columns.push(`${lat}.${ident(n)} AS ${ident(n)}`);
          groupBy.push(`${lat}.${ident(n)}`);
          outputNames?.push(n);
        }
        if (embed.inner) where.push(`EXISTS (SELECT 1 FROM (${child.sql}) AS pgrst_x)`);
        continue;
      }
      const agg = embed.toOne ? 'row_to_json(pgrst_row)' : 'json_agg(pgrst_row)';
      laterals.push(`LEFT JOIN LATERAL (SELECT ${agg} AS body FROM (${child.sql}) AS pgrst_row) AS ${lat} ON TRUE`);
      if (!emptySelect) {
        columns.push(embed.toOne ? `${lat}.body AS ${ident(embed.key)}` : `COALESCE(${lat}.body, '[]') AS ${ident(embed.key)}`);
        outputNames?.push(embed.key);
      }
      if (embed.inner) where.push(`${lat}.body IS NOT NULL`);
    }
  }
  for (const c of plan.conditions) where.push(conditionSql(plan, c, values));
  const order = plan.order.map(({ term, embed }) => {
    let expr: string;
    if (embed) {
      const childAlias = `${embed.plan.alias}_order`;
      expr = `(SELECT ${fieldSql(childAlias, term.field)} FROM ${qualified(embed.rel.target.schema, embed.rel.target.name)} AS ${ident(childAlias)} WHERE ${joinCondition(embed.rel, plan.alias, childAlias)} LIMIT 1)`;
    } else {
      expr = fieldSql(plan.alias, term.field);
    }
    return `${expr}${term.dir ? ` ${term.dir.toUpperCase()}` : ''}${term.nulls ? ` NULLS ${term.nulls.toUpperCase()}` : ''}`;
  });
  const from = `FROM ${source} AS ${a}${laterals.length ? ' ' + laterals.join(' ') : ''}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  let limit = plan.limit;
  if (maxRows != null) limit = limit === undefined ? maxRows : Math.min(limit, maxRows);
  const group = aggregated && groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : '';
  const sql = `SELECT ${columns.join(', ')} ${from}${group}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}${
    limit !== undefined ? ` LIMIT ${values.count(limit)}` : ''}${plan.offset ? ` OFFSET ${values.count(plan.offset)}` : ''}`;
  return { sql, explainCountSql: `EXPLAIN (FORMAT JSON) SELECT 1 ${from}${group}`, countSql: aggregated ? `SELECT count(*) FROM (SELECT 1 ${from}${group}) AS pgrst_groups` : `SELECT count(*) ${from}`, outputNames };
}
