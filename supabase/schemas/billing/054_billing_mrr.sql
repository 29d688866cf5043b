-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.billing_mrr, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.billing_mrr(currency text DEFAULT NULL::text) RETURNS SETOF public.billing_mrr_row
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.billing_mrr(currency) $$;

CREATE FUNCTION private.billing_mrr(currency text DEFAULT NULL::text) RETURNS SETOF public.billing_mrr_row
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  at_now timestamptz := private.now();
begin
  perform private.assert_permission('billing.read');
  perform private.assert_metrics_currency(billing_mrr.currency);
  return query
  with live as (
    select s.id, s.tenant_id, s.currency, s.status,
           coalesce((select m.mrr_after from public.mrr_movements m
                     where m.subscription_id = s.id and m.at <= at_now
                     order by m.at desc, m.id desc limit 1), 0) as value
    from public.subscriptions s
    where s.status <> 'cancelled'
      and (billing_mrr.currency is null or s.currency = billing_mrr.currency)
  ), per_currency as (
    select l.currency,
           sum(l.value) as mrr,
           count(*) filter (where l.status in ('active', 'past_due')) as active_subscriptions,
           (select count(*) from (select l2.tenant_id from live l2 where l2.currency = l.currency
                                  group by l2.tenant_id having sum(l2.value) > 0) p) as paying_tenants
    from live l
    group by l.currency
  ), wanted as (
    -- the asked-for currency always answers, with zeros when nothing is billed in it
    select pc.currency, pc.mrr, pc.active_subscriptions, pc.paying_tenants from per_currency pc
    union all
    select billing_mrr.currency, 0, 0, 0
    where billing_mrr.currency is not null and not exists (select from per_currency)
  )
  select w.currency,
         round(w.mrr, c.minor_unit),
         round(w.mrr * 12, c.minor_unit),
         w.active_subscriptions,
         w.paying_tenants,
         case when w.paying_tenants > 0 then round(w.mrr / w.paying_tenants, c.minor_unit) else 0 end
  from wanted w
  join public.currencies c on c.code = w.currency
  order by w.currency;
end
$$;

REVOKE ALL ON FUNCTION public.billing_mrr(currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.billing_mrr(currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.billing_mrr(currency text) TO authenticated;
GRANT ALL ON FUNCTION public.billing_mrr(currency text) TO service_role;

COMMENT ON FUNCTION public.billing_mrr(currency text) IS 'Monthly recurring revenue now, per currency (or one currency), from active subscriptions (billing.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.billing_mrr(currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.billing_mrr(currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.billing_mrr(currency text) TO authenticated;
GRANT ALL ON FUNCTION private.billing_mrr(currency text) TO service_role;
