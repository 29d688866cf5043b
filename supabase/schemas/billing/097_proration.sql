CREATE FUNCTION private.proration(s public.subscriptions, old_amount numeric, new_amount numeric) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  p public.billing_profiles;
  mu int := private.currency_minor_unit(s.currency);
  today date;
  d0 date;
  d1 date;
  days int;
  remaining int;
  credit numeric;
  charge numeric;
  rate numeric;
  credit_tax numeric;
  charge_tax numeric;
begin
  select * into t from public.tenants x where x.id = s.tenant_id;
  select * into p from public.billing_profiles b where b.tenant_id = s.tenant_id;
  today := private.local_date(private.now(), t.timezone);
  d0 := private.local_date(s.current_period_start, t.timezone);
  d1 := private.local_date(s.current_period_end, t.timezone);
  days := greatest(d1 - d0, 1);
  remaining := least(greatest(d1 - today, 0), days);
  credit := -round(coalesce(old_amount, 0) * remaining / days, mu);
  charge := round(coalesce(new_amount, 0) * remaining / days, mu);
  rate := case when coalesce(p.tax_treatment, 'standard') = 'standard' then private.tax_rate_for(t.country, today) else 0 end;
  credit_tax := round(credit * rate / 100, mu);
  charge_tax := round(charge * rate / 100, mu);
  return jsonb_build_object('currency', s.currency, 'timezone', t.timezone, 'today', today, 'period_start_date', d0, 'period_end_date', d1,
    'days_in_period', days, 'days_remaining', remaining, 'old_amount', coalesce(old_amount, 0), 'new_amount', coalesce(new_amount, 0),
    'credit', credit, 'charge', charge, 'net', credit + charge, 'tax_rate', rate, 'tax', credit_tax + charge_tax,
    'total', credit + charge + credit_tax + charge_tax);
end
$$;

REVOKE ALL ON FUNCTION private.proration(s public.subscriptions, old_amount numeric, new_amount numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.proration(s public.subscriptions, old_amount numeric, new_amount numeric) FROM PUBLIC;
