// Rows that are part of the schema (error catalogue, countries, reason codes...): the tables listed
// in supabase/schemas/reference_data.txt, compared row by row on their primary key.
import type pg from 'pg';
import { DevstackError } from '../errors.ts';
import { type Finding, sqlLiteral } from './finding.ts';

interface Column { name: string; quoted: string; key: boolean; identityAlways: boolean }
type Row = (string | null)[];

async function columnsOf(db: pg.Client, table: string): Promise<Column[] | null> {
  const { rows } = await db.query<Column>(`
    select a.attname as name, quote_ident(a.attname) as quoted,
           coalesce(a.attnum = any (i.indkey), false) as key, a.attidentity = 'a' as "identityAlways"
      from pg_attribute a
      left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
     where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     order by a.attnum`, [table]);
  return rows.length ? rows : null;
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
  const columns = toColumns.filter((c) => fromColumns.some((f) => f.name === c.name));
  const keyCols = columns.some((c) => c.key) ? columns.filter((c) => c.key) : columns;
  const [from, to] = await Promise.all([rowsOf(fromDb, table, columns, keyCols), rowsOf(toDb, table, columns, keyCols)]);
  const deletes: Finding[] = [];
  const changes: Finding[] = [];
  for (const [key, row] of from) {
    if (!to.has(key)) deletes.push({ area: 'reference data', what: `${table} row ${keyText(keyCols, columns, row)} only in the migrations`, sql: `delete from ${table} where ${where(keyCols, columns, row)};` });
  }
  const overriding = columns.some((c) => c.identityAlways) ? ' overriding system value' : '';
  for (const [key, row] of to) {
    const was = from.get(key);
    if (!was) {
      changes.push({
        area: 'reference data', what: `${table} row ${keyText(keyCols, columns, row)} only in the schema files`,
        sql: `insert into ${table} (${columns.map((c) => c.quoted).join(', ')})${overriding} values (${row.map(sqlLiteral).join(', ')});`,
      });
      continue;
    }
    const changed = columns.filter((c, i) => !c.key && was[i] !== row[i]);
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
