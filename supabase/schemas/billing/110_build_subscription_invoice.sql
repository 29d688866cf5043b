CREATE FUNCTION private.build_subscription_invoice(s public.subscriptions, billing_reason text, idempotency_key text, period_start timestamp with time zone, period_end timestamp with time zone, with_overage boolean, with_audit boolean DEFAULT true) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
begin
  inv := private.new_invoice(s.tenant_id, s.id, billing_reason, s.currency, period_start, period_end, idempotency_key, null);
  perform private.add_subscription_lines(inv, s, period_start, period_end);
  if with_overage then
    perform private.add_overage_lines(inv);
  end if;
  perform private.apply_invoice_discounts(inv.id, s.id);
  return private.finalize_invoice_core(inv.id, with_audit);
end
$$;

REVOKE ALL ON FUNCTION private.build_subscription_invoice(s public.subscriptions, billing_reason text, idempotency_key text, period_start timestamp with time zone, period_end timestamp with time zone, with_overage boolean, with_audit boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.build_subscription_invoice(s public.subscriptions, billing_reason text, idempotency_key text, period_start timestamp with time zone, period_end timestamp with time zone, with_overage boolean, with_audit boolean) FROM PUBLIC;
