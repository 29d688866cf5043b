CREATE FUNCTION private.add_overage_lines(inv public.invoices) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  mu int;
  base int;
begin
  if not exists (select from public.limit_breaches b where b.tenant_id = inv.tenant_id and b.outcome = 'overage' and b.billed_at is null) then
    return;
  end if;
  mu := private.currency_minor_unit(inv.currency);
  base := coalesce((select max(l.position) from public.invoice_lines l where l.invoice_id = inv.id), 0);
  with b as (
    select lb.feature_key, lb.unit_price, sum(lb.overage_units) as units, array_agg(lb.id order by lb.id) as ids
    from public.limit_breaches lb
    where lb.tenant_id = inv.tenant_id and lb.outcome = 'overage' and lb.billed_at is null and lb.currency = inv.currency
      and lb.unit_price is not null and lb.overage_units > 0
    group by lb.feature_key, lb.unit_price
  ), ins as (
    insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, source)
    select inv.id, inv.tenant_id, base + row_number() over (order by b.feature_key, b.unit_price), 'overage',
           jsonb_build_object('en', format('Overage: %s (%s units)', coalesce(f.name ->> 'en', b.feature_key), b.units),
                              'ar', format('استخدام إضافي: %s (%s وحدة)', coalesce(f.name ->> 'ar', f.name ->> 'en', b.feature_key), b.units)),
           b.units, b.unit_price, round(b.units * b.unit_price, mu),
           jsonb_build_object('feature_key', b.feature_key, 'breach_ids', to_jsonb(b.ids))
    from b left join public.features f on f.key = b.feature_key
    returning 1
  )
  update public.limit_breaches lb set billed_at = private.now()
  from b where lb.id = any (b.ids);
end
$$;

REVOKE ALL ON FUNCTION private.add_overage_lines(inv public.invoices) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.add_overage_lines(inv public.invoices) FROM PUBLIC;
