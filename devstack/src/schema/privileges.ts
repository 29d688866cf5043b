// Privileges from the catalog (migra sees only table-level grants): tables, views and sequences,
// column grants, EXECUTE on functions, USAGE on schemas and types, and default privileges.
import type pg from 'pg';
import { type Comparison, type Finding, SKIPPED_SCHEMAS } from './finding.ts';

interface Grant {
  /** pg_describe_object's text, for the report */
  describe: string;
  /** `on … <object>` part of a grant statement, e.g. `table public.t`, `routine private.f(uuid)` */
  target: string;
  /** column name (quoted) for a column grant */
  column: string | null;
  grantee: string;
  privilege: string;
  grantable: boolean;
}

// A null ACL means the built-in default (acldefault); columns have no default.
const OBJECT_GRANTS = `
with objs as (
  select 'pg_class'::regclass as classid, c.oid as objid, 0 as subid, n.nspname,
         case c.relkind when 'S' then 'sequence' else 'table' end as keyword, null::name as col,
         coalesce(c.relacl, acldefault((case c.relkind when 'S' then 's' else 'r' end)::"char", c.relowner)) as acl
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  union all
  select 'pg_class'::regclass, a.attrelid, a.attnum, n.nspname, 'table', a.attname, a.attacl
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
   where a.attacl is not null and a.attnum > 0 and not a.attisdropped
  union all
  select 'pg_proc'::regclass, p.oid, 0, n.nspname, 'routine', null, coalesce(p.proacl, acldefault('f'::"char", p.proowner))
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  union all
  select 'pg_namespace'::regclass, n.oid, 0, n.nspname, 'schema', null, coalesce(n.nspacl, acldefault('n'::"char", n.nspowner))
    from pg_namespace n
  union all
  select 'pg_type'::regclass, t.oid, 0, n.nspname, 'type', null, coalesce(t.typacl, acldefault('T'::"char", t.typowner))
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
   where t.typtype in ('d', 'e', 'r', 'm') or (t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c')
)
select pg_describe_object(o.classid, o.objid, o.subid) as describe,
       o.keyword || ' ' || case when o.classid = 'pg_proc'::regclass then o.objid::regprocedure::text
                                else (pg_identify_object(o.classid, o.objid, 0)).identity end as target,
       quote_ident(o.col) as column,
       case when x.grantee = 0 then 'public' else quote_ident(r.rolname) end as grantee,
       x.privilege_type as privilege, x.is_grantable as grantable
  from objs o
  cross join lateral aclexplode(o.acl) x
  left join pg_roles r on r.oid = x.grantee
 where not (o.nspname = any ($1::text[])) and o.nspname not like 'pg\\_temp%' and o.nspname not like 'pg\\_toast%'
   and not exists (select from pg_depend d where d.objid = o.objid and d.classid = o.classid and d.deptype = 'e')`;

// Default privileges: a role's global entry replaces the built-in default, a schema's entry adds to it.
const DEFAULT_GRANTS = `
with kinds(objtype, keyword) as (values ('r', 'tables'), ('S', 'sequences'), ('f', 'functions'), ('T', 'types'), ('n', 'schemas')),
global as (
  select r.oid as role, null::oid as nsp, k.objtype, k.keyword,
         coalesce(d.defaclacl, acldefault(k.objtype::"char", r.oid)) as acl
    from pg_roles r cross join kinds k
    left join pg_default_acl d on d.defaclrole = r.oid and d.defaclnamespace = 0 and d.defaclobjtype = k.objtype::"char"
   where r.rolname !~ '^pg_'
),
per_schema as (
  select d.defaclrole, d.defaclnamespace, d.defaclobjtype::text, k.keyword, d.defaclacl
    from pg_default_acl d join kinds k on k.objtype = d.defaclobjtype::text
   where d.defaclnamespace <> 0
)
select 'default privileges of ' || quote_ident(pg_get_userbyid(e.role)) || coalesce(' in schema ' || quote_ident(n.nspname), '') || ' on ' || e.keyword as describe,
       'for role ' || quote_ident(pg_get_userbyid(e.role)) || coalesce(' in schema ' || quote_ident(n.nspname), '') || '|' || e.keyword as target,
       null as column,
       case when x.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(x.grantee)) end as grantee,
       x.privilege_type as privilege, x.is_grantable as grantable
  from (select * from global union all select * from per_schema) e
  left join pg_namespace n on n.oid = e.nsp
  cross join lateral aclexplode(e.acl) x`;

