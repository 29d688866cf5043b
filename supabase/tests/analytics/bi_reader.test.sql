-- The BI role: analytics_reader (NOLOGIN) reads every view of the `analytics` schema and nothing
-- else — no table or view in any other schema of the project, no function, no write.
begin;
select plan(7);

select is((select rolcanlogin from pg_roles where rolname = 'analytics_reader'), false, 'analytics_reader cannot log in itself');

select is(array(
  select c.oid::regclass::text from pg_class c
  where c.relnamespace = 'analytics'::regnamespace and c.relkind in ('v', 'r', 'm')
    and not has_table_privilege('analytics_reader', c.oid, 'select')
  order by 1), '{}'::text[], 'it may select every analytics view');

select is(array(
  select c.oid::regclass::text || ' ' || p.priv from pg_class c
  cross join unnest(array['insert', 'update', 'delete', 'truncate']) p(priv)
  where c.relnamespace = 'analytics'::regnamespace and has_table_privilege('analytics_reader', c.oid, p.priv)
  order by 1), '{}'::text[], 'and write none');

select is(array(
  select c.oid::regclass::text from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  -- cron: pg_cron grants SELECT on its tables to PUBLIC and row security shows a role its own jobs only (none)
  where n.nspname not in ('analytics', 'pg_catalog', 'information_schema', 'cron') and n.nspname !~ '^pg_(toast|temp)'
    and c.relkind in ('r', 'v', 'm', 'p', 'f')
    and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    and has_table_privilege('analytics_reader', c.oid, 'select')
  order by 1), '{}'::text[], 'no table or view outside the analytics schema is readable');

select is(array(
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace, 'audit'::regnamespace)
    and has_function_privilege('analytics_reader', p.oid, 'execute')
    and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  order by 1), '{}'::text[], 'no project function is callable');

set local role analytics_reader;
select count(*) as n from analytics.tenants \gset
select tests.error_of('select count(*) from public.tenants', '{sqlstate}') as denied \gset
reset role;
select is(:n::int, (select count(*)::int from public.tenants), 'acting as the role, a view answers');
select is(:'denied'::text, '42501'::text, 'and the table behind it is refused');

select * from finish();
rollback;
