-- Every table, view and column of the exposed schema, and every exposed function, carries a non-empty
-- COMMENT: Supabase Studio shows them, PostgREST's OpenAPI publishes them and `supabase gen types`
-- copies them into admin/src/types/database.ts (issue 15 §3). A failure lists what lacks one.
begin;
select plan(5);

-- The exposed schema's relations (tables, views, materialized views, foreign and partitioned tables)
-- and functions, leaving out what an extension created.
create function pg_temp.uncommented_relations() returns setof text language sql stable as $$
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'f', 'p')
    and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    and coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = ''
$$;
create function pg_temp.uncommented_columns() returns setof text language sql stable as $$
  select format('%I.%I.%I', n.nspname, c.relname, a.attname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'f', 'p')
    and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    and coalesce(btrim(col_description(c.oid, a.attnum)), '') = ''
$$;
create function pg_temp.uncommented_functions() returns setof text language sql stable as $$
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public'
    and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    and coalesce(btrim(obj_description(p.oid, 'pg_proc')), '') = ''
$$;

select is(array(select pg_temp.uncommented_relations() order by 1), '{}'::text[],
  'every public table and view has a comment');
select is(array(select pg_temp.uncommented_columns() order by 1), '{}'::text[],
  'every column of every public table and view has a comment');
-- Every exposed function (the invoker wrappers included) has a comment.
select is(array(select pg_temp.uncommented_functions() order by 1), '{}'::text[],
  'every exposed function has a comment');

-- The checks can fail: an uncommented table, column and function (rolled back) are each caught,
-- and a blank comment counts as none.
create table public.comments_probe (id int primary key, note text);
comment on table public.comments_probe is ' ';
comment on column public.comments_probe.id is 'commented';
create function public.comments_probe_fn() returns int language sql as $$ select 1 $$;
select is(array(select x from pg_temp.uncommented_relations() x where x like '%comments_probe%'
                union all select x from pg_temp.uncommented_columns() x where x like '%comments_probe%' order by 1),
  array['public.comments_probe', 'public.comments_probe.note'],
  'a blank table comment and an uncommented column are caught');
select is(array(select x from pg_temp.uncommented_functions() x where x like '%comments_probe%'),
  array['comments_probe_fn()'], 'an uncommented function is caught');

select * from finish();
rollback;
