CREATE FUNCTION private.enqueue_due_invoice_periods() RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select count(private.enqueue('billing', 'billing.invoice_period',
                 jsonb_build_object('subscription_id', s.id, 'period_start', private.iso_instant(s.current_period_end)),
                 'invoice:' || s.id || ':' || private.iso_instant(s.current_period_end)))::int
  from public.subscriptions s
  where s.status in ('trialing', 'active', 'past_due') and s.current_period_end <= private.now()
$$;

REVOKE ALL ON FUNCTION private.enqueue_due_invoice_periods() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.enqueue_due_invoice_periods() FROM PUBLIC;
