// migra treats a changed generation expression as a changed default and writes
// `alter column … set default (…)`, which PostgreSQL refuses ("is a generated column"); PostgreSQL
// 15 cannot alter the expression either. The column is dropped and added again (its values are
// computed from the row, so nothing is lost; its grants and comment come back in the catalog step).
import type pg from 'pg';
import { type Finding } from './finding.ts';

const SET_DEFAULT = /^alter table ("[^"]+"\."[^"]+") alter column ("(?:[^"]|"")+") set default /i;

const GENERATED_COLUMN = `
select format('%s %s generated always as (%s) stored%s', quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
              pg_get_expr(d.adbin, d.adrelid), case when a.attnotnull then ' not null' else '' end) as definition
  from pg_attribute a join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where a.attrelid = to_regclass($1) and a.attname = $2 and a.attgenerated = 's'`;

/** migra's statements with each `set default` on a generated column of the schema files' side made a drop and add. */
export async function generatedColumns(toDb: pg.Client, statements: Finding[]): Promise<Finding[]> {
  const fixed: Finding[] = [];
  for (const f of statements) {
    const m = SET_DEFAULT.exec(f.sql);
    const column = m && (await toDb.query<{ definition: string }>(GENERATED_COLUMN, [m[1], m[2].slice(1, -1).replace(/""/g, '"')])).rows[0];
    if (!m || !column) { fixed.push(f); continue; }
    fixed.push({
      area: 'structure',
      what: `column ${m[2]} of ${m[1]}: generation expression differs`.replace(/"/g, ''),
      sql: `alter table ${m[1]} drop column ${m[2]};\nalter table ${m[1]} add column ${column.definition};`,
    });
  }
  return fixed;
}
