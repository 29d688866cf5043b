// Rows that are part of the schema (error catalogue, countries, reason codes...): the tables listed
// in supabase/schemas/reference_data.txt, compared row by row on their primary key (or a unique key).
import type pg from 'pg';
import { DevstackError } from '../errors.ts';
import { type Finding, sqlLiteral } from './finding.ts';

interface Column { name: string; quoted: string; volatile: boolean }
type Row = (string | null)[];

// A default that differs on every build (a timestamp, a random uuid, a sequence) makes a column
// bookkeeping, not reference data: not compared, and left to its default on insert.
const VOLATILE_DEFAULT = String.raw`(now|current_timestamp|clock_timestamp|statement_timestamp|transaction_timestamp|localtimestamp|gen_random_uuid|uuid_generate_v[14]|random|nextval)\M`;

async function columnsOf(db: pg.Client, table: string): Promise<Column[] | null> {
  const { rows } = await db.query<Column>(`
    select a.attname as name, quote_ident(a.attname) as quoted,
           a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) ~* $2, false) as volatile
      from pg_attribute a
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     order by a.attnum`, [table, VOLATILE_DEFAULT]);
  return rows.length ? rows : null;
}

/** The primary key, else the first plain unique key, without volatile columns; else every stable column. */
async function keyOf(db: pg.Client, table: string, columns: Column[]): Promise<Column[]> {
  const { rows } = await db.query<{ cols: string[] }>(`
    select array(select a.attname from unnest(i.indkey::int2[]) with ordinality k(num, pos)
                   join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.num order by k.pos)::text[] as cols
      from pg_index i
     where i.indrelid = to_regclass($1) and i.indisunique and i.indexprs is null and i.indpred is null
     order by i.indisprimary desc, i.indexrelid`, [table]);
  const stable = columns.filter((c) => !c.volatile);
  for (const { cols } of rows) {
    const key = cols.map((n) => stable.find((c) => c.name === n));
    if (key.every(Boolean)) return key as Column[];
  }
  return stable;
}

/** Every row as text values, keyed by its primary key (all columns where the table has none). */
async function rowsOf(db: pg.Client, table: string, columns: Column[], keyCols: Column[]): Promise<Map<string, Row>> {
  const list = columns.map((c) => `${c.quoted}::text`).join(', ');
  const { rows } = await db.query({ text: `select ${list} from ${table} order by ${keyCols.map((c) => c.quoted).join(', ')}`, rowMode: 'array' });
  const keyIdx = keyCols.map((k) => columns.indexOf(k));
  return new Map((rows as Row[]).map((r) => [JSON.stringify(keyIdx.map((i) => r[i])), r]));
}

const where = (keyCols: Column[], columns: Column[], row: Row) =>
  keyCols.map((k) => { const v = row[columns.indexOf(k)]; return v === null ? `${k.quoted} is null` : `${k.quoted} = ${sqlLiteral(v)}`; }).join(' and ');

const keyText = (keyCols: Column[], columns: Column[], row: Row) =>
  `(${keyCols.map((k) => k.name).join(', ')}) = (${keyCols.map((k) => row[columns.indexOf(k)] ?? 'null').join(', ')})`;

/** One table's row differences: deletes, updates and inserts, in that order. */
export async function compareTable(fromDb: pg.Client, toDb: pg.Client, table: string): Promise<{ deletes: Finding[]; changes: Finding[] }> {
  const toColumns = await columnsOf(toDb, table);
  if (!toColumns) throw new DevstackError(`reference_data.txt lists ${table}, which the schema files do not create`, 'fix the name or remove the line');
  const fromColumns = await columnsOf(fromDb, table);
  // A table or column missing on one side is a structure difference, reported by migra: rows are
  // compared on the columns both sides have.
  if (!fromColumns) return { deletes: [], changes: [] };
  const columns = toColumns.filter((c) => !c.volatile && fromColumns.some((f) => f.name === c.name));
  const keyCols = await keyOf(toDb, table, columns);
  const isKey = (c: Column) => keyCols.includes(c);
  const [from, to] = await Promise.all([rowsOf(fromDb, table, columns, keyCols), rowsOf(toDb, table, columns, keyCols)]);
  const deletes: Finding[] = [];
  const changes: Finding[] = [];
  for (const [key, row] of from) {
    if (!to.has(key)) deletes.push({ area: 'reference data', what: `${table} row ${keyText(keyCols, columns, row)} only in the migrations`, sql: `delete from ${table} where ${where(keyCols, columns, row)};` });
  }
  for (const [key, row] of to) {
    const was = from.get(key);
    if (!was) {
      changes.push({
        area: 'reference data', what: `${table} row ${keyText(keyCols, columns, row)} only in the schema files`,
        sql: `insert into ${table} (${columns.map((c) => c.quoted).join(', ')}) values (${row.map(sqlLiteral).join(', ')});`,
      });
      continue;
    }
    const changed = columns.filter((c, i) => !isKey(c) && was[i] !== row[i]);
    if (!changed.length) continue;
    changes.push({
      area: 'reference data', what: `${table} row ${keyText(keyCols, columns, row)}: ${changed.map((c) => c.name).join(', ')} ${changed.length > 1 ? 'differ' : 'differs'}`,
      sql: `update ${table} set ${changed.map((c) => `${c.quoted} = ${sqlLiteral(row[columns.indexOf(c)])}`).join(', ')} where ${where(keyCols, columns, row)};`,
    });
  }
  return { deletes, changes };
}

/** The listed tables' differences: deletes in reverse list order (children first), then updates and inserts in list order. */
export async function compareReferenceData(fromDb: pg.Client, toDb: pg.Client, tables: string[]): Promise<Finding[]> {
  const perTable = [];
  for (const table of tables) perTable.push(await compareTable(fromDb, toDb, table));
  return [...perTable.slice().reverse().flatMap((t) => t.deletes), ...perTable.flatMap((t) => t.changes)];
}
