-- Demo orders for Al Noor (active), moved along their workflows so the tenant app, the support
-- search and the workflow analytics have something to show. Idempotent: skipped when present.
do $$
declare
  t uuid := '10000000-0000-4000-a000-000000000001';
  o uuid;
  i int;
begin
  if exists (select from public.orders where tenant_id = t and number = 'ORD-0001') then
    return;
  end if;
  for i in 1 .. 12 loop
    o := (public.create_order(t, (array['wash_iron', 'dry_clean', 'iron_only', 'express'])[1 + i % 4], format('ORD-%s', lpad(i::text, 4, '0')),
                             (array['Salim Al Harthy', 'Maryam Al Balushi', 'Ahmed Al Said', 'Fatma Al Rawahi'])[1 + i % 4],
                             format('+968 9%s', lpad((i * 104729)::text, 7, '0')), 2 + i % 5, 1.500 * i) ->> 'id')::uuid;
    update public.orders set scan_status = 'ok', invoice_number = case when i % 3 = 0 then format('INV-%s', i) end,
                             paid = i % 2 = 0 where id = o;
    if i % 4 <> 3 then  -- express (i % 4 = 3) has no tagging stage
      perform public.transition_order(o, 'tagging');
    end if;
  end loop;
  -- the health score counts the tenant's own orders: recompute it now they exist
  perform private.compute_tenant_health(t);
end
$$;
