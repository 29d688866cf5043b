CREATE FUNCTION private.credit_customer_balance(tenant_id uuid, amount numeric, currency text, reason text, invoice_id uuid DEFAULT NULL::uuid, credit_note_id uuid DEFAULT NULL::uuid, payment_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tenant_currency text;
begin
  if coalesce(amount, 0) <= 0 then
    return;
  end if;
  select t.currency into tenant_currency from public.tenants t where t.id = credit_customer_balance.tenant_id;
  if tenant_currency is distinct from credit_customer_balance.currency then
    perform private.fail('billing.balance_currency_mismatch', format('a %s credit cannot go to a customer balance kept in %s', currency, coalesce(tenant_currency, '(none)')));
  end if;
  perform private.ensure_billing_profile(credit_customer_balance.tenant_id);
  update public.billing_profiles b set balance = b.balance + credit_customer_balance.amount, updated_at = private.now()
  where b.tenant_id = credit_customer_balance.tenant_id;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
  values (credit_customer_balance.tenant_id, credit_customer_balance.amount, credit_customer_balance.currency,
    credit_customer_balance.reason, credit_customer_balance.invoice_id, credit_customer_balance.credit_note_id,
    credit_customer_balance.payment_id);
  perform audit.record('billing_profile.credit_balance', 'billing_profile', credit_customer_balance.tenant_id::text, null,
    jsonb_build_object('amount', credit_customer_balance.amount, 'currency', credit_customer_balance.currency,
      'invoice_id', credit_customer_balance.invoice_id, 'credit_note_id', credit_customer_balance.credit_note_id,
      'payment_id', credit_customer_balance.payment_id), credit_customer_balance.tenant_id, credit_customer_balance.reason);
end
$$;

REVOKE ALL ON FUNCTION private.credit_customer_balance(tenant_id uuid, amount numeric, currency text, reason text, invoice_id uuid, credit_note_id uuid, payment_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.credit_customer_balance(tenant_id uuid, amount numeric, currency text, reason text, invoice_id uuid, credit_note_id uuid, payment_id uuid) FROM PUBLIC;
