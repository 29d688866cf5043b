-- Policies stay in the index-friendly form (issue 15 §4, docs/rls-performance.md): helpers run once
-- per statement inside (select …), tenant ids are compared as tenant_id = any (array(select …)),
-- never as a per-row IN (select …) probe; each such tenant arm has its planner-visible companion
-- (`tenant_id = any (private.my_tenant_ids_array())`, or `…_with_role_array(…)`) so the planner
-- estimates the caller's own rows; and every tenant-scoped table can find a tenant's rows by an
-- index leading with tenant_id.
begin;
select plan(6);

create function pg_temp.in_subquery_policies() returns setof text language sql stable as $$
  select format('%I.%I: %s', p.schemaname, p.tablename, p.policyname)
  from pg_policies p
  where p.schemaname = 'public'
    and (coalesce(p.qual, '') ~* '\m(tenant_id|id)\s+IN\s*\(\s*SELECT'
         or coalesce(p.with_check, '') ~* '\m(tenant_id|id)\s+IN\s*\(\s*SELECT')
$$;
create function pg_temp.tenant_arms_without_companion() returns setof text language sql stable as $$
  select format('%I.%I: %s', p.schemaname, p.tablename, p.policyname)
  from pg_policies p
  where p.schemaname = 'public'
    and (   (p.qual ~ '\mtenant_id = ANY \(ARRAY\( SELECT private\.my_tenant_ids\(\)'
             and p.qual !~ '\mtenant_id = ANY \(private\.my_tenant_ids_array\(\)\)')
         or (p.qual ~ '\mtenant_id = ANY \(ARRAY\( SELECT private\.my_tenant_ids_with_role\('
             and p.qual !~ '\mtenant_id = ANY \(private\.my_tenant_ids_with_role_array\('))
$$;
create function pg_temp.tenant_tables_without_index() returns setof text language sql stable as $$
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
  where n.nspname = 'public' and c.relkind in ('r', 'p')
    and not exists (select from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum)
$$;

select is(array(select pg_temp.in_subquery_policies() order by 1), '{}'::text[],
  'no policy probes tenant ids with IN (SELECT …) per row');
select is(array(select pg_temp.tenant_arms_without_companion() order by 1), '{}'::text[],
  'every tenant arm (my_tenant_ids, my_tenant_ids_with_role) has its planner-visible array companion');
select is(array(select pg_temp.tenant_tables_without_index() order by 1), '{}'::text[],
  'every public table with a tenant_id has an index leading with it');

-- The checks can fail: planted offenders (rolled back) are caught.
create table public.rls_form_probe (id int primary key, tenant_id uuid not null);
alter table public.rls_form_probe enable row level security;
comment on table public.rls_form_probe is 'RLS form test probe (rolled back)';
create policy rls_form_probe_read on public.rls_form_probe for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()));
select is(array(select x from pg_temp.in_subquery_policies() x where x like '%rls_form_probe%'),
  array['public.rls_form_probe: rls_form_probe_read'], 'an IN (SELECT …) policy is caught');
create policy rls_form_probe_admins on public.rls_form_probe for update to authenticated
  using (tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner']))));
select is(array(select x from pg_temp.tenant_arms_without_companion() x where x like '%rls_form_probe%' order by 1),
  array['public.rls_form_probe: rls_form_probe_admins'], 'a tenant arm without its array companion is caught');
select is(array(select x from pg_temp.tenant_tables_without_index() x where x like '%rls_form_probe%'),
  array['public.rls_form_probe'], 'a tenant table without a tenant_id index is caught');

select * from finish();
rollback;
