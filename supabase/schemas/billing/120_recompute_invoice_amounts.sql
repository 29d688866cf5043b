CREATE FUNCTION private.recompute_invoice_amounts(invoice_id uuid) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  inv public.invoices;
  mu int;
  s_sub numeric;
  s_disc numeric;
  s_tax numeric;
begin
  select * into inv from public.invoices i where i.id = recompute_invoice_amounts.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status = 'draft' then
    mu := private.currency_minor_unit(inv.currency);
    update public.invoice_lines l
    set amount = round(l.quantity * l.unit_amount, mu),
        discount_amount = least(l.discount_amount, greatest(round(l.quantity * l.unit_amount, mu), 0)),
        tax_amount = round((round(l.quantity * l.unit_amount, mu) - least(l.discount_amount, greatest(round(l.quantity * l.unit_amount, mu), 0)))
                           * inv.tax_rate / 100, mu)
    where l.invoice_id = inv.id;
  end if;
  select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0), coalesce(sum(l.tax_amount), 0)
  into s_sub, s_disc, s_tax from public.invoice_lines l where l.invoice_id = inv.id;
  update public.invoices i
  set subtotal = s_sub, discount_total = s_disc, tax_total = s_tax, total = s_sub - s_disc + s_tax,
      amount_due = greatest(s_sub - s_disc + s_tax - i.balance_applied - i.amount_credited - i.amount_paid, 0),
      updated_at = private.now()
  where i.id = inv.id
  returning * into inv;
  return inv;
end
$$;

REVOKE ALL ON FUNCTION private.recompute_invoice_amounts(invoice_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.recompute_invoice_amounts(invoice_id uuid) FROM PUBLIC;
