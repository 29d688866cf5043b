-- Foundation: the schemas and extensions every later capability builds on.
-- Runs unchanged on Supabase (where pgmq ships as an extension) and on devstack (where a
-- compatible stand-in was installed by the bootstrap before migrations).

create schema if not exists extensions;

-- pgcrypto: hashing for the audit chain, gen_random_uuid, bcrypt.
create extension if not exists pgcrypto with schema extensions;

-- pg_cron lives in its own `cron` schema; it needs shared_preload_libraries, which both
-- Supabase and devstack configure.
create extension if not exists pg_cron;

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

-- private: helpers, security-definer functions and job handlers; never exposed through the API.
create schema if not exists private;
revoke all on schema private from public, anon, authenticated;
grant usage on schema private to service_role;

-- audit: the append-only log (tables arrive with the identity & audit issue).
create schema if not exists audit;
revoke all on schema audit from public, anon, authenticated;
grant usage on schema audit to service_role;

-- Functions created by migrations are not callable by everyone unless granted explicitly.
alter default privileges in schema public revoke execute on functions from public;
alter default privileges in schema private revoke execute on functions from public;
alter default privileges in schema audit revoke execute on functions from public;

-- The project's clock for business time (periods, due dates, expiry). Tests freeze it with
-- tests.freeze_time(), which sets `cmx.frozen_now`; everything else sees now().
create or replace function private.now()
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select coalesce(nullif(current_setting('cmx.frozen_now', true), '')::timestamptz, pg_catalog.now())
$$;
revoke execute on function private.now() from public, anon;
grant execute on function private.now() to authenticated, service_role;
