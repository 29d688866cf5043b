-- Staff arms live in `to hq_staff` policies, never in `to authenticated` ones (docs/rls-performance.md):
-- a tenant user's plans then carry only the tenant arms and can read a tenant's rows by index.
-- The rule for new tables: the tenant arm `to authenticated`, the staff/impersonation arms in a
-- second policy `to hq_staff` (hq_staff is a member of authenticated, so staff get both).
begin;
select plan(8);

create function pg_temp.staff_arms_for_tenant_roles() returns setof text language sql stable as $$
  select format('%I.%I: %s', p.schemaname, p.tablename, p.policyname)
  from pg_policies p
  where p.schemaname not in ('pg_catalog', 'information_schema', 'tests')
    and p.roles && array['public', 'anon', 'authenticated']::name[]
    and coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '')
        ~* '(has_permission|impersonated_tenant_ids|current_staff_role|assert_permission)\('
$$;

select is(array(select pg_temp.staff_arms_for_tenant_roles() order by 1), '{}'::text[],
  'no policy for authenticated (or anon, public) has a staff arm');

select ok(exists (select from pg_roles where rolname = 'hq_staff' and rolinherit and not rolcanlogin),
  'hq_staff is a NOLOGIN role that inherits');
select ok(pg_has_role('hq_staff', 'authenticated', 'usage'), 'hq_staff has the privileges (and policies) of authenticated');
select ok(pg_has_role('authenticator', 'hq_staff', 'member'), 'PostgREST''s authenticator can switch to hq_staff');

-- A tenant user's statement carries no staff policy; a staff member's does.
select tests.create_user('owner@rls-roles.test') as tenant_user \gset
select tests.create_staff('root@rls-roles.test', 'super_admin') as root \gset
create function pg_temp.plan_of(q text) returns text language plpgsql as $$
declare line text; plan text := '';
begin
  for line in execute 'explain (verbose) ' || q loop plan := plan || line || E'\n'; end loop;
  return plan;
end $$;
select tests.authenticate_as(:'tenant_user');
select is(current_user::text, 'authenticated', 'a tenant user acts as authenticated');
select unalike(pg_temp.plan_of('select * from public.tenant_status_history order by id desc limit 50'), '%has_permission%',
  'a tenant user''s list carries no staff arm');
select tests.authenticate_as(:'root', 'aal2');
select alike(pg_temp.plan_of('select * from public.tenant_status_history order by id desc limit 50'), '%has_permission%',
  'a staff member''s list carries the staff arm');
select tests.clear_authentication();

-- The check can fail: a planted `to authenticated` policy with a staff arm (rolled back) is caught.
create policy rls_roles_probe on public.tenant_status_history for select to authenticated
  using ((select private.has_permission('tenants.read')));
select is(array(select x from pg_temp.staff_arms_for_tenant_roles() x where x like '%rls_roles_probe%'),
  array['public.tenant_status_history: rls_roles_probe'], 'a staff arm in a policy for authenticated is caught');

select * from finish();
rollback;
