-- The schemas and extensions every capability builds on.
-- public: the API (tables with RLS, RPCs). private: helpers, security-definer bodies, job handlers,
-- never exposed. audit: the append-only log. extensions: third-party extensions.

create schema if not exists extensions;

-- pgcrypto: hashing for the audit chain, gen_random_uuid, bcrypt. pg_trgm: order search.
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;

-- pg_cron lives in its own `cron` schema; it needs shared_preload_libraries (Supabase and devstack set it).
-- Registered in pg_catalog, as Supabase installs it, so the exposed schema holds no extension.
create extension if not exists pg_cron with schema pg_catalog;

-- pgmq: the real extension where the server has it; devstack's stand-in schema otherwise.
do $$
begin
  if exists (select from pg_available_extensions where name = 'pgmq')
     and not exists (select from pg_namespace where nspname = 'pgmq') then
    create extension if not exists pgmq;
  end if;
  if not exists (select from pg_namespace where nspname = 'pgmq') then
    raise exception using
      errcode = '58P01',
      message = 'pgmq is not available',
      detail = 'foundation.pgmq_missing',
      hint = 'enable the pgmq extension (Supabase: Integrations > Queues) or bootstrap with devstack';
  end if;
end
$$;

create schema if not exists private;
revoke all on schema private from public, anon, authenticated;
grant usage on schema private to service_role, authenticated, supabase_auth_admin;
-- anon: only to reach the bodies of the few anon-callable RPCs (platform_status, unsubscribe_notifications); every private
-- function's EXECUTE is granted explicitly (foundation/schemas_and_clock.test.sql lists what anon may run).
grant usage on schema private to anon;

create schema if not exists audit;
revoke all on schema audit from public, anon, authenticated;
grant usage on schema audit to service_role, authenticated;

-- Functions are not callable by everyone unless granted explicitly.
alter default privileges in schema public revoke execute on functions from public;
alter default privileges in schema private revoke execute on functions from public;
alter default privileges in schema audit revoke execute on functions from public;
