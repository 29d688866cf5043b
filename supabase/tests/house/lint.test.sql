-- The database linter's rules, checked with the project's own SQL.
-- Each assertion restates one rule of Supabase's database linter (splinter) from its public
-- documentation (https://supabase.com/docs/guides/database/database-linter): every ERROR and WARN
-- rule, plus unindexed foreign keys (INFO). A failure lists the offending objects ("have: ...").
-- Not checked here: unused_index, no_primary_key, rls_enabled_no_policy, table_bloat and the
-- pg_graphql exposure lints (INFO); auth_allow_anonymous_sign_ins, which concerns projects with
-- anonymous sign-ins enabled (supabase/config.toml keeps them off).
begin;
select plan(23);

-- The schemas PostgREST exposes (supabase/config.toml [api] schemas).
create function pg_temp.exposed() returns text[] language sql immutable
  as $$ select array['public', 'graphql_public'] $$;

-- The project's own schemas: everything but Postgres', Supabase's, the extensions' and the tests'.
create function pg_temp.own(nsp oid) returns boolean language sql stable as $$
  select n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'auth', 'storage', 'realtime',
                           'extensions', 'graphql', 'graphql_public', 'net', 'pgmq', 'pgmq_public', 'vault',
                           'cron', 'supabase_functions', 'supabase_migrations', 'pgsodium', 'pgsodium_masks',
                           'pgbouncer', 'pgtle', '_realtime', '_analytics', 'tests')
     and n.nspname !~ '^pg_(temp|toast_temp)_'
  from pg_namespace n where n.oid = nsp
$$;

-- An object created by an extension is the extension's business, not the project's.
create function pg_temp.from_extension(cls oid, obj oid) returns boolean language sql stable as $$
  select exists (select from pg_depend d where d.classid = cls and d.objid = obj and d.deptype = 'e')
$$;

-- The roles a policy applies to, with PUBLIC (0) spelled out as the API roles.
create function pg_temp.policy_roles(roles oid[]) returns text[] language sql stable as $$
  select array_agg(distinct r order by r) from unnest(roles) x
  cross join lateral unnest(case when x = 0 then array['anon', 'authenticated', 'authenticator']
                                 else array[(select rolname::text from pg_roles where oid = x)] end) r
$$;

-- Policies' commands, with ALL spelled out.
create function pg_temp.policy_cmds(cmd "char") returns text[] language sql immutable as $$
  select case cmd when '*' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                  when 'r' then array['SELECT'] when 'a' then array['INSERT']
                  when 'w' then array['UPDATE'] when 'd' then array['DELETE'] end
$$;

