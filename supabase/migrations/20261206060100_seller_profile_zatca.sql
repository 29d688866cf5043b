-- The seller on a tax invoice, and ZATCA's QR code (issue 13 §14). docs/billing-invoices.md.
--
-- * public.seller_profile: one row, HQ's selling entity: legal name and address in en/ar, home
--   country, and its VAT registrations per country ({"OM": "...", "SA": "3…3"}). Everyone signed in
--   reads it (it is printed on every invoice); public.set_seller_profile (billing.write) edits it,
--   audited. There is no row until HQ sets one (the demo seed sets one).
-- * public.invoices.seller: the seller profile as it was when the invoice got its number (a
--   trigger, so every path that finalises an invoice takes it): a reprint never shows a later name,
--   address or VAT number.
-- * private.zatca_tlv_base64: the TLV rule in one place — base64 of tag byte, length byte, UTF-8
--   value for 1 seller name, 2 seller VAT number, 3 timestamp (ISO 8601), 4 total with VAT,
--   5 VAT total. public.invoice_zatca_qr(invoice_id) applies it to a numbered invoice of a Saudi
--   customer (a simplified tax invoice) when the seller has a Saudi VAT number; null otherwise.

create table public.seller_profile (
  id int primary key default 1 check (id = 1),
  legal_name jsonb not null check (jsonb_typeof(legal_name) = 'object' and coalesce(btrim(legal_name ->> 'en'), '') <> ''),
  address jsonb not null default '{}' check (jsonb_typeof(address) = 'object'),
  country text not null check (country ~ '^[A-Z]{2}$'),
  tax_registrations jsonb not null default '{}' check (jsonb_typeof(tax_registrations) = 'object'),
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null
);
create index seller_profile_updated_by_idx on public.seller_profile (updated_by);
alter table public.seller_profile enable row level security;
revoke all on public.seller_profile from public, anon, authenticated;
grant select on public.seller_profile to authenticated, service_role;
create policy "signed-in users read the seller profile" on public.seller_profile for select to authenticated using (true);
comment on table public.seller_profile is
  'HQ''s selling entity, printed on every invoice: legal name and address ({en, ar}), home country, VAT registrations per country. One row; edited through public.set_seller_profile.';
comment on column public.seller_profile.tax_registrations is
  'VAT registration numbers (TRN) by ISO country: {"OM": "OM1100…", "SA": "3…3"}. An invoice shows the one of its customer''s country, else the home country''s.';

alter table public.invoices add column if not exists seller jsonb;
comment on column public.invoices.seller is
  'The seller profile (legal_name, address, country, tax_registrations) when the invoice was numbered; null for invoices numbered before the seller profile existed.';

-- ── editing ─────────────────────────────────────────────────────────────────────────────────

