-- A tenant's own price for an item type and service category of its release, in its currency
-- (tenant owners and admins, HQ tenants.write). A null price removes it.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_tenant_price, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.set_tenant_price(tenant_id uuid, item_code text, service_code text, price numeric) returns void
    language sql
    set search_path to ''
    as $$ select private.set_tenant_price(tenant_id, item_code, service_code, price) $$;

create function private.set_tenant_price(tenant_id uuid, item_code text, service_code text, price numeric) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  item public.catalog_release_entries;
  tenant_currency text;
  before_row public.tenant_prices;
begin
  if not private.can_write_tenant(tenant_id) then
    perform private.fail('catalog.forbidden', 'you may not change this tenant''s prices');
  end if;
  select r.* into item from public.tenant_catalog_state s
  join public.catalog_release_entries r on r.release_no = s.release_no and r.family = 'item_types' and r.code = set_tenant_price.item_code
  where s.tenant_id = set_tenant_price.tenant_id and not r.retired;
  if item.code is null or not (item.attributes -> 'service_categories') ? service_code then
    perform private.fail('catalog.invalid_price', format('%s is not an item type that takes %s in the tenant''s catalog', left(item_code, 40), left(service_code, 40)),
      'price an item type for one of its service categories');
  end if;
  if price is not null and (price < 0 or price > 1000000 or scale(price) > 3) then
    perform private.fail('catalog.invalid_price', 'a price is between 0 and 1,000,000 with at most 3 decimals');
  end if;
  select t.currency into tenant_currency from public.tenants t where t.id = set_tenant_price.tenant_id;
  select * into before_row from public.tenant_prices p
  where p.tenant_id = set_tenant_price.tenant_id and p.item_code = set_tenant_price.item_code and p.service_code = set_tenant_price.service_code for update;
  if price is null then
    delete from public.tenant_prices p where p.tenant_id = set_tenant_price.tenant_id and p.item_code = set_tenant_price.item_code
      and p.service_code = set_tenant_price.service_code;
  else
    insert into public.tenant_prices as p (tenant_id, item_code, service_code, currency, price, source, updated_by)
    values (tenant_id, item_code, service_code, tenant_currency, price, 'tenant', auth.uid())
    on conflict on constraint tenant_prices_pkey do update
      set price = excluded.price, currency = excluded.currency, source = 'tenant', updated_at = now(), updated_by = excluded.updated_by;
  end if;
  perform audit.record('catalog.price_set', 'tenant_price', format('%s:%s', item_code, service_code), to_jsonb(before_row),
    case when price is null then null else jsonb_build_object('price', price, 'currency', tenant_currency) end, tenant_id, null);
end
$$;
revoke all on function public.set_tenant_price(uuid, text, text, numeric) from public, anon, authenticated, service_role;
grant execute on function public.set_tenant_price(uuid, text, text, numeric) to authenticated, service_role;
comment on function public.set_tenant_price(uuid, text, text, numeric) is
  'Sets (or with null removes) a tenant''s price for an item type and service category, in its currency (tenant owner/admin or HQ tenants.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.set_tenant_price(uuid, text, text, numeric) from public, anon, authenticated, service_role;
grant execute on function private.set_tenant_price(uuid, text, text, numeric) to authenticated, service_role;

-- HQ's suggested price per currency (catalogs.write); a null price removes the suggestion.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_suggested_price, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.set_suggested_price(currency text, item_code text, service_code text, price numeric, reason text default null) returns void
    language sql
    set search_path to ''
    as $$ select private.set_suggested_price(currency, item_code, service_code, price, reason) $$;

create function private.set_suggested_price(currency text, item_code text, service_code text, price numeric, reason text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.catalog_price_suggestions;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if not exists (select from public.currencies c where c.code = set_suggested_price.currency)
     or not exists (select from public.catalog_entries e where e.family = 'item_types' and e.code = set_suggested_price.item_code
                    and e.retired_at is null and e.attributes -> 'service_categories' ? set_suggested_price.service_code) then
    perform private.fail('catalog.invalid_price', 'a suggested price needs a known currency and an item type that takes the service category');
  end if;
  if price is not null and (price < 0 or price > 1000000 or scale(price) > 3) then
    perform private.fail('catalog.invalid_price', 'a price is between 0 and 1,000,000 with at most 3 decimals');
  end if;
  select * into before_row from public.catalog_price_suggestions s
  where s.currency = set_suggested_price.currency and s.item_code = set_suggested_price.item_code and s.service_code = set_suggested_price.service_code for update;
  if price is null then
    delete from public.catalog_price_suggestions s where s.currency = set_suggested_price.currency
      and s.item_code = set_suggested_price.item_code and s.service_code = set_suggested_price.service_code;
  else
    insert into public.catalog_price_suggestions as s (currency, item_code, service_code, price)
    values (currency, item_code, service_code, price)
    on conflict on constraint catalog_price_suggestions_pkey do update set price = excluded.price, updated_at = now();
  end if;
  perform audit.record('catalog.suggested_price_set', 'catalog_price', format('%s:%s:%s', currency, item_code, service_code),
    to_jsonb(before_row), case when price is null then null else jsonb_build_object('price', price) end, null, reason);
end
$$;
revoke all on function public.set_suggested_price(text, text, text, numeric, text) from public, anon, authenticated, service_role;
grant execute on function public.set_suggested_price(text, text, text, numeric, text) to authenticated, service_role;
comment on function public.set_suggested_price(text, text, text, numeric, text) is
  'Sets (or with null removes) HQ''s suggested price per currency, item type and service category (catalogs.write); never written over a tenant''s own price.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.set_suggested_price(text, text, text, numeric, text) from public, anon, authenticated, service_role;
grant execute on function private.set_suggested_price(text, text, text, numeric, text) to authenticated, service_role;
