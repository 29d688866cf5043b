-- Supabase's API roles, created the way a Supabase project has them before any migration runs.
-- Passwords are the well-known local-development ones (`supabase start` uses the same).
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
  -- HQ staff's requests (the access token hook sets role hq_staff for platform staff): a member of
  -- authenticated, so it has every grant and `to authenticated` policy, plus the `to hq_staff` ones.
  if not exists (select from pg_roles where rolname = 'hq_staff') then
    create role hq_staff nologin inherit;
  end if;
  -- GoTrue connects as supabase_auth_admin and runs the auth hooks with it.
  if not exists (select from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole password 'postgres';
  end if;
  -- Owner of objects Supabase itself manages; migrations never run as it.
  if not exists (select from pg_roles where rolname = 'supabase_admin') then
    create role supabase_admin login superuser createrole createdb replication bypassrls password 'postgres';
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
grant authenticated to hq_staff;
grant hq_staff to authenticator;
grant hq_staff to postgres;

-- PostgREST's statement timeouts per role, as Supabase sets them.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role hq_staff set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
