-- The database linter's rules, checked with the project's own SQL.
-- Each assertion restates one rule of Supabase's database linter (splinter) from its public
-- documentation (https://supabase.com/docs/guides/database/database-linter): every ERROR and WARN
-- rule, plus unindexed foreign keys (INFO). A failure lists the offending objects ("have: ...").
-- Not checked here: unused_index, no_primary_key, rls_enabled_no_policy, table_bloat and the
-- pg_graphql exposure lints (INFO); auth_allow_anonymous_sign_ins, which concerns projects with
-- anonymous sign-ins enabled (supabase/config.toml keeps them off).
begin;
select plan(23);

-- The rules as SQL: tests.lint() in devstack/sql/test/60_lint.sql.

select is(array(select offender from tests.lint() where rule = '0002' order by 1), '{}'::text[],
  '0002 auth_users_exposed: no exposed view reveals auth.users to the API roles');
select is(array(select offender from tests.lint() where rule = '0003' order by 1), '{}'::text[],
  '0003 auth_rls_initplan: policies call auth functions as (select auth.fn())');
select is(array(select offender from tests.lint() where rule = '0006' order by 1), '{}'::text[],
  '0006 multiple_permissive_policies: one permissive policy per table, role and command');
select is(array(select offender from tests.lint() where rule = '0007' order by 1), '{}'::text[],
  '0007 policy_exists_rls_disabled: tables with policies have RLS enabled');
select is(array(select offender from tests.lint() where rule = '0009' order by 1), '{}'::text[],
  '0009 duplicate_index: no duplicate indexes');
select is(array(select offender from tests.lint() where rule = '0010' order by 1), '{}'::text[],
  '0010 security_definer_view: exposed views are security_invoker');
select is(array(select offender from tests.lint() where rule = '0011' order by 1), '{}'::text[],
  '0011 function_search_path_mutable: every function sets search_path');
select is(array(select offender from tests.lint() where rule = '0013' order by 1), '{}'::text[],
  '0013 rls_disabled_in_public: exposed tables have RLS enabled');
select is(array(select offender from tests.lint() where rule = '0014' order by 1), '{}'::text[],
  '0014 extension_in_public: no extension lives in public');
select is(array(select offender from tests.lint() where rule = '0015' order by 1), '{}'::text[],
  '0015 rls_references_user_metadata: no policy reads user_metadata');
select is(array(select offender from tests.lint() where rule = '0016' order by 1), '{}'::text[],
  '0016 materialized_view_in_api: no materialized view readable through the API');
select is(array(select offender from tests.lint() where rule = '0017' order by 1), '{}'::text[],
  '0017 foreign_table_in_api: no foreign table readable through the API');
select is(array(select offender from tests.lint() where rule = '0018' order by 1), '{}'::text[],
  '0018 unsupported_reg_types: no column of an unsupported reg* type');
select is(array(select offender from tests.lint() where rule = '0019' order by 1), '{}'::text[],
  '0019 insecure_queue_exposed_in_api: no queue exposed without RLS');
select is(array(select offender from tests.lint() where rule = '0021' order by 1), '{}'::text[],
  '0021 fkey_to_auth_unique: foreign keys into auth use its primary keys');
select is(array(select offender from tests.lint() where rule = '0022' order by 1), '{}'::text[],
  '0022 extension_versions_outdated: extensions are at their default version');
select is(array(select offender from tests.lint() where rule = '0023' order by 1), '{}'::text[],
  '0023 sensitive_columns_exposed: no sensitive column in a table without RLS');
select is(array(select offender from tests.lint() where rule = '0024' order by 1), '{}'::text[],
  '0024 permissive_rls_policy: no write policy is `true` for the API roles');
select is(array(select offender from tests.lint() where rule = '0025' order by 1), '{}'::text[],
  '0025 public_bucket_allows_listing: public buckets cannot be listed');
select is(array(select offender from tests.lint() where rule = '0028' order by 1), '{}'::text[],
  '0028 anon_security_definer_function_executable: anon can call no exposed SECURITY DEFINER function');
select is(array(select offender from tests.lint() where rule = '0029' order by 1), '{}'::text[],
  '0029 authenticated_security_definer_function_executable: authenticated can call no exposed SECURITY DEFINER function');
select is(array(select offender from tests.lint() where rule = '0001' order by 1), '{}'::text[],
  '0001 unindexed_foreign_keys: every foreign key is indexed');

-- The checks can fail: planted offenders (rolled back) are each caught by their rule.
create table public.lint_probe (id int primary key, parent int references public.lint_probe (id), password text, fn regproc);
create policy lint_probe_read on public.lint_probe for select to authenticated using (id = (auth.jwt() -> 'user_metadata' ->> 'n')::int);
create policy lint_probe_read_too on public.lint_probe for select to authenticated using (auth.uid() is not null);
create policy lint_probe_write on public.lint_probe for update to authenticated using (true);
create index lint_probe_a on public.lint_probe (password);
create index lint_probe_b on public.lint_probe (password);
create view public.lint_probe_users as select id from auth.users;
grant select on public.lint_probe_users to authenticated;
create materialized view public.lint_probe_mv as select 1 as one;
grant select on public.lint_probe_mv to authenticated;
create or replace function public.lint_probe_fn() returns int language sql security definer as $$ select 1 $$;
grant execute on function public.lint_probe_fn() to anon, authenticated;
-- commented like any exposed object: the probes break linter rules, not the comments rule
comment on table public.lint_probe is 'lint test probe (rolled back)';
comment on view public.lint_probe_users is 'lint test probe (rolled back)';
comment on function public.lint_probe_fn() is 'lint test probe (rolled back)';
select is(array(select distinct rule from tests.lint() where offender like '%lint_probe%' order by 1),
  array['0001', '0002', '0003', '0006', '0007', '0009', '0010', '0011', '0013', '0015', '0016', '0018', '0023', '0024', '0028', '0029'],
  'each rule catches its planted offender');

select * from finish();
rollback;