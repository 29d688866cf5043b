CREATE FUNCTION private.final_invoice(s public.subscriptions, credit jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  mu int := private.currency_minor_unit(s.currency);
  net numeric := coalesce(-(credit ->> 'credit')::numeric, 0);      -- > 0
  gross numeric := coalesce(-(credit ->> 'total')::numeric, 0);     -- with VAT
  overage numeric;
  on_invoice numeric := 0;
  on_invoice_gross numeric := 0;
  to_balance numeric;
  lbl jsonb := private.interval_label(s.billing_interval);
  plan_name jsonb;
  n int;
begin
  if exists (select from public.limit_breaches b where b.tenant_id = s.tenant_id and b.outcome = 'overage' and b.billed_at is null
             and b.currency = s.currency and b.unit_price is not null and b.overage_units > 0) then
    inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, s.current_period_start,
                               greatest(private.now(), s.current_period_start + interval '1 second'),
                               'invoice:' || s.id || ':final', 'final invoice: subscription cancelled');
    perform private.add_overage_lines(inv);
    select coalesce(sum(l.amount), 0), coalesce(max(l.position), 0) into overage, n from public.invoice_lines l where l.invoice_id = inv.id;
    on_invoice := least(net, overage);
    if on_invoice > 0 then
      select p.name into plan_name from public.plans p where p.id = s.plan_id;
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values (inv.id, s.tenant_id, n + 1, 'proration',
              jsonb_build_object('en', format('Unused time on %s (%s): %s of %s days', coalesce(plan_name ->> 'en', 'add-ons'), lbl ->> 'en',
                                              credit ->> 'days_remaining', credit ->> 'days_in_period'),
                                 'ar', format('الوقت غير المستخدم من %s (%s): %s من %s يوم', coalesce(plan_name ->> 'ar', plan_name ->> 'en', 'الإضافات'), lbl ->> 'ar',
                                              credit ->> 'days_remaining', credit ->> 'days_in_period')),
              1, -on_invoice, -on_invoice, private.now(), s.current_period_end,
              jsonb_build_object('proration', credit, 'side', 'credit', 'reason', 'cancel_now', 'capped', on_invoice < net));
    end if;
    inv := private.finalize_invoice_core(inv.id);
    on_invoice_gross := on_invoice + coalesce((select -l.tax_amount from public.invoice_lines l where l.invoice_id = inv.id and l.kind = 'proration'), 0);
  end if;
  to_balance := greatest(gross - on_invoice_gross, 0);
  perform private.credit_customer_balance(s.tenant_id, to_balance, s.currency,
    format('unused time after cancellation (%s of %s days)', credit ->> 'days_remaining', credit ->> 'days_in_period')
      || coalesce(' — rest of the credit on invoice ' || inv.number, ''),
    inv.id);
  return jsonb_build_object('invoice_id', inv.id, 'credit_net', net, 'credit_total', gross, 'credit_on_invoice', on_invoice_gross,
                            'credit_to_balance', to_balance, 'proration', credit);
end
$$;

REVOKE ALL ON FUNCTION private.final_invoice(s public.subscriptions, credit jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.final_invoice(s public.subscriptions, credit jsonb) FROM PUBLIC;