-- Every rule's offenders: (rule number, object).
create function pg_temp.lint() returns table (rule text, offender text) language sql stable as $lint$
  -- ERROR 0002 auth_users_exposed: no view in an exposed schema that reads auth.users can be read by
  -- the API roles (unless it is a security-invoker view, which then needs the caller's own rights).
  select '0002', x from (
    select distinct format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_rewrite rw on rw.ev_class = c.oid
    join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = rw.oid
    where n.nspname = any (pg_temp.exposed()) and c.relkind in ('v', 'm')
      and d.refobjid = 'auth.users'::regclass
      and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
      and (c.relkind = 'm' or not coalesce(c.reloptions && array['security_invoker=true', 'security_invoker=on', 'security_invoker=1'], false))
  ) q(x)
  union all
  -- WARN 0003 auth_rls_initplan: a policy calls auth.uid()/auth.jwt()/auth.role()/auth.email() or
  -- current_setting() through a sub-select, so it runs once per statement instead of once per row.
  select '0003', x from (
    select format('%I.%I: %s', schemaname, tablename, policyname)
    from pg_policies p
    where pg_temp.own(p.schemaname::regnamespace)
      and regexp_replace(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''),
                         '\(\s*select\s+(auth\.(uid|jwt|role|email)|current_setting)\(', '', 'gi')
          ~* '(auth\.(uid|jwt|role|email)|current_setting)\('
  ) q(x)
  union all
  -- WARN 0006 multiple_permissive_policies: one permissive policy per table, role and command.
  select '0006', x from (
    select format('%I.%I %s %s: %s', n.nspname, c.relname, r, cmd, string_agg(p.polname, ', ' order by p.polname))
    from pg_policy p
    join pg_class c on c.oid = p.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(pg_temp.policy_roles(p.polroles)) r
    cross join lateral unnest(pg_temp.policy_cmds(p.polcmd)) cmd
    where pg_temp.own(n.oid) and p.polpermissive
    group by n.nspname, c.relname, r, cmd
    having count(*) > 1
  ) q(x)
  union all
  -- ERROR 0007 policy_exists_rls_disabled: a table with policies has row level security enabled.
  select '0007', x from (
    select distinct format('%I.%I', n.nspname, c.relname)
    from pg_policy p
    join pg_class c on c.oid = p.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where pg_temp.own(n.oid) and not c.relrowsecurity
  ) q(x)
  union all
  -- WARN 0009 duplicate_index: no two indexes of a table index the same thing the same way.
  select '0009', x from (
    select format('%I.%I: %s', n.nspname, c.relname, string_agg(ic.relname, ', ' order by ic.relname))
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_class ic on ic.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where pg_temp.own(n.oid)
    group by n.nspname, c.relname, i.indrelid, ic.relam, i.indkey::text, i.indclass::text, i.indcollation::text,
             coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
    having count(*) > 1
  ) q(x)
  union all
  -- ERROR 0010 security_definer_view: views in exposed schemas run with the caller's rights
  -- (security_invoker), so the caller's RLS applies.
  select '0010', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (pg_temp.exposed()) and c.relkind = 'v'
      and not pg_temp.from_extension('pg_class'::regclass, c.oid)
      and not coalesce(c.reloptions && array['security_invoker=true', 'security_invoker=on', 'security_invoker=1'], false)
  ) q(x)
  union all
  -- WARN 0011 function_search_path_mutable: every function pins its search_path.
  select '0011', x from (
    select p.oid::regprocedure::text
    from pg_proc p
    where pg_temp.own(p.pronamespace)
      and not pg_temp.from_extension('pg_proc'::regclass, p.oid)
      and not exists (select from unnest(coalesce(p.proconfig, '{}')) cfg where cfg like 'search_path=%')
  ) q(x)
  union all
  -- ERROR 0013 rls_disabled_in_public: every table of an exposed schema has row level security.
  select '0013', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (pg_temp.exposed()) and c.relkind in ('r', 'p') and not c.relrowsecurity
      and not pg_temp.from_extension('pg_class'::regclass, c.oid)
  ) q(x)
  union all
  -- WARN 0014 extension_in_public: no extension is installed in public.
  select '0014', e.extname::text from pg_extension e where e.extnamespace = 'public'::regnamespace
  union all
  -- ERROR 0015 rls_references_user_metadata: no policy trusts user_metadata (the user can edit it).
  select '0015', x from (
    select format('%I.%I: %s', schemaname, tablename, policyname)
    from pg_policies p
    where coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '') ilike '%user_metadata%'
      and p.schemaname <> all (array['auth', 'storage', 'realtime'])
  ) q(x)
  union all
  -- WARN 0016 materialized_view_in_api: no materialized view (no RLS) is readable through the API.
  select '0016', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (pg_temp.exposed()) and c.relkind = 'm'
      and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  ) q(x)
  union all
  -- WARN 0017 foreign_table_in_api: no foreign table (no RLS) is readable through the API.
  select '0017', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (pg_temp.exposed()) and c.relkind = 'f'
      and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  ) q(x)
  union all
  -- WARN 0018 unsupported_reg_types: no column stores a reg* type that pg_upgrade cannot carry over.
  select '0018', x from (
    select format('%I.%I.%I %s', n.nspname, c.relname, a.attname, a.atttypid::regtype)
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where pg_temp.own(n.oid) and a.attnum > 0 and not a.attisdropped
      and a.atttypid = any (array['regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper',
                                  'regoperator', 'regproc', 'regprocedure']::regtype[])
  ) q(x)
  union all
  -- ERROR 0019 insecure_queue_exposed_in_api: a pgmq queue reachable through the API has RLS.
  select '0019', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'pgmq' and 'pgmq' = any (pg_temp.exposed())
      and c.relkind in ('r', 'p') and c.relname ~ '^[qa]_' and not c.relrowsecurity
  ) q(x)
  union all
  -- ERROR 0021 fkey_to_auth_unique: foreign keys into auth reference a primary key, not a unique
  -- constraint Supabase may change.
  select '0021', x from (
    select format('%s: %I', con.conrelid::regclass, con.conname)
    from pg_constraint con
    join pg_index i on i.indexrelid = con.conindid
    where con.contype = 'f' and con.confrelid::regclass::text like 'auth.%' and not i.indisprimary
  ) q(x)
  union all
  -- WARN 0022 extension_versions_outdated: every installed extension is at its default version.
  select '0022', x from (
    select format('%s %s (default %s)', e.extname, e.extversion, a.default_version)
    from pg_extension e
    join pg_available_extensions a on a.name = e.extname
    where a.default_version is distinct from e.extversion
  ) q(x)
  union all
  -- ERROR 0023 sensitive_columns_exposed: no table of an exposed schema without RLS has a column
  -- whose name suggests sensitive data.
  select '0023', x from (
    select format('%I.%I.%I', n.nspname, c.relname, a.attname)
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (pg_temp.exposed()) and c.relkind in ('r', 'p') and not c.relrowsecurity
      and a.attnum > 0 and not a.attisdropped
      and a.attname ~* '(passw|secret|token|api_?key|ssn|social_security|credit_?card|card_?number|cvv|iban|tax_id|national_id|passport|birth)'
  ) q(x)
  union all
  -- WARN 0024 permissive_rls_policy: no write policy for the API roles is simply `true`.
  select '0024', x from (
    select format('%I.%I: %s', n.nspname, c.relname, p.polname)
    from pg_policy p
    join pg_class c on c.oid = p.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (pg_temp.exposed()) and p.polpermissive
      and pg_temp.policy_roles(p.polroles) && array['anon', 'authenticated']
      and ((p.polcmd in ('w', 'd', '*') and lower(btrim(coalesce(pg_get_expr(p.polqual, p.polrelid), ''))) = 'true')
        or (p.polcmd in ('a', 'w', '*') and lower(btrim(coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''))) = 'true'))
  ) q(x)
  union all
  -- WARN 0025 public_bucket_allows_listing: a public bucket serves files by URL; no broad SELECT
  -- policy on storage.objects lets API roles list them too.
  select '0025', x from (
    select format('%s: %s', b.id, p.policyname)
    from storage.buckets b
    join pg_policies p on p.schemaname = 'storage' and p.tablename = 'objects' and p.cmd in ('SELECT', 'ALL')
    where b.public
      and p.roles && array['public', 'anon', 'authenticated']::name[]
      and (p.qual is null or lower(btrim(p.qual)) = 'true' or p.qual like '%' || b.id || '%')
  ) q(x)
  union all
  -- WARN 0028 anon_security_definer_function_executable /
  -- WARN 0029 authenticated_security_definer_function_executable: no SECURITY DEFINER function in an
  -- exposed schema can be called by anon or authenticated (the bodies live in private; the exposed
  -- functions are SECURITY INVOKER wrappers).
  select '0028', x from (
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any (pg_temp.exposed()) and p.prosecdef
      and not pg_temp.from_extension('pg_proc'::regclass, p.oid)
      and has_function_privilege('anon', p.oid, 'execute')
  ) q(x)
  union all
  
  select '0029', x from (
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any (pg_temp.exposed()) and p.prosecdef
      and not pg_temp.from_extension('pg_proc'::regclass, p.oid)
      and has_function_privilege('authenticated', p.oid, 'execute')
  ) q(x)
  union all
  -- INFO 0001 unindexed_foreign_keys: every foreign key's columns lead some index of its table.
  select '0001', x from (
    select format('%I.%I: %I', n.nspname, c.relname, con.conname)
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where con.contype = 'f' and pg_temp.own(c.relnamespace)
      and not exists (
        select from pg_index i
        where i.indrelid = con.conrelid
          and (select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) k)
            = (select array_agg(k order by k) from unnest(con.conkey) k))
  ) q(x)
