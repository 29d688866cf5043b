-- Adds an item to an order in the tenant's catalog terms: every code must be a visible entry of the
-- release the tenant runs (the item type must take the service category), the price comes from the
-- tenant's price list, and the order's items_count and amount_total follow. Owners, admins and
-- operators of the tenant (or a full impersonation), as for the order's other facts.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.add_order_item, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.add_order_item(order_id uuid, item_code text, service_code text, quantity integer default 1,
    preferences text[] default '{}', colour_code text default null, fabric_code text default null,
    stain_codes text[] default '{}', note text default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.add_order_item(order_id, item_code, service_code, quantity, preferences, colour_code, fabric_code, stain_codes, note) $$;

create function private.add_order_item(order_id uuid, item_code text, service_code text, quantity integer default 1,
    preferences text[] default '{}', colour_code text default null, fabric_code text default null,
    stain_codes text[] default '{}', note text default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o public.orders;
  release integer;
  problems text[] := '{}';
  price numeric(14,3);
  item_id uuid;
  after_order public.orders;
  wanted record;
begin
  o := private.order_for_fact(add_order_item.order_id, 'items');
  perform private.assert_text_size(note, 'the note', 'note');
  if quantity is null or quantity not between 1 and 1000 then
    problems := problems || 'the quantity is 1–1000'::text;
  end if;
  if cardinality(preferences) > 20 or cardinality(stain_codes) > 20 then
    problems := problems || 'at most 20 preferences and 20 stains'::text;
  end if;
  select s.release_no into release from public.tenant_catalog_state s where s.tenant_id = o.tenant_id;
  if release is null then
    perform private.fail('catalog.tenant_not_provisioned', 'the tenant has no catalog yet');
  end if;
  for wanted in
    select x.family, x.code from (values ('item_types', item_code), ('service_categories', service_code),
      ('colours', colour_code), ('fabrics', fabric_code)) x(family, code) where x.code is not null
    union all select 'preferences', p from unnest(coalesce(preferences, '{}')) p
    union all select 'stains', st from unnest(coalesce(stain_codes, '{}')) st
  loop
    if not exists (select from public.tenant_catalog_entries e
                   where e.tenant_id = o.tenant_id and e.family = wanted.family and e.code = wanted.code and e.visible) then
      problems := problems || format('%s is not offered (%s)', left(wanted.code, 40), wanted.family);
    end if;
  end loop;
  if not exists (select from public.catalog_release_entries r where r.release_no = release and r.family = 'item_types'
                 and r.code = item_code and r.attributes -> 'service_categories' ? service_code) then
    problems := problems || format('%s does not take %s', left(coalesce(item_code, 'null'), 40), left(coalesce(service_code, 'null'), 40));
  end if;
  if cardinality(problems) > 0 then
    perform private.fail('order.invalid_item', 'the order item is not valid', array_to_string(problems, '; '));
  end if;
  select p.price into price from public.tenant_prices p
  where p.tenant_id = o.tenant_id and p.item_code = add_order_item.item_code and p.service_code = add_order_item.service_code;
  insert into public.order_items (order_id, tenant_id, item_code, service_code, quantity, unit_price, amount, preferences,
                                  colour_code, fabric_code, stain_codes, note, catalog_release_no, created_by)
  values (o.id, o.tenant_id, item_code, service_code, quantity, coalesce(price, 0), quantity * coalesce(price, 0),
          coalesce(preferences, '{}'), colour_code, fabric_code, coalesce(stain_codes, '{}'), nullif(btrim(note), ''), release, auth.uid())
  returning id into item_id;
  update public.orders x
  set items_count = (select coalesce(sum(i.quantity), 0) from public.order_items i where i.order_id = o.id),
      amount_total = (select coalesce(sum(i.amount), 0) from public.order_items i where i.order_id = o.id)
  where x.id = o.id
  returning * into after_order;
  perform audit.record('order.add_item', 'order', o.id::text,
    jsonb_build_object('items_count', o.items_count, 'amount_total', o.amount_total),
    jsonb_build_object('item_id', item_id, 'item', item_code, 'service', service_code, 'quantity', quantity,
                       'items_count', after_order.items_count, 'amount_total', after_order.amount_total),
    o.tenant_id, null);
  return jsonb_build_object('id', item_id, 'unit_price', coalesce(price, 0), 'priced', price is not null,
    'items_count', after_order.items_count, 'amount_total', after_order.amount_total);
end
$$;

revoke all on function public.add_order_item(uuid, text, text, integer, text[], text, text, text[], text) from public, anon, authenticated, service_role;
grant execute on function public.add_order_item(uuid, text, text, integer, text[], text, text, text[], text) to authenticated, service_role;
comment on function public.add_order_item(uuid, text, text, integer, text[], text, text, text[], text) is
  'Adds an item to an order in the tenant''s catalog terms (item type, service category, preferences, colour, fabric, stains: visible entries of its release), priced from its price list; the order''s items_count and amount_total follow. Answers {id, unit_price, priced, items_count, amount_total}.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.add_order_item(uuid, text, text, integer, text[], text, text, text[], text) from public, anon, authenticated, service_role;
grant execute on function private.add_order_item(uuid, text, text, integer, text[], text, text, text[], text) to authenticated, service_role;
