// Who owns each object (migra does not compare owners): a SECURITY DEFINER function runs as its
// owner, and only an owner may alter or drop, so an owner is part of who may do what.
import type pg from 'pg';
import { type Comparison, type Finding, SKIPPED_SCHEMAS } from './finding.ts';

interface Owned { key: string; describe: string; alter: string; owner: string }

const OWNERS = `
with objs as (
  select 'pg_class'::regclass as classid, c.oid as objid, n.nspname, c.relowner as owner,
         case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                        when 'f' then 'foreign table' else 'table' end as keyword
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  union all
  select 'pg_proc'::regclass, p.oid, n.nspname, p.proowner, 'routine'
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  union all
  select 'pg_namespace'::regclass, n.oid, n.nspname, n.nspowner, 'schema' from pg_namespace n
  union all
  select 'pg_type'::regclass, t.oid, n.nspname, t.typowner, case t.typtype when 'd' then 'domain' else 'type' end
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
   where t.typtype in ('d', 'e', 'r', 'm') or (t.typtype = 'c' and (select relkind from pg_class where oid = t.typrelid) = 'c')
)
select pg_describe_object(o.classid, o.objid, 0) as describe,
       o.keyword || ' ' || case when o.classid = 'pg_proc'::regclass then o.objid::regprocedure::text
                                else (pg_identify_object(o.classid, o.objid, 0)).identity end as alter,
       quote_ident(pg_get_userbyid(o.owner)) as owner
  from objs o
 where not (o.nspname = any ($1::text[])) and o.nspname not like 'pg\\_temp%' and o.nspname not like 'pg\\_toast%'
   and not exists (select from pg_depend d where d.objid = o.objid and d.classid = o.classid and d.deptype in ('e', 'i', 'a'))`;

async function owners(db: pg.Client): Promise<Map<string, Owned>> {
  const { rows } = await db.query<Owned>(OWNERS, [SKIPPED_SCHEMAS]);
  return new Map(rows.map((r) => [r.alter, r]));
}

/** Objects both sides have with different owners (a missing object is a structure difference). */
export const compareOwners: Comparison = async (fromDb, toDb) => {
  const [from, to] = await Promise.all([owners(fromDb), owners(toDb)]);
  const findings: Finding[] = [];
  for (const [key, now] of to) {
    const was = from.get(key);
    if (!was || was.owner === now.owner) continue;
    findings.push({ area: 'privileges', what: `${now.describe}: owned by ${was.owner} in the migrations, ${now.owner} in the schema files`, sql: `alter ${now.alter} owner to ${now.owner};` });
  }
  return findings;
};
