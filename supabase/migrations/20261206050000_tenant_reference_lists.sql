-- Tenant profiles that billing accepts (issue 13 §5, §6).
--
-- * Country, region, currency and language come from lists in the database (public.countries,
--   public.regions, public.currencies from billing, public.locales); the console reads them, the
--   tenant row references them, create_tenant and every profile update check them.
-- * Every text of a tenant profile has a maximum length (private.tenant_text_limits, the one
--   place the console's zod schema mirrors).
-- * Country, region and currency may change while the tenant has never been billed (no
--   subscription, no invoice), and only by HQ staff with tenants.write; afterwards they are fixed
--   because invoices, taxes and prices were computed from them.

-- ── reference lists ─────────────────────────────────────────────────────────────────────────

create table public.regions (
  code text primary key check (code ~ '^[A-Z]{2,3}(-[A-Z]{2})?$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  sort int not null default 0
);
insert into public.regions (code, name, sort) values
  ('GCC-OM', '{"en":"Oman","ar":"عُمان"}', 1),
  ('GCC-SA', '{"en":"Saudi Arabia","ar":"السعودية"}', 2),
  ('GCC-AE', '{"en":"United Arab Emirates","ar":"الإمارات"}', 3),
  ('GCC-BH', '{"en":"Bahrain","ar":"البحرين"}', 4),
  ('GCC-KW', '{"en":"Kuwait","ar":"الكويت"}', 5),
  ('GCC-QA', '{"en":"Qatar","ar":"قطر"}', 6),
  ('EU', '{"en":"European Union","ar":"الاتحاد الأوروبي"}', 7);

-- Countries a tenant may be in, with the region and currency a new tenant there usually has
-- (the console pre-fills them; both stay choosable).
create table public.countries (
  code text primary key check (code ~ '^[A-Z]{2}$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  region text not null references public.regions (code),
  -- billing's list; not a foreign key, so billing's tables stay the only ones referencing it
  currency text not null check (currency ~ '^[A-Z]{3}$')
);
create index countries_region_idx on public.countries (region);
insert into public.countries (code, name, region, currency) values
  ('OM', '{"en":"Oman","ar":"عُمان"}', 'GCC-OM', 'OMR'),
  ('SA', '{"en":"Saudi Arabia","ar":"السعودية"}', 'GCC-SA', 'SAR'),
  ('AE', '{"en":"United Arab Emirates","ar":"الإمارات العربية المتحدة"}', 'GCC-AE', 'AED'),
  ('BH', '{"en":"Bahrain","ar":"البحرين"}', 'GCC-BH', 'BHD'),
  ('KW', '{"en":"Kuwait","ar":"الكويت"}', 'GCC-KW', 'KWD'),
  ('QA', '{"en":"Qatar","ar":"قطر"}', 'GCC-QA', 'QAR'),
  ('DE', '{"en":"Germany","ar":"ألمانيا"}', 'EU', 'EUR'),
  ('FR', '{"en":"France","ar":"فرنسا"}', 'EU', 'EUR'),
  ('NL', '{"en":"Netherlands","ar":"هولندا"}', 'EU', 'EUR'),
  ('IE', '{"en":"Ireland","ar":"أيرلندا"}', 'EU', 'EUR');

create table public.locales (
  code text primary key check (code ~ '^[a-z]{2}$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  direction text not null check (direction in ('ltr', 'rtl'))
);
insert into public.locales (code, name, direction) values
  ('ar', '{"en":"Arabic","ar":"العربية"}', 'rtl'),
  ('en', '{"en":"English","ar":"الإنجليزية"}', 'ltr');

alter table public.regions enable row level security;
alter table public.countries enable row level security;
alter table public.locales enable row level security;
revoke all on public.regions, public.countries, public.locales from anon;
revoke insert, update, delete, truncate on public.regions, public.countries, public.locales from authenticated;
grant select on public.regions, public.countries, public.locales to authenticated;
create policy "signed-in users read regions" on public.regions for select to authenticated using (true);
create policy "signed-in users read countries" on public.countries for select to authenticated using (true);
create policy "signed-in users read locales" on public.locales for select to authenticated using (true);
comment on table public.countries is 'Countries a tenant may be in (ISO 3166 alpha-2), with the usual region and currency.';
comment on table public.regions is 'Data regions a tenant may live in.';
comment on table public.locales is 'Languages a tenant may default to.';

-- The tenant row references the lists (the existing checks stay as a first line). Its currency is
-- checked by private.assert_valid_tenant against billing's public.currencies.
alter table public.tenants
  add constraint tenants_country_fkey foreign key (country) references public.countries (code),
  add constraint tenants_region_fkey foreign key (region) references public.regions (code),
  add constraint tenants_default_locale_fkey foreign key (default_locale) references public.locales (code);
create index tenants_country_idx on public.tenants (country);

-- ── maximum lengths ─────────────────────────────────────────────────────────────────────────

-- The longest text each profile field may hold, in characters (custom_fields: bytes of its JSON
-- text). admin/src/lib/schemas.ts TENANT_LIMITS mirrors this; a console test compares them.
create function private.tenant_text_limits()
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select '{"name.en": 200, "name.ar": 200, "legal_name": 200, "timezone": 64,
           "contact.name": 200, "contact.email": 254, "contact.phone": 32,
           "branding.logo_url": 2048, "branding.invoice_header": 500, "custom_fields": 8192}'::jsonb
$$;

-- ── the rules ───────────────────────────────────────────────────────────────────────────────

create or replace function private.assert_valid_tenant(t public.tenants)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  problems text[] := '{}';
  field_errors text[];
  limits jsonb := private.tenant_text_limits();
  field text;
  value text;
begin
  if not private.is_valid_timezone(t.timezone) then
    problems := problems || format('unknown timezone %L (use an IANA name such as Asia/Muscat)', left(t.timezone, 64));
  end if;
  if not exists (select from public.countries c where c.code = t.country) then
    problems := problems || format('unknown country %L', left(t.country, 8));
  end if;
  if not exists (select from public.regions r where r.code = t.region) then
    problems := problems || format('unknown region %L', left(t.region, 16));
  end if;
  if not exists (select from public.currencies c where c.code = t.currency) then
    problems := problems || format('unknown currency %L', left(t.currency, 8));
  end if;
  if not exists (select from public.locales l where l.code = t.default_locale) then
    problems := problems || format('unsupported language %L', left(t.default_locale, 8));
  end if;
  if t.branding ? 'primary_color' and (t.branding ->> 'primary_color') !~ '^#[0-9a-fA-F]{6}$' then
    problems := problems || 'branding.primary_color must be a #rrggbb colour'::text;
  end if;
  if t.branding ? 'logo_url' and (t.branding ->> 'logo_url') !~ '^https://' then
    problems := problems || 'branding.logo_url must be an https URL'::text;
  end if;
  if t.contact ? 'email' and (t.contact ->> 'email') !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    problems := problems || 'contact.email is not an email address'::text;
  end if;
  -- lengths: every text field, then the custom fields' JSON as a whole
  foreach field in array array['name.en', 'name.ar', 'legal_name', 'timezone', 'contact.name', 'contact.email',
                               'contact.phone', 'branding.logo_url', 'branding.invoice_header'] loop
    value := case field
      when 'name.en' then t.name ->> 'en'
      when 'name.ar' then t.name ->> 'ar'
      when 'legal_name' then t.legal_name
      when 'timezone' then t.timezone
      when 'contact.name' then t.contact ->> 'name'
      when 'contact.email' then t.contact ->> 'email'
      when 'contact.phone' then t.contact ->> 'phone'
      when 'branding.logo_url' then t.branding ->> 'logo_url'
      when 'branding.invoice_header' then t.branding ->> 'invoice_header'
    end;
    if char_length(value) > (limits ->> field)::int then
      problems := problems || format('%s is longer than %s characters', field, limits ->> field);
    end if;
  end loop;
  if octet_length(t.custom_fields::text) > (limits ->> 'custom_fields')::int then
    problems := problems || format('custom_fields is larger than %s bytes', limits ->> 'custom_fields');
  end if;
  select private.json_schema_errors(s.schema, t.custom_fields, 'custom_fields') into field_errors
  from public.tenant_custom_field_schema s;
  problems := problems || coalesce(field_errors, '{}');
  if cardinality(problems) > 0 then
    raise exception using errcode = '22023', message = 'the tenant profile is not valid',
      detail = 'tenant.invalid', hint = array_to_string(problems, '; ');
  end if;
end
$$;

-- Has the tenant ever been billed? Then its country, region and currency are fixed.
create function private.tenant_billed(tenant_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select from public.subscriptions s where s.tenant_id = tenant_billed.tenant_id)
      or exists (select from public.invoices i where i.tenant_id = tenant_billed.tenant_id)
$$;

create or replace function private.tenants_validate()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.country, new.region, new.currency) is distinct from (old.country, old.region, old.currency) then
    -- a request (signed-in user) needs HQ's tenants.write; tenant owners keep the rest of the profile
    if auth.uid() is not null and not private.has_permission('tenants.write') then
      raise exception using errcode = '42501', message = 'only HQ staff may change a tenant''s country, region or currency',
        detail = 'tenant.billing_fields_staff_only', hint = 'ask HQ';
    end if;
    if private.tenant_billed(old.id) then
      raise exception using errcode = 'PT409', message = 'the tenant has been billed: its country, region and currency are fixed',
        detail = 'tenant.billing_fields_locked', hint = 'country, region and currency change only before the first subscription or invoice';
    end if;
  end if;
  perform private.assert_valid_tenant(new);
  new.updated_at := now();
  return new;
end
$$;

-- For the console: may this tenant's country, region and currency still change?
create function public.tenant_billing_fields_editable(tenant_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  -- the same answer for a tenant that does not exist and one the caller may not see
  if not private.can_read_tenant(tenant_id)
     or not exists (select from public.tenants t where t.id = tenant_billing_fields_editable.tenant_id) then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found',
      hint = 'check the tenant id';
  end if;
  return private.has_permission('tenants.write') and not private.tenant_billed(tenant_id);
end
$$;
comment on function public.tenant_billing_fields_editable(uuid) is
  'true while the caller may change the tenant''s country, region and currency (HQ tenants.write, never billed)';

grant update (country, region, currency) on public.tenants to authenticated;

create or replace function public.create_tenant(
  slug text,
  name jsonb,
  country text,
  region text,
  timezone text,
  currency text,
  default_locale text default 'ar',
  legal_name text default null,
  branding jsonb default '{}',
  contact jsonb default '{}',
  custom_fields jsonb default '{}'
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
begin
  perform private.assert_permission('tenants.write');
  if create_tenant.slug is null or create_tenant.slug !~ '^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$' then
    raise exception using errcode = '22023', message = format('invalid slug %L', left(create_tenant.slug, 64)),
      detail = 'tenant.invalid_slug', hint = '3–48 characters: lower-case letters, digits and inner hyphens';
  end if;
  if exists (select from public.tenants x where x.slug = create_tenant.slug) then
    raise exception using errcode = 'PT409', message = format('the slug %L is taken', create_tenant.slug),
      detail = 'tenant.slug_taken', hint = 'choose another slug';
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    raise exception using errcode = '22023', message = 'the tenant needs an English name',
      detail = 'tenant.name_required', hint = 'name = {"en": "…", "ar": "…"}';
  end if;
  if not exists (select from public.regions r where r.code = create_tenant.region) then
    raise exception using errcode = '22023', message = format('unknown region %L', left(create_tenant.region, 16)),
      detail = 'tenant.invalid_region', hint = (select string_agg(r.code, ', ' order by r.sort) from public.regions r);
  end if;
  if not exists (select from public.countries c where c.code = create_tenant.country) then
    raise exception using errcode = '22023', message = format('invalid country %L', left(create_tenant.country, 8)),
      detail = 'tenant.invalid_country', hint = 'one of public.countries: ' || (select string_agg(c.code, ', ' order by c.code) from public.countries c);
  end if;
  if not exists (select from public.currencies c where c.code = create_tenant.currency) then
    raise exception using errcode = '22023', message = format('invalid currency %L', left(create_tenant.currency, 8)),
      detail = 'tenant.invalid_currency', hint = 'one of public.currencies: ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c);
  end if;
  if not exists (select from public.locales l where l.code = create_tenant.default_locale) then
    raise exception using errcode = '22023', message = format('unsupported locale %L', left(create_tenant.default_locale, 8)),
      detail = 'tenant.invalid_locale', hint = (select string_agg(l.code, ' or ' order by l.code) from public.locales l);
  end if;

  -- lengths and the remaining rules: private.assert_valid_tenant, through the insert trigger
  insert into public.tenants (slug, name, legal_name, country, region, timezone, currency, default_locale,
                              branding, contact, custom_fields, created_by)
  values (create_tenant.slug, create_tenant.name, nullif(trim(create_tenant.legal_name), ''), create_tenant.country,
          create_tenant.region, create_tenant.timezone, create_tenant.currency, create_tenant.default_locale,
          coalesce(create_tenant.branding, '{}'), coalesce(create_tenant.contact, '{}'),
          coalesce(create_tenant.custom_fields, '{}'), auth.uid())
  returning * into t;
  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, actor_id)
  values (t.id, null, 'draft', 'create', auth.uid());
  perform audit.record('tenant.create', 'tenant', t.id::text, null, to_jsonb(t), t.id);
  return t.id;
end
$$;

revoke execute on function private.tenant_text_limits(), private.tenant_billed(uuid),
  public.tenant_billing_fields_editable(uuid) from public, anon;
grant execute on function private.tenant_text_limits(), private.tenant_billed(uuid) to authenticated, service_role;
grant execute on function public.tenant_billing_fields_editable(uuid) to authenticated, service_role;
revoke execute on function public.create_tenant(text, jsonb, text, text, text, text, text, text, jsonb, jsonb, jsonb) from public, anon;
grant execute on function public.create_tenant(text, jsonb, text, text, text, text, text, text, jsonb, jsonb, jsonb)
  to authenticated, service_role;
