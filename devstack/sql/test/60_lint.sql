-- The database linter's rules as the project's own SQL (schema `tests`), used by
-- supabase/tests/house/lint.test.sql: tests.lint() lists every rule's offenders as (rule number,
-- object). Each rule restates one rule of Supabase's database linter (splinter) from its public
-- documentation (https://supabase.com/docs/guides/database/database-linter). Moved out of the test
-- file when it passed 150 lines (issue 15).

-- The schemas PostgREST exposes (supabase/config.toml [api] schemas).
create or replace function tests.lint_exposed() returns text[] language sql immutable
  as $$ select array['public', 'graphql_public'] $$;

-- The project's own schemas: everything but Postgres', Supabase's, the extensions' and the tests'.
create or replace function tests.lint_own(nsp oid) returns boolean language sql stable as $$
  select n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'auth', 'storage', 'realtime',
                           'extensions', 'graphql', 'graphql_public', 'net', 'pgmq', 'pgmq_public', 'vault',
                           'cron', 'supabase_functions', 'supabase_migrations', 'pgsodium', 'pgsodium_masks',
                           'pgbouncer', 'pgtle', '_realtime', '_analytics', 'tests')
     and n.nspname !~ '^pg_(temp|toast_temp)_'
  from pg_namespace n where n.oid = nsp
$$;

-- An object created by an extension is the extension's business, not the project's.
create or replace function tests.lint_from_extension(cls oid, obj oid) returns boolean language sql stable as $$
  select exists (select from pg_depend d where d.classid = cls and d.objid = obj and d.deptype = 'e')
$$;

-- The roles a policy applies to, with PUBLIC (0) spelled out as the API roles.
create or replace function tests.lint_policy_roles(roles oid[]) returns text[] language sql stable as $$
  select array_agg(distinct r order by r) from unnest(roles) x
  cross join lateral unnest(case when x = 0 then array['anon', 'authenticated', 'hq_staff', 'authenticator']
                                 else array[(select rolname::text from pg_roles where oid = x)] end) r
$$;

-- Policies' commands, with ALL spelled out.
create or replace function tests.lint_policy_cmds(cmd "char") returns text[] language sql immutable as $$
  select case cmd when '*' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                  when 'r' then array['SELECT'] when 'a' then array['INSERT']
                  when 'w' then array['UPDATE'] when 'd' then array['DELETE'] end
$$;

-- Every rule's offenders: (rule number, object).
create or replace function tests.lint() returns table (rule text, offender text) language sql stable as $lint$
  -- ERROR 0002 auth_users_exposed: no view in an exposed schema that reads auth.users can be read by
  -- the API roles (unless it is a security-invoker view, which then needs the caller's own rights).
  select '0002', x from (
    select distinct format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_rewrite rw on rw.ev_class = c.oid
    join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = rw.oid
    where n.nspname = any (tests.lint_exposed()) and c.relkind in ('v', 'm')
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
    where tests.lint_own(p.schemaname::regnamespace)
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
    cross join lateral unnest(tests.lint_policy_roles(p.polroles)) r
    cross join lateral unnest(tests.lint_policy_cmds(p.polcmd)) cmd
    where tests.lint_own(n.oid) and p.polpermissive
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
    where tests.lint_own(n.oid) and not c.relrowsecurity
  ) q(x)
  union all
  -- WARN 0009 duplicate_index: no two indexes of a table index the same thing the same way.
  select '0009', x from (
    select format('%I.%I: %s', n.nspname, c.relname, string_agg(ic.relname, ', ' order by ic.relname))
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_class ic on ic.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where tests.lint_own(n.oid)
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
    where n.nspname = any (tests.lint_exposed()) and c.relkind = 'v'
      and not tests.lint_from_extension('pg_class'::regclass, c.oid)
      and not coalesce(c.reloptions && array['security_invoker=true', 'security_invoker=on', 'security_invoker=1'], false)
  ) q(x)
  union all
  -- WARN 0011 function_search_path_mutable: every function pins its search_path.
  select '0011', x from (
    select p.oid::regprocedure::text
    from pg_proc p
    where tests.lint_own(p.pronamespace)
      and not tests.lint_from_extension('pg_proc'::regclass, p.oid)
      and not exists (select from unnest(coalesce(p.proconfig, '{}')) cfg where cfg like 'search_path=%')
  ) q(x)
  union all
  -- ERROR 0013 rls_disabled_in_public: every table of an exposed schema has row level security.
  select '0013', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (tests.lint_exposed()) and c.relkind in ('r', 'p') and not c.relrowsecurity
      and not tests.lint_from_extension('pg_class'::regclass, c.oid)
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
    where n.nspname = any (tests.lint_exposed()) and c.relkind = 'm'
      and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  ) q(x)
  union all
  -- WARN 0017 foreign_table_in_api: no foreign table (no RLS) is readable through the API.
  select '0017', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (tests.lint_exposed()) and c.relkind = 'f'
      and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
  ) q(x)
  union all
  -- WARN 0018 unsupported_reg_types: no column stores a reg* type that pg_upgrade cannot carry over.
  select '0018', x from (
    select format('%I.%I.%I %s', n.nspname, c.relname, a.attname, a.atttypid::regtype)
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where tests.lint_own(n.oid) and a.attnum > 0 and not a.attisdropped
      and a.atttypid = any (array['regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper',
                                  'regoperator', 'regproc', 'regprocedure']::regtype[])
  ) q(x)
  union all
  -- ERROR 0019 insecure_queue_exposed_in_api: a pgmq queue reachable through the API has RLS.
  select '0019', x from (
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'pgmq' and 'pgmq' = any (tests.lint_exposed())
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
    where n.nspname = any (tests.lint_exposed()) and c.relkind in ('r', 'p') and not c.relrowsecurity
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
    where n.nspname = any (tests.lint_exposed()) and p.polpermissive
      and tests.lint_policy_roles(p.polroles) && array['anon', 'authenticated', 'hq_staff']
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
      and p.roles && array['public', 'anon', 'authenticated', 'hq_staff']::name[]
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
    where n.nspname = any (tests.lint_exposed()) and p.prosecdef
      and not tests.lint_from_extension('pg_proc'::regclass, p.oid)
      and has_function_privilege('anon', p.oid, 'execute')
  ) q(x)
  union all
  
  select '0029', x from (
    select p.oid::regprocedure::text
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any (tests.lint_exposed()) and p.prosecdef
      and not tests.lint_from_extension('pg_proc'::regclass, p.oid)
      and has_function_privilege('authenticated', p.oid, 'execute')
  ) q(x)
  union all
  -- INFO 0001 unindexed_foreign_keys: every foreign key's columns lead some index of its table.
  select '0001', x from (
    select format('%I.%I: %I', n.nspname, c.relname, con.conname)
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where con.contype = 'f' and tests.lint_own(c.relnamespace)
      and not exists (
        select from pg_index i
        where i.indrelid = con.conrelid
          and (select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) k)
            = (select array_agg(k order by k) from unnest(con.conkey) k))
  ) q(x)
$lint$;

grant execute on all functions in schema tests to public;
