// The schema cache: tables, columns, keys, relationships and functions of the exposed schemas,
// read from pg_catalog once and again on `NOTIFY pgrst, 'reload schema'` (or a cache miss).
import type { Pool } from 'pg';

export interface Column { name: string; type: string; notNull: boolean; hasDefault: boolean; defaultExpr?: string | null }
export interface Table {
  schema: string; name: string; kind: string;
  columns: Map<string, Column>; primaryKey: string[]; uniqueKeys: string[][];
}
export interface ForeignKey {
  name: string;
  fromSchema: string; fromTable: string; fromColumns: string[];
  toSchema: string; toTable: string; toColumns: string[];
  /** Copied from a table's key onto a view: found by the view's name only, not by column or key name. */
  throughView?: boolean;
}
export interface FunctionArg { name: string; type: string; mode: string; hasDefault: boolean; rowOf?: { schema: string; name: string } }
export interface DbFunction {
  schema: string; name: string; args: FunctionArg[];
  returnsSet: boolean; returnType: string; returnKind: 'scalar' | 'composite' | 'void' | 'record';
  returnTable?: { schema: string; name: string }; volatility: 'i' | 's' | 'v';
}

export interface SchemaCache {
  tables: Map<string, Table>; // key "schema.name"
  foreignKeys: ForeignKey[];
  functions: Map<string, DbFunction[]>; // key "schema.name"
  settings: RestSettings;
  loadedAt: number;
}

/**
 * PostgREST's in-database configuration, as Supabase documents it
 * (`alter role authenticator set pgrst.db_aggregates_enabled = 'true'; notify pgrst, 'reload config'`).
 * Both are off on Supabase unless a project turns them on.
 */
export interface RestSettings { aggregatesEnabled: boolean; planEnabled: boolean; openapiMode: OpenApiMode }

/** pgrst.openapi_mode: whose view the document at the root shows (PostgREST's default: the caller's). */
export type OpenApiMode = 'follow-privileges' | 'ignore-privileges' | 'disabled';
const openApiModeOf = (v: string | undefined): OpenApiMode =>
  v === 'ignore-privileges' || v === 'disabled' ? v : 'follow-privileges';

const SETTINGS_SQL = `
select split_part(c, '=', 1) as key, substr(c, strpos(c, '=') + 1) as value
from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) c
where r.rolname = 'authenticator' and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
  and c like 'pgrst.%'`;

const truthy = (v: string | undefined) => v !== undefined && ['true', 'on', '1', 'yes'].includes(v.toLowerCase());

/** View columns that are plain copies of a table column, so the table's foreign keys also relate the view. */
const VIEW_COLUMNS_SQL = `
select v.view_schema, v.view_name, v.table_schema, v.table_name, v.column_name
from information_schema.view_column_usage v
join information_schema.columns c on c.table_schema = v.view_schema and c.table_name = v.view_name and c.column_name = v.column_name
where v.view_schema = any($1::text[])`;

export const tableKey = (schema: string, name: string) => `${schema}.${name}`;

const TABLES_SQL = `
select n.nspname as schema, c.relname as name, c.relkind::text as kind,
  coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
      'notNull', a.attnotnull, 'hasDefault', a.atthasdef or a.attidentity <> '' or a.attgenerated <> '',
      'defaultExpr', case when a.attgenerated = '' then coalesce(
        (select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d where d.adrelid = a.attrelid and d.adnum = a.attnum),
        case when a.attidentity = 'd' then format('nextval(%L::regclass)', pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)) end) end)
      order by a.attnum)
    from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
  coalesce((select json_agg(json_build_object('type', k.contype,
      'columns', (select json_agg(a.attname order by u.o) from unnest(k.conkey) with ordinality u(n, o)
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n)))
    from pg_constraint k where k.conrelid = c.oid and k.contype in ('p', 'u')), '[]') as keys
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'v', 'm', 'f', 'p') and n.nspname = any($1::text[])`;

const FKS_SQL = `
select k.conname as name, fn.nspname as from_schema, fc.relname as from_table,
  (select json_agg(a.attname order by u.o) from unnest(k.conkey) with ordinality u(n, o)
     join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) as from_columns,
  tn.nspname as to_schema, tc.relname as to_table,
  (select json_agg(a.attname order by u.o) from unnest(k.confkey) with ordinality u(n, o)
     join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n) as to_columns
from pg_constraint k
join pg_class fc on fc.oid = k.conrelid join pg_namespace fn on fn.oid = fc.relnamespace
join pg_class tc on tc.oid = k.confrelid join pg_namespace tn on tn.oid = tc.relnamespace
where k.contype = 'f' and (fn.nspname = any($1::text[]) or tn.nspname = any($1::text[]))`;

const FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, p.proretset as returns_set, p.provolatile::text as volatility,
  format_type(p.prorettype, null) as return_type, t.typtype::text as return_typtype,
  rn.nspname as return_table_schema, rc.relname as return_table_name, p.pronargdefaults as n_defaults,
  coalesce((select json_agg(json_build_object('name', coalesce(p.proargnames[k.o], ''), 'type', format_type(k.t, null),
      'mode', coalesce(p.proargmodes[k.o]::text, 'i'), 'relSchema', an.nspname, 'relName', ac.relname) order by k.o)
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality k(t, o)
    left join pg_type at on at.oid = k.t left join pg_class ac on ac.oid = at.typrelid and ac.relkind in ('r', 'v', 'm', 'f', 'p')
    left join pg_namespace an on an.oid = ac.relnamespace), '[]') as args
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
join pg_type t on t.oid = p.prorettype
left join pg_class rc on rc.oid = t.typrelid left join pg_namespace rn on rn.oid = rc.relnamespace
where n.nspname = any($1::text[]) and p.prokind in ('f', 'p')
order by p.oid`; // overloads in creation order, as PGRST203 lists them

export async function loadSchemaCache(pool: Pool, schemas: string[]): Promise<SchemaCache> {
  const [tablesRes, fksRes, fnRes, settingsRes, viewRes] = await Promise.all([
    pool.query(TABLES_SQL, [schemas]),
    pool.query(FKS_SQL, [schemas]),
    pool.query(FUNCTIONS_SQL, [schemas]),
    pool.query(SETTINGS_SQL),
    pool.query(VIEW_COLUMNS_SQL, [schemas]),
  ]);
  const pgrst = new Map<string, string>(settingsRes.rows.map((r) => [r.key, r.value]));
  const settings: RestSettings = {
    aggregatesEnabled: truthy(pgrst.get('pgrst.db_aggregates_enabled')),
    planEnabled: truthy(pgrst.get('pgrst.db_plan_enabled')),
    openapiMode: openApiModeOf(pgrst.get('pgrst.openapi_mode')),
  };
  const tables = new Map<string, Table>();
  for (const row of tablesRes.rows) {
    const keys: { type: string; columns: string[] }[] = row.keys;
    tables.set(tableKey(row.schema, row.name), {
      schema: row.schema, name: row.name, kind: row.kind,
      columns: new Map((row.columns as Column[]).map((c) => [c.name, c])),
      primaryKey: keys.find((k) => k.type === 'p')?.columns ?? [],
      uniqueKeys: keys.map((k) => k.columns),
    });
  }
  const foreignKeys: ForeignKey[] = fksRes.rows.map((r) => ({
    name: r.name, fromSchema: r.from_schema, fromTable: r.from_table, fromColumns: r.from_columns,
    toSchema: r.to_schema, toTable: r.to_table, toColumns: r.to_columns,
  }));
  const functions = new Map<string, DbFunction[]>();
  for (const r of fnRes.rows) {
    const inputs = (r.args as any[]).filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
    const outputs = (r.args as any[]).filter((a) => a.mode === 'o' || a.mode === 'b' || a.mode === 't');
    const firstDefault = inputs.length - r.n_defaults;
    const fn: DbFunction = {
      schema: r.schema, name: r.name, returnsSet: r.returns_set, returnType: r.return_type,
      volatility: r.volatility,
      args: inputs.map((a, i) => ({ name: a.name, type: a.type, mode: a.mode, hasDefault: i >= firstDefault,
        ...(a.relName ? { rowOf: { schema: a.relSchema, name: a.relName } } : {}) })),
      returnKind: r.return_type === 'void' ? 'void'
        : r.return_typtype === 'c' ? 'composite'
        : r.return_type === 'record' || outputs.length > 1 ? 'record' : 'scalar',
      returnTable: r.return_table_name ? { schema: r.return_table_schema, name: r.return_table_name } : undefined,
    };
    const key = tableKey(r.schema, r.name);
    functions.set(key, [...(functions.get(key) ?? []), fn]);
  }
  foreignKeys.push(...viewForeignKeys(foreignKeys, viewRes.rows));
  return { tables, foreignKeys, functions, settings, loadedAt: Date.now() };
}

/** Copies each foreign key onto the views that expose all of its columns on one side (or both). */
function viewForeignKeys(fks: ForeignKey[], rows: { view_schema: string; view_name: string; table_schema: string; table_name: string; column_name: string }[]): ForeignKey[] {
  const views = new Map<string, { schema: string; name: string; table: string; columns: Set<string> }>();
  for (const r of rows) {
    const key = `${r.view_schema}.${r.view_name}>${r.table_schema}.${r.table_name}`;
    const v = views.get(key) ?? { schema: r.view_schema, name: r.view_name, table: `${r.table_schema}.${r.table_name}`, columns: new Set<string>() };
    v.columns.add(r.column_name);
    views.set(key, v);
  }
  const out: ForeignKey[] = [];
  const covers = (v: { columns: Set<string> }, cols: string[]) => cols.every((c) => v.columns.has(c));
  for (const fk of fks) {
    const fromViews = [...views.values()].filter((v) => v.table === `${fk.fromSchema}.${fk.fromTable}` && covers(v, fk.fromColumns));
    const toViews = [...views.values()].filter((v) => v.table === `${fk.toSchema}.${fk.toTable}` && covers(v, fk.toColumns));
    for (const v of fromViews) out.push({ ...fk, throughView: true, fromSchema: v.schema, fromTable: v.name });
    for (const v of toViews) out.push({ ...fk, throughView: true, toSchema: v.schema, toTable: v.name });
    for (const f of fromViews) for (const t of toViews) out.push({ ...fk, throughView: true, fromSchema: f.schema, fromTable: f.name, toSchema: t.schema, toTable: t.name });
  }
  return out;
}
