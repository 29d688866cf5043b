-- Provisioning steps (C1 auto-seed): activation gives a tenant the current release, the payment
-- methods of its country and HQ's suggested prices in its currency. Each step only adds what is
-- missing, so a reactivation applies the delta and never overwrites the tenant's choices.

create function private.provision_catalog(tenant_id uuid) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  latest integer := (select max(r.release_no) from public.catalog_releases r);
begin
  insert into public.tenant_catalog_state as s (tenant_id, release_no, status, synced_at)
  values (tenant_id, latest, case when latest is null then 'pending' else 'synced' end, case when latest is null then null else now() end)
  on conflict on constraint tenant_catalog_state_pkey do update
    set release_no = excluded.release_no, status = excluded.status, synced_at = excluded.synced_at, updated_at = now()
    where s.release_no is null;
end
$$;
revoke all on function private.provision_catalog(uuid) from public, anon, authenticated, service_role;

create function private.provision_payment_methods(tenant_id uuid) returns void
    language sql security definer
    set search_path to ''
    as $$
  insert into public.tenant_payment_methods (tenant_id, method_code)
  select t.id, r.code
  from public.tenants t
  join public.tenant_catalog_state s on s.tenant_id = t.id
  join public.catalog_release_entries r on r.release_no = s.release_no and r.family = 'payment_methods' and r.active and not r.retired
  where t.id = provision_payment_methods.tenant_id
    and (not r.attributes ? 'countries' or r.attributes -> 'countries' ? t.country)
  on conflict do nothing
$$;
revoke all on function private.provision_payment_methods(uuid) from public, anon, authenticated, service_role;

create function private.provision_price_list(tenant_id uuid) returns void
    language sql security definer
    set search_path to ''
    as $$
  insert into public.tenant_prices (tenant_id, item_code, service_code, currency, price, source)
  select t.id, p.item_code, p.service_code, p.currency, p.price, 'suggested'
  from public.tenants t
  join public.catalog_price_suggestions p on p.currency = t.currency
  where t.id = provision_price_list.tenant_id
  on conflict do nothing
$$;
revoke all on function private.provision_price_list(uuid) from public, anon, authenticated, service_role;

select private.register_provisioning_step('catalog', '{"en": "Catalog", "ar": "الكتالوج"}', 30,
  'private.provision_catalog(uuid)'::regprocedure, 1, '{"en": "The current HQ catalog release"}');
select private.register_provisioning_step('payment_methods', '{"en": "Payment methods", "ar": "طرق الدفع"}', 31,
  'private.provision_payment_methods(uuid)'::regprocedure, 1, '{"en": "The payment methods of the tenant''s country"}');
select private.register_provisioning_step('price_list', '{"en": "Price list", "ar": "قائمة الأسعار"}', 32,
  'private.provision_price_list(uuid)'::regprocedure, 1, '{"en": "HQ''s suggested prices in the tenant''s currency, where it has none"}');