$lint$;

select is(array(select offender from pg_temp.lint() where rule = '0002' order by 1), '{}'::text[],
  '0002 auth_users_exposed: no exposed view reveals auth.users to the API roles');
select is(array(select offender from pg_temp.lint() where rule = '0003' order by 1), '{}'::text[],
  '0003 auth_rls_initplan: policies call auth functions as (select auth.fn())');
select is(array(select offender from pg_temp.lint() where rule = '0006' order by 1), '{}'::text[],
  '0006 multiple_permissive_policies: one permissive policy per table, role and command');
select is(array(select offender from pg_temp.lint() where rule = '0007' order by 1), '{}'::text[],
  '0007 policy_exists_rls_disabled: tables with policies have RLS enabled');
select is(array(select offender from pg_temp.lint() where rule = '0009' order by 1), '{}'::text[],
  '0009 duplicate_index: no duplicate indexes');
select is(array(select offender from pg_temp.lint() where rule = '0010' order by 1), '{}'::text[],
  '0010 security_definer_view: exposed views are security_invoker');
select is(array(select offender from pg_temp.lint() where rule = '0011' order by 1), '{}'::text[],
  '0011 function_search_path_mutable: every function sets search_path');
select is(array(select offender from pg_temp.lint() where rule = '0013' order by 1), '{}'::text[],
  '0013 rls_disabled_in_public: exposed tables have RLS enabled');