-- Validates a {en, ar} text object: only those keys, strings of at most max_len characters.
create function private.seller_text_error(v jsonb, field text, max_len int, required boolean)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if v is null or jsonb_typeof(v) <> 'object' then
    return format('%s: an object {en, ar}', field);
  end if;
  if exists (select from jsonb_each(v) x where x.key not in ('en', 'ar') or jsonb_typeof(x.value) <> 'string' or length(x.value #>> '{}') > max_len) then
    return format('%s: only en and ar, texts of at most %s characters', field, max_len);
  end if;
  if required and coalesce(btrim(v ->> 'en'), '') = '' then
    return format('%s.en is required', field);
  end if;
  return null;
end
$$;

-- profile: {legal_name: {en, ar} (≤ 200 each), address: {en, ar} (≤ 500 each), country: ISO 3166
-- alpha-2, tax_registrations: {CC: number (A-Z 0-9, ≤ 20; Saudi: 15 digits, first and last 3)}}.
-- Keys left out keep their value.
create function public.set_seller_profile(profile jsonb, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  cur public.seller_profile;
  nxt public.seller_profile;
  errors text[] := '{}';
  e text;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  if profile is null or jsonb_typeof(profile) <> 'object' or length(profile::text) > 4000 then
    perform private.billing_fail('22023', 'invalid_seller_profile', 'the seller profile must be a JSON object of at most 4000 characters',
      'keys: legal_name, address, country, tax_registrations');
  end if;
  select * into cur from public.seller_profile s where s.id = 1 for update;
  nxt := cur;
  nxt.id := 1;
  if profile ? 'legal_name' then nxt.legal_name := profile -> 'legal_name'; end if;
  if profile ? 'address' then nxt.address := profile -> 'address'; end if;
  if profile ? 'country' then nxt.country := profile ->> 'country'; end if;
  if profile ? 'tax_registrations' then nxt.tax_registrations := profile -> 'tax_registrations'; end if;
  nxt.address := coalesce(nxt.address, '{}');
  nxt.tax_registrations := coalesce(nxt.tax_registrations, '{}');

  if exists (select from jsonb_object_keys(profile) k where k not in ('legal_name', 'address', 'country', 'tax_registrations')) then
    errors := errors || 'only legal_name, address, country and tax_registrations'::text;
  end if;
  e := private.seller_text_error(nxt.legal_name, 'legal_name', 200, true);
  if e is not null then errors := errors || e; end if;
  e := private.seller_text_error(nxt.address, 'address', 500, false);
  if e is not null then errors := errors || e; end if;
  if coalesce(nxt.country, '') !~ '^[A-Z]{2}$' then
    errors := errors || 'country: an ISO 3166 alpha-2 code, e.g. OM'::text;
  end if;
  if jsonb_typeof(nxt.tax_registrations) <> 'object' then
    errors := errors || 'tax_registrations: an object {country: VAT number}'::text;
  else
    select errors || coalesce(array_agg(format('tax_registrations.%s: %s', x.key,
             case when x.key !~ '^[A-Z]{2}$' then 'the key is an ISO country code'
                  when x.key = 'SA' then 'a Saudi VAT number has 15 digits, the first and last being 3'
                  else 'letters and digits, at most 20' end) order by x.key), '{}')
    into errors
    from jsonb_each(nxt.tax_registrations) x
    where x.key !~ '^[A-Z]{2}$' or jsonb_typeof(x.value) <> 'string'
       or (x.key = 'SA' and (x.value #>> '{}') !~ '^3[0-9]{13}3$')
       or (x.value #>> '{}') !~ '^[A-Z0-9]{1,20}$';
  end if;
  if cardinality(errors) > 0 then
    perform private.billing_fail('22023', 'invalid_seller_profile', 'the seller profile is not valid', array_to_string(errors, '; '));
  end if;

  insert into public.seller_profile as s (id, legal_name, address, country, tax_registrations, updated_at, updated_by)
  values (1, nxt.legal_name, nxt.address, nxt.country, nxt.tax_registrations, now(), auth.uid())
  on conflict (id) do update set legal_name = excluded.legal_name, address = excluded.address, country = excluded.country,
    tax_registrations = excluded.tax_registrations, updated_at = excluded.updated_at, updated_by = excluded.updated_by
  returning * into nxt;
  perform audit.record('seller_profile.update', 'seller_profile', '1',
    case when cur.id is not null then to_jsonb(cur) - 'updated_at' - 'updated_by' end,
    to_jsonb(nxt) - 'updated_at' - 'updated_by', null, reason);
  return to_jsonb(nxt);
end
$$;
comment on function public.set_seller_profile(jsonb, text) is
  'Sets HQ''s seller profile (billing.write, audited): {legal_name {en, ar}, address {en, ar}, country, tax_registrations {CC: VAT number}}; keys left out keep their value. Invoices numbered afterwards carry it.';

-- ── the snapshot on the invoice ─────────────────────────────────────────────────────────────

create function private.invoice_take_seller()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.number is not null and new.seller is null then
    new.seller := (select to_jsonb(s) - 'id' - 'updated_at' - 'updated_by' from public.seller_profile s where s.id = 1);
  end if;
  return new;
end
$$;
create trigger invoices_take_seller before insert or update of number on public.invoices
  for each row execute function private.invoice_take_seller();

-- ── ZATCA QR (simplified tax invoice) ───────────────────────────────────────────────────────

-- base64 of the TLV string: for tags 1..5 in order, one byte tag, one byte length, the UTF-8 bytes.
create function private.zatca_tlv_base64(seller_name text, vat_number text, issued_at timestamptz, total text, vat_total text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  vals text[] := array[seller_name, vat_number, to_char(issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), total, vat_total];
  tlv bytea := '';
  v bytea;
  i int;
begin
  for i in 1 .. 5 loop
    if vals[i] is null or vals[i] = '' then
      raise exception using errcode = '22023', message = format('ZATCA QR: tag %s has no value', i), detail = 'billing.invalid_seller_profile',
        hint = 'the seller needs a name and a Saudi VAT number';
    end if;
    v := convert_to(vals[i], 'UTF8');
    if octet_length(v) > 255 then
      raise exception using errcode = '22023', message = format('ZATCA QR: tag %s is longer than 255 bytes', i),
        detail = 'billing.invalid_seller_profile', hint = 'shorten the seller''s legal name';
    end if;
    tlv := tlv || set_byte('\x00'::bytea, 0, i) || set_byte('\x00'::bytea, 0, octet_length(v)) || v;
  end loop;
  return translate(encode(tlv, 'base64'), E'\n', '');
end
$$;
comment on function private.zatca_tlv_base64(text, text, timestamptz, text, text) is
  'ZATCA QR payload: base64 of TLV (tag byte, length byte, UTF-8 value) for 1 seller name, 2 VAT number, 3 timestamp ISO 8601 (UTC), 4 total with VAT, 5 VAT total.';

-- The QR payload of an invoice the caller can read (RLS), or null when it is not a Saudi
-- customer's numbered invoice or the seller has no Saudi VAT number.
create function public.invoice_zatca_qr(invoice_id uuid)
returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  inv public.invoices;
  seller jsonb;
  buyer_country text;
  minor int;
begin
  select * into inv from public.invoices i where i.id = invoice_zatca_qr.invoice_id;
  if inv.id is null or inv.number is null or inv.finalized_at is null or inv.status = 'void' then
    return null;
  end if;
  select coalesce(nullif(b.address ->> 'country', ''), t.country) into buyer_country
  from public.tenants t left join public.billing_profiles b on b.tenant_id = t.id where t.id = inv.tenant_id;
  seller := coalesce(inv.seller, (select to_jsonb(s) from public.seller_profile s where s.id = 1));
  if buyer_country is distinct from 'SA' or seller -> 'tax_registrations' ->> 'SA' is null then
    return null;
  end if;
  select c.minor_unit into minor from public.currencies c where c.code = inv.currency;
  return private.zatca_tlv_base64(coalesce(nullif(btrim(seller -> 'legal_name' ->> 'ar'), ''), seller -> 'legal_name' ->> 'en'),
                                  seller -> 'tax_registrations' ->> 'SA', inv.finalized_at,
                                  round(inv.total, coalesce(minor, 2))::text, round(inv.tax_total, coalesce(minor, 2))::text);
end
$$;
comment on function public.invoice_zatca_qr(uuid) is
  'ZATCA QR payload (base64 TLV) of a numbered invoice of a Saudi customer, from the seller profile the invoice carries; null when not applicable.';

revoke execute on function private.seller_text_error(jsonb, text, int, boolean), private.invoice_take_seller()
  from public, anon, authenticated;
-- a pure function: public.invoice_zatca_qr runs as its caller (RLS decides what it reads)
revoke execute on function private.zatca_tlv_base64(text, text, timestamptz, text, text) from public, anon;
grant execute on function private.zatca_tlv_base64(text, text, timestamptz, text, text) to authenticated, service_role;
revoke execute on function public.set_seller_profile(jsonb, text), public.invoice_zatca_qr(uuid) from public, anon;
grant execute on function public.set_seller_profile(jsonb, text), public.invoice_zatca_qr(uuid) to authenticated, service_role;
