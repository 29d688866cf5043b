-- What devstack's bootstrap provides before migrations, checked the way the project relies on it:
-- Supabase's roles and grants, the auth schema and its JWT helpers, pg_cron.
begin;
select plan(34);

-- Roles
select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');
select has_role('supabase_auth_admin');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');
select ok(not (select rolcanlogin from pg_roles where rolname = 'anon'), 'anon cannot log in directly');
select ok((select rolcanlogin and not rolinherit from pg_roles where rolname = 'authenticator'), 'authenticator logs in and does not inherit');
select ok(pg_has_role('authenticator', 'anon', 'member')
          and pg_has_role('authenticator', 'authenticated', 'member')
          and pg_has_role('authenticator', 'service_role', 'member'), 'authenticator can switch to the three API roles');

-- Schemas, extensions and default privileges
select has_schema('auth');
select has_schema('extensions');
select is((select n.nspname::text from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pgcrypto'),
          'extensions', 'pgcrypto lives in the extensions schema, not public');
select ok(has_schema_privilege('anon', 'public', 'usage') and has_schema_privilege('authenticated', 'public', 'usage'),
          'API roles may use the public schema');
create table public.devstack_default_grant_probe (id int);
select ok(has_table_privilege('authenticated', 'public.devstack_default_grant_probe', 'select'),
          'new public tables are granted to authenticated by default, as on Supabase (RLS protects them)');

-- auth tables with GoTrue's names
select has_table('auth', 'users', 'auth.users exists');
select has_table('auth', 'identities', 'auth.identities exists');
select has_table('auth', 'sessions', 'auth.sessions exists');
select has_table('auth', 'refresh_tokens', 'auth.refresh_tokens exists');
select has_table('auth', 'mfa_factors', 'auth.mfa_factors exists');
select has_table('auth', 'mfa_challenges', 'auth.mfa_challenges exists');
select has_table('auth', 'mfa_amr_claims', 'auth.mfa_amr_claims exists');
select columns_are('auth', 'mfa_factors',
  array['id', 'user_id', 'friendly_name', 'factor_type', 'status', 'created_at', 'updated_at', 'secret', 'phone',
        'last_challenged_at', 'web_authn_credential', 'web_authn_aaguid'], 'auth.mfa_factors has GoTrue''s columns');

-- The API roles cannot read auth tables (Supabase's linter flags exposing auth.users)
select ok(not has_table_privilege('anon', 'auth.users', 'select'), 'anon cannot read auth.users');
select ok(not has_table_privilege('authenticated', 'auth.users', 'select'), 'authenticated cannot read auth.users');

-- JWT helpers read request.jwt.claims exactly as PostgREST sets them
select tests.create_user('ops@example.test') as uid \gset
select tests.authenticate_as(:'uid', 'aal2');
select is(auth.uid(), :'uid'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.email(), 'ops@example.test', 'auth.email() is the email claim');
select is(auth.jwt() ->> 'aal', 'aal2', 'auth.jwt() returns the whole claims object');
select is(current_user::text, 'authenticated', 'the session runs as the JWT role');
select tests.clear_authentication();
select is(auth.uid(), null, 'auth.uid() is null without claims');
-- The legacy per-claim setting wins over the claims object, as in Supabase's definition
select set_config('request.jwt.claims', json_build_object('sub', gen_random_uuid())::text, true);
select set_config('request.jwt.claim.sub', :'uid', true);
select is(auth.uid(), :'uid'::uuid, 'request.jwt.claim.sub takes precedence');
select set_config('request.jwt.claim.sub', '', true);
select set_config('request.jwt.claims', '', true);

-- pg_cron schedules, upserts by name and unschedules
select ok(cron.schedule('devstack-probe', '*/5 * * * *', 'select 1') > 0, 'cron.schedule returns a job id');
select cron.schedule('devstack-probe', '*/10 * * * *', 'select 2');
select results_eq($$ select schedule, command from cron.job where jobname = 'devstack-probe' $$,
                  $$ values ('*/10 * * * *'::text, 'select 2'::text) $$, 'scheduling the same name again updates the job');
select ok(cron.unschedule('devstack-probe'), 'cron.unschedule removes it');

select * from finish();
rollback;
