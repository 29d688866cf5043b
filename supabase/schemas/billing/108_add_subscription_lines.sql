CREATE FUNCTION private.add_subscription_lines(inv public.invoices, s public.subscriptions, period_start timestamp with time zone, period_end timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
  mu int := private.currency_minor_unit(s.currency);
  lbl jsonb := private.interval_label(s.billing_interval);
  d0 text := to_char(private.local_date(period_start, inv.timezone), 'YYYY-MM-DD');
  d1 text := to_char(private.local_date(period_end, inv.timezone) - 1, 'YYYY-MM-DD');
  base int := 0;  -- called for a fresh invoice: the plan line is line 1
begin
  if s.plan_id is not null then
    insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
    select inv.id, inv.tenant_id, base + 1, 'plan',
           jsonb_build_object('en', format('%s plan (%s), %s – %s', p.name ->> 'en', lbl ->> 'en', d0, d1),
                              'ar', format('خطة %s (%s)، %s – %s', coalesce(p.name ->> 'ar', p.name ->> 'en'), lbl ->> 'ar', d0, d1)),
           1, pp.amount, round(pp.amount, mu), period_start, period_end,
           jsonb_build_object('plan_id', p.id, 'plan_code', p.code, 'interval', s.billing_interval)
    from public.plans p join public.plan_prices pp on pp.plan_id = p.id and pp.currency = s.currency and pp.interval = s.billing_interval
    where p.id = s.plan_id;
    if found then
      base := base + 1;
    end if;
  end if;
  if exists (select from public.subscription_add_ons sa where sa.subscription_id = s.id) then
    insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
    select inv.id, inv.tenant_id, base + row_number() over (order by x.code), 'add_on', x.description, x.quantity, x.unit_amount,
           round(x.quantity * x.unit_amount, mu), period_start, period_end, x.source
    from (
      select a.code,
             jsonb_build_object('en', format('%s add-on (%s), %s – %s', a.name ->> 'en', lbl ->> 'en', d0, d1),
                                'ar', format('إضافة %s (%s)، %s – %s', coalesce(a.name ->> 'ar', a.name ->> 'en'), lbl ->> 'ar', d0, d1)) as description,
             sa.quantity::numeric as quantity, private.add_on_price(a.code, s.currency, s.billing_interval) as unit_amount,
             jsonb_build_object('add_on', a.code, 'interval', s.billing_interval) as source
      from public.subscription_add_ons sa join public.add_ons a on a.code = sa.add_on_code
      where sa.subscription_id = s.id
    ) x
    where x.unit_amount is not null;
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.add_subscription_lines(inv public.invoices, s public.subscriptions, period_start timestamp with time zone, period_end timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.add_subscription_lines(inv public.invoices, s public.subscriptions, period_start timestamp with time zone, period_end timestamp with time zone) FROM PUBLIC;