const keyOf = (g: Grant) => [g.target, g.column ?? '', g.grantee, g.privilege, g.grantable].join('|');

async function grants(db: pg.Client): Promise<{ objects: Map<string, Grant>; defaults: Map<string, Grant> }> {
  const objects = await db.query<Grant>(OBJECT_GRANTS, [SKIPPED_SCHEMAS]);
  const defaults = await db.query<Grant>(DEFAULT_GRANTS);
  return {
    objects: new Map(objects.rows.map((g) => [keyOf(g), g])),
    defaults: new Map(defaults.rows.map((g) => [keyOf(g), g])),
  };
}

function objectStatement(g: Grant, give: boolean): string {
  const what = g.column ? `${g.privilege.toLowerCase()} (${g.column})` : g.privilege.toLowerCase();
  return give
    ? `grant ${what} on ${g.target} to ${g.grantee}${g.grantable ? ' with grant option' : ''};`
    : `revoke ${g.grantable ? 'grant option for ' : ''}${what} on ${g.target} from ${g.grantee};`;
}

function defaultStatement(g: Grant, give: boolean): string {
  const [scope, keyword] = g.target.split('|');
  return give
    ? `alter default privileges ${scope} grant ${g.privilege.toLowerCase()} on ${keyword} to ${g.grantee}${g.grantable ? ' with grant option' : ''};`
    : `alter default privileges ${scope} revoke ${g.privilege.toLowerCase()} on ${keyword} from ${g.grantee};`;
}

function compare(from: Map<string, Grant>, to: Map<string, Grant>, statement: (g: Grant, give: boolean) => string): Finding[] {
  const describe = (g: Grant) => `${g.describe}: ${g.privilege.toLowerCase()} to ${g.grantee}${g.grantable ? ' with grant option' : ''}`;
  // Revokes first: a changed grant option is a revoke then a grant.
  const revokes = [...from.entries()].filter(([k]) => !to.has(k))
    .map(([, g]): Finding => ({ area: 'privileges', what: `${describe(g)} — granted by the migrations only`, sql: statement(g, false) }));
  const gives = [...to.entries()].filter(([k]) => !from.has(k))
    .map(([, g]): Finding => ({ area: 'privileges', what: `${describe(g)} — granted by the schema files only`, sql: statement(g, true) }));
  return [...revokes, ...gives, ...regrantColumns(from, to, statement)];
}

/**
 * Revoking a table privilege revokes it on every column too: the column grants that should stay
 * are granted again after it (hidden from the report: nothing differs there).
 */
function regrantColumns(from: Map<string, Grant>, to: Map<string, Grant>, statement: (g: Grant, give: boolean) => string): Finding[] {
  const revoked = [...from.entries()].filter(([k, g]) => !to.has(k) && !g.column).map(([, g]) => g);
  return [...to.entries()]
    .filter(([k, g]) => from.has(k) && g.column && revoked.some((r) => r.target === g.target && r.grantee === g.grantee && r.privilege === g.privilege))
    .map(([, g]): Finding => ({ area: 'privileges', what: '', sql: statement(g, true) }));
}

export const comparePrivileges: Comparison = async (fromDb, toDb) => {
  const [from, to] = await Promise.all([grants(fromDb), grants(toDb)]);
  return [...compare(from.defaults, to.defaults, defaultStatement), ...compare(from.objects, to.objects, objectStatement)];
};
