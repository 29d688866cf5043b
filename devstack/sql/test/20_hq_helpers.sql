-- Test-only helpers for HQ staff and tenants (schema `tests`), loaded by the harness after migrations.

-- An auth user who is HQ staff with the given role (active unless told otherwise).
create or replace function tests.create_staff(email text, role text, status text default 'active')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := tests.create_user(email);
begin
  insert into public.platform_staff (user_id, email, role_code, status) values (uid, lower(email), role, status);
  return uid;
end
$$;

-- A tenant in the given status, made directly (no lifecycle, no audit): a fixture, not a scenario.
create or replace function tests.create_tenant(slug text, status text default 'active', region text default 'GCC-OM')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  tid uuid;
begin
  insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
  values (slug, jsonb_build_object('en', initcap(replace(slug, '-', ' ')), 'ar', 'مغسلة'), 'OM', region, 'Asia/Muscat', 'OMR',
          jsonb_build_object('email', slug || '@example.test'), status)
  returning id into tid;
  return tid;
end
$$;

create or replace function tests.add_member(tenant_id uuid, user_id uuid, role text default 'owner')
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.tenant_members (tenant_id, user_id, role) values (tenant_id, user_id, role)
$$;

grant execute on all functions in schema tests to public;

-- An open OMR invoice made directly (no numbering, no audit): one 'adjustment' line of `subtotal`
-- plus VAT at `tax_rate` %, all of it due. A fixture for payment, credit-note and void tests.
create or replace function tests.create_open_invoice(tenant_id uuid, subtotal numeric, tax_rate numeric default 5)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid := extensions.gen_random_uuid();
  v_tax numeric := round(subtotal * tax_rate / 100, 3);
begin
  insert into public.invoices (id, tenant_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, create_open_invoice.tenant_id, 'T-' || left(v_id::text, 8), 'open', 'manual', 'OMR', 'Asia/Muscat', 'OM', tax_rate,
    subtotal, v_tax, subtotal + v_tax, subtotal + v_tax, '2026-11-01', '2026-11-15', now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, create_open_invoice.tenant_id, 1, 'adjustment', '{"en":"Service","ar":"خدمة"}', 1, subtotal, subtotal, v_tax);
  return v_id;
end
$$;
