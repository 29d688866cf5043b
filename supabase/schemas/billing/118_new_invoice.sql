CREATE FUNCTION private.new_invoice(tenant_id uuid, subscription_id uuid, billing_reason text, currency text, period_start timestamp with time zone, period_end timestamp with time zone, idempotency_key text, memo text) RETURNS public.invoices
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  p public.billing_profiles := private.ensure_billing_profile(new_invoice.tenant_id);
  inv public.invoices;
begin
  select * into t from public.tenants x where x.id = new_invoice.tenant_id;
  insert into public.invoices (tenant_id, subscription_id, billing_reason, currency, period_start, period_end, timezone,
                               tax_country, tax_rate, tax_treatment, tax_registration_number, tax_note, idempotency_key, memo, created_by)
  values (t.id, new_invoice.subscription_id, new_invoice.billing_reason, new_invoice.currency, new_invoice.period_start, new_invoice.period_end,
          t.timezone, t.country,
          case when p.tax_treatment = 'standard' then private.tax_rate_for(t.country, private.local_date(private.now(), t.timezone)) else 0 end,
          p.tax_treatment, p.tax_registration_number,
          case when p.tax_treatment <> 'standard' then coalesce(p.tax_note, private.default_tax_note(p.tax_treatment)) end,
          new_invoice.idempotency_key, new_invoice.memo, auth.uid())
  returning * into inv;
  perform private.emit_invoice_event('invoice.created', inv);  -- integrations
  return inv;
end
$$;

REVOKE ALL ON FUNCTION private.new_invoice(tenant_id uuid, subscription_id uuid, billing_reason text, currency text, period_start timestamp with time zone, period_end timestamp with time zone, idempotency_key text, memo text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.new_invoice(tenant_id uuid, subscription_id uuid, billing_reason text, currency text, period_start timestamp with time zone, period_end timestamp with time zone, idempotency_key text, memo text) FROM PUBLIC;
