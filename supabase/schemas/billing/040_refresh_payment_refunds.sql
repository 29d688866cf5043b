CREATE FUNCTION private.refresh_payment_refunds(payment_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p public.payments;
  v_target numeric;
  v_done numeric;
  v_delta numeric;
  v_balance numeric;
begin
  update public.payments x
  set amount_refunded = coalesce((select sum(r.amount) from public.refunds r
                                  where r.payment_id = x.id and r.status = 'succeeded'), 0),
      updated_at = now()
  where x.id = refresh_payment_refunds.payment_id
    and x.amount_refunded is distinct from coalesce((select sum(r.amount) from public.refunds r
                                                     where r.payment_id = x.id and r.status = 'succeeded'), 0);

  select * into p from public.payments x where x.id = refresh_payment_refunds.payment_id;
  if p.id is null or p.applied_at is null or p.tenant_id is null or p.applied_to not in ('invoice', 'customer_balance')
     or p.amount - p.applied_amount <= 0 then
    return;
  end if;
  select least(coalesce(sum(r.amount), 0), p.amount - p.applied_amount) into v_target
  from public.refunds r
  where r.payment_id = p.id and r.status = 'succeeded' and r.credit_note_id is null and r.currency = p.currency;
  select -coalesce(sum(t.amount), 0) into v_done
  from public.customer_balance_transactions t where t.payment_id = p.id and t.amount < 0;
  v_delta := v_target - v_done;
  if v_delta <= 0 then
    return;
  end if;
  select b.balance into v_balance from public.billing_profiles b where b.tenant_id = p.tenant_id for update;
  v_delta := least(v_delta, coalesce(v_balance, 0));
  if v_delta <= 0 then
    return;  -- already spent on later invoices: nothing left to take back
  end if;
  update public.billing_profiles b set balance = b.balance - v_delta, updated_at = private.now() where b.tenant_id = p.tenant_id;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, payment_id)
  values (p.tenant_id, -v_delta, p.currency, format('refunded at the gateway: payment %s', coalesce(p.gateway_payment_id, p.id::text)),
    p.invoice_id, p.id);
  perform audit.record('billing_profile.debit_balance', 'billing_profile', p.tenant_id::text, jsonb_build_object('balance', v_balance),
    jsonb_build_object('balance', v_balance - v_delta, 'amount', -v_delta, 'currency', p.currency, 'payment_id', p.id),
    p.tenant_id, private.reason_code('billing.gateway_refund_from_balance'));
end
$$;

REVOKE ALL ON FUNCTION private.refresh_payment_refunds(payment_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.refresh_payment_refunds(payment_id uuid) FROM PUBLIC;