select is(array(select offender from pg_temp.lint() where rule = '0014' order by 1), '{}'::text[],
  '0014 extension_in_public: no extension lives in public');
select is(array(select offender from pg_temp.lint() where rule = '0015' order by 1), '{}'::text[],
  '0015 rls_references_user_metadata: no policy reads user_metadata');
select is(array(select offender from pg_temp.lint() where rule = '0016' order by 1), '{}'::text[],
  '0016 materialized_view_in_api: no materialized view readable through the API');
select is(array(select offender from pg_temp.lint() where rule = '0017' order by 1), '{}'::text[],
  '0017 foreign_table_in_api: no foreign table readable through the API');
select is(array(select offender from pg_temp.lint() where rule = '0018' order by 1), '{}'::text[],
  '0018 unsupported_reg_types: no column of an unsupported reg* type');
select is(array(select offender from pg_temp.lint() where rule = '0019' order by 1), '{}'::text[],
  '0019 insecure_queue_exposed_in_api: no queue exposed without RLS');
select is(array(select offender from pg_temp.lint() where rule = '0021' order by 1), '{}'::text[],
  '0021 fkey_to_auth_unique: foreign keys into auth use its primary keys');
select is(array(select offender from pg_temp.lint() where rule = '0022' order by 1), '{}'::text[],
  '0022 extension_versions_outdated: extensions are at their default version');
select is(array(select offender from pg_temp.lint() where rule = '0023' order by 1), '{}'::text[],
  '0023 sensitive_columns_exposed: no sensitive column in a table without RLS');
select is(array(select offender from pg_temp.lint() where rule = '0024' order by 1), '{}'::text[],
  '0024 permissive_rls_policy: no write policy is `true` for the API roles');
select is(array(select offender from pg_temp.lint() where rule = '0025' order by 1), '{}'::text[],
  '0025 public_bucket_allows_listing: public buckets cannot be listed');
select is(array(select offender from pg_temp.lint() where rule = '0028' order by 1), '{}'::text[],
  '0028 anon_security_definer_function_executable: anon can call no exposed SECURITY DEFINER function');
select is(array(select offender from pg_temp.lint() where rule = '0029' order by 1), '{}'::text[],
  '0029 authenticated_security_definer_function_executable: authenticated can call no exposed SECURITY DEFINER function');
select is(array(select offender from pg_temp.lint() where rule = '0001' order by 1), '{}'::text[],
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
create function public.lint_probe_fn() returns int language sql security definer as $$ select 1 $$;
grant execute on function public.lint_probe_fn() to anon, authenticated;
-- commented like any exposed object: the probes break linter rules, not the comments rule
comment on table public.lint_probe is 'lint test probe (rolled back)';
comment on view public.lint_probe_users is 'lint test probe (rolled back)';
comment on function public.lint_probe_fn() is 'lint test probe (rolled back)';
select is(array(select distinct rule from pg_temp.lint() where offender like '%lint_probe%' order by 1),
  array['0001', '0002', '0003', '0006', '0007', '0009', '0010', '0011', '0013', '0015', '0016', '0018', '0023', '0024', '0028', '0029'],
  'each rule catches its planted offender');

select * from finish();
rollback;
