CREATE FUNCTION private.settle_failed_refund_credit(refund_id uuid) RETURNS numeric
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r public.refunds;
  cn public.credit_notes;
  v_target numeric;
  v_done numeric;
  v_delta numeric;
  v_balance numeric;
begin
  select * into r from public.refunds x where x.id = settle_failed_refund_credit.refund_id;
  if r.id is null or r.credit_note_id is null or r.tenant_id is null then
    return 0;
  end if;
  select * into cn from public.credit_notes c where c.id = r.credit_note_id;
  if cn.id is null or cn.method <> 'refund' then
    return 0;
  end if;
  v_target := case when r.status = 'failed' then r.amount else 0 end;
  select coalesce(sum(t.amount), 0) into v_done
  from public.customer_balance_transactions t where t.tenant_id = r.tenant_id and t.credit_note_id = cn.id;
  v_delta := v_target - v_done;
  if v_delta > 0 then
    perform private.credit_customer_balance(r.tenant_id, v_delta, r.currency,
      private.reason_code('billing.refund_failed_credited', jsonb_build_object('number', cn.number, 'failure', coalesce(r.failure_message, r.failure_code))),
      r.invoice_id, cn.id, r.payment_id);
    return v_delta;
  elsif v_delta < 0 then
    select b.balance into v_balance from public.billing_profiles b where b.tenant_id = r.tenant_id for update;
    v_delta := -least(-v_delta, coalesce(v_balance, 0));
    if v_delta = 0 then
      perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
        jsonb_build_object('balance', v_balance, 'amount', 0, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
        r.tenant_id, private.reason_code('billing.late_refund_balance_spent', jsonb_build_object('number', cn.number)));
      return 0;
    end if;
    update public.billing_profiles b set balance = b.balance + v_delta, updated_at = private.now() where b.tenant_id = r.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
    values (r.tenant_id, v_delta, r.currency, private.reason_code('billing.late_refund_taken_back', jsonb_build_object('number', cn.number)), r.invoice_id, cn.id,
      r.payment_id);
    perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
      jsonb_build_object('balance', v_balance + v_delta, 'amount', v_delta, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
      r.tenant_id, private.reason_code('billing.late_refund', jsonb_build_object('number', cn.number)));
    return v_delta;
  end if;
  return 0;
end
$$;

REVOKE ALL ON FUNCTION private.settle_failed_refund_credit(refund_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.settle_failed_refund_credit(refund_id uuid) FROM PUBLIC;
