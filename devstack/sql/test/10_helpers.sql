-- Test-only helpers for pgTAP files (schema `tests`), loaded by the harness, never by migrations.
-- They make a pgTAP test act the way a request through PostgREST would: a role plus JWT claims.
create schema if not exists tests;
grant usage on schema tests to public;

-- A confirmed auth user with GoTrue's columns filled; returns its id.
create or replace function tests.create_user(email text, metadata jsonb default '{}')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  new_id uuid := extensions.gen_random_uuid();
begin
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  values ('00000000-0000-0000-0000-000000000000', new_id, 'authenticated', 'authenticated',
          lower(create_user.email), extensions.crypt('password', extensions.gen_salt('bf', 4)), now(),
          '{"provider":"email","providers":["email"]}', metadata, now(), now());
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  values (new_id::text, new_id, jsonb_build_object('sub', new_id::text, 'email', lower(create_user.email)),
          'email', now(), now());
  return new_id;
end
$$;

-- The claims GoTrue would put in an access token for this user at this assurance level.
create or replace function tests.claims_for(user_id uuid, aal text default 'aal1')
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'iss', 'http://127.0.0.1:54321/auth/v1',
    'sub', u.id,
    'aud', 'authenticated',
    'exp', extract(epoch from now() + interval '1 hour')::bigint,
    'iat', extract(epoch from now())::bigint,
    'email', u.email,
    'phone', coalesce(u.phone, ''),
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'),
    'user_metadata', coalesce(u.raw_user_meta_data, '{}'),
    -- What the custom access token hook does: HQ staff (not disabled) run as hq_staff.
    'role', case when exists (select from public.platform_staff s where s.user_id = u.id and s.status <> 'disabled')
                 then 'hq_staff' else 'authenticated' end,
    'aal', claims_for.aal,
    'amr', case when claims_for.aal = 'aal2'
                then jsonb_build_array(jsonb_build_object('method', 'totp', 'timestamp', extract(epoch from now())::bigint),
                                       jsonb_build_object('method', 'password', 'timestamp', extract(epoch from now())::bigint))
                else jsonb_build_array(jsonb_build_object('method', 'password', 'timestamp', extract(epoch from now())::bigint)) end,
    'session_id', extensions.gen_random_uuid(),
    'is_anonymous', false)
  from auth.users u
  where u.id = claims_for.user_id
$$;

-- Act as a signed-in user for the rest of the transaction (or until another authenticate_*).
create or replace function tests.authenticate_as(user_id uuid, aal text default 'aal1')
returns void
language plpgsql
as $$
declare
  claims jsonb := tests.claims_for(user_id, aal);
begin
  if claims is null then
    raise exception using errcode = '22023', message = format('tests.authenticate_as: no auth user %s', user_id);
  end if;
  if aal not in ('aal1', 'aal2') then
    raise exception using errcode = '22023', message = format('tests.authenticate_as: aal must be aal1 or aal2, got %s', aal);
  end if;
  perform set_config('request.jwt.claims', claims::text, true);
  perform set_config('role', claims ->> 'role', true);
end
$$;

-- Act with arbitrary claims (e.g. an expired or forged token's content) as the given role.
-- The role defaults to the claims' own (as PostgREST does), else authenticated.
create or replace function tests.authenticate_with_claims(claims jsonb, as_role text default null)
returns void
language plpgsql
as $$
begin
  as_role := coalesce(as_role, claims ->> 'role', 'authenticated');
  if as_role not in ('anon', 'authenticated', 'hq_staff', 'service_role') then
    raise exception using errcode = '22023', message = format('tests.authenticate_with_claims: unknown role %s', as_role);
  end if;
  perform set_config('request.jwt.claims', claims::text, true);
  perform set_config('role', as_role, true);
end
$$;

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', '{"role":"service_role","iss":"supabase-demo"}', true);
  perform set_config('role', 'service_role', true);
end
$$;

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', '{"role":"anon","iss":"supabase-demo"}', true);
  perform set_config('role', 'anon', true);
end
$$;

-- Back to the test's own superuser session with no claims.
create or replace function tests.clear_authentication()
returns void
language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end
$$;

-- Freeze the project's clock (private.now()) for the rest of the transaction.
create or replace function tests.freeze_time(at timestamptz)
returns void
language plpgsql
as $$
begin
  if at is null then
    raise exception using errcode = '22004', message = 'tests.freeze_time: time must not be null';
  end if;
  perform set_config('cmx.frozen_now', at::text, true);
end
$$;

create or replace function tests.unfreeze_time()
returns void
language plpgsql
as $$
begin
  perform set_config('cmx.frozen_now', '', true);
end
$$;

grant execute on all functions in schema tests to public;
