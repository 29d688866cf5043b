-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.mrr_movements_by_month, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text DEFAULT NULL::text) RETURNS SETOF public.mrr_month_row
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.mrr_movements_by_month(from_month, to_month, currency) $$;

CREATE FUNCTION private.mrr_movements_by_month(from_month date, to_month date, currency text DEFAULT NULL::text) RETURNS SETOF public.mrr_month_row
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  first_month date := date_trunc('month', from_month)::date;
  last_month date := date_trunc('month', to_month)::date;
  range_end timestamptz;
begin
  perform private.assert_permission('billing.read');
  if from_month is null or to_month is null or to_month < from_month then
    perform private.fail('billing.invalid_period', 'a month range needs from_month <= to_month');
  end if;
  if (extract(year from last_month) - extract(year from first_month)) * 12
     + extract(month from last_month) - extract(month from first_month) >= 120 then
    perform private.fail('billing.invalid_period', 'a month range covers at most 120 months', 'ask for ten years or less');
  end if;
  perform private.assert_metrics_currency(mrr_movements_by_month.currency);
  range_end := ((last_month + interval '1 month')::timestamp at time zone 'UTC');

  return query
  with months as (
    select g::date as m_start,
           (g::timestamp at time zone 'UTC') as ts_start,
           ((g + interval '1 month')::timestamp at time zone 'UTC') as ts_end
    from generate_series(first_month::timestamp, last_month::timestamp, interval '1 month') g
  ), currencies as (
    select distinct mv.currency from public.mrr_movements mv
    where mv.at < range_end
      and (mrr_movements_by_month.currency is null or mv.currency = mrr_movements_by_month.currency)
    union
    select mrr_movements_by_month.currency where mrr_movements_by_month.currency is not null
  ), flows as (
    select mo.m_start, cu.currency,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'new'), 0) as f_new,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'expansion'), 0) as f_expansion,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'contraction'), 0) as f_contraction,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'churn'), 0) as f_churn,
           coalesce(sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'reactivation'), 0) as f_reactivation,
           coalesce(sum(mv.mrr_after - mv.mrr_before), 0) as f_net
    from months mo
    cross join currencies cu
    left join public.mrr_movements mv on mv.currency = cu.currency and mv.at >= mo.ts_start and mv.at < mo.ts_end
    group by mo.m_start, cu.currency
  ), ending as (
    select mo.m_start, cu.currency,
           coalesce((select sum(last.mrr_after) from (
              select distinct on (mv.subscription_id) mv.mrr_after
              from public.mrr_movements mv
              where mv.currency = cu.currency and mv.at < mo.ts_end
              order by mv.subscription_id, mv.at desc, mv.id desc) last), 0) as e_mrr
    from months mo cross join currencies cu
  )
  select f.m_start, f.currency,
         round(f.f_new, c.minor_unit), round(f.f_expansion, c.minor_unit), round(f.f_contraction, c.minor_unit),
         round(f.f_churn, c.minor_unit), round(f.f_reactivation, c.minor_unit), round(f.f_net, c.minor_unit),
         round(e.e_mrr, c.minor_unit)
  from flows f
  join ending e on e.m_start = f.m_start and e.currency = f.currency
  join public.currencies c on c.code = f.currency
  order by f.m_start, f.currency;
end
$$;

REVOKE ALL ON FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text) TO authenticated;
GRANT ALL ON FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text) TO service_role;

COMMENT ON FUNCTION public.mrr_movements_by_month(from_month date, to_month date, currency text) IS 'MRR movements (new, expansion, contraction, churn, reactivation) by month between two months, per currency (billing.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.mrr_movements_by_month(from_month date, to_month date, currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.mrr_movements_by_month(from_month date, to_month date, currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.mrr_movements_by_month(from_month date, to_month date, currency text) TO authenticated;
GRANT ALL ON FUNCTION private.mrr_movements_by_month(from_month date, to_month date, currency text) TO service_role;
