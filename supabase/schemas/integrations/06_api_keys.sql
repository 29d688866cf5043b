-- API keys: shown once, stored as sha256; key_prefix (cmx_live_ab12cd34) lets people recognise a key.
-- tenant_id null: an HQ key. Scopes are resource:read|write (integrations.api_scopes lists them).
create table public.api_keys (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid references public.tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  key_prefix text not null,
  key_hash bytea not null unique,
  scopes text[] not null,
  rate_limit_per_minute int not null default 600 check (rate_limit_per_minute between 1 and 10000),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  replaced_by uuid references public.api_keys (id) on delete set null,
  created_by uuid,
  created_at timestamptz not null default now()
);
create index api_keys_tenant_idx on public.api_keys (tenant_id);
create index api_keys_replaced_by_idx on public.api_keys (replaced_by);

alter table public.api_keys enable row level security;
create policy "tenant admins and HQ read keys" on public.api_keys for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner', 'admin'])))
         and tenant_id = any (private.my_tenant_ids_with_role_array(array['owner', 'admin']))));

create policy "HQ: tenant admins and HQ read keys" on public.api_keys for select to hq_staff
  using ((select private.has_permission('settings.read')));
revoke all on table public.api_keys from public, anon, authenticated, service_role;
grant select (id, tenant_id, name, key_prefix, scopes, rate_limit_per_minute, expires_at, revoked_at, last_used_at, replaced_by, created_by, created_at)
  on table public.api_keys to authenticated;
grant all on table public.api_keys to service_role;

comment on table public.api_keys is 'API keys of tenants (or HQ) for the api Edge Function; the key itself is shown once and stored hashed.';
comment on column public.api_keys.id is 'Key id.';
comment on column public.api_keys.tenant_id is 'The tenant the key acts for; null: HQ.';
comment on column public.api_keys.name is 'What the key is for.';
comment on column public.api_keys.key_prefix is 'The start of the key (cmx_live_xxxxxxxx), to recognise it.';
comment on column public.api_keys.key_hash is 'sha256 of the whole key (not readable by clients).';
comment on column public.api_keys.scopes is 'What it may call: resource:read or resource:write (write implies read).';
comment on column public.api_keys.rate_limit_per_minute is 'Calls allowed per minute.';
comment on column public.api_keys.expires_at is 'After this the key answers integrations.key_expired.';
comment on column public.api_keys.revoked_at is 'When it was revoked (integrations.key_revoked).';
comment on column public.api_keys.last_used_at is 'Last successful verification.';
comment on column public.api_keys.replaced_by is 'The key a rotation made to replace it.';
comment on column public.api_keys.created_by is 'Who made it.';
comment on column public.api_keys.created_at is 'When it was made.';

-- Calls per key and minute, for the rate limit.
create table private.api_key_usage (
  key_id uuid not null references public.api_keys (id) on delete cascade,
  minute timestamptz not null,
  calls int not null default 0,
  primary key (key_id, minute)
);
alter table private.api_key_usage enable row level security;
revoke all on table private.api_key_usage from public, anon, authenticated, service_role;
comment on table private.api_key_usage is 'API calls per key and minute (the rate limit counter).';
