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
  ), sums as (
    -- the range's movements summed per UTC month and currency in one pass over the ledger
    select date_trunc('month', mv.at at time zone 'UTC')::date as m_start, mv.currency,
           sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'new') as f_new,
           sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'expansion') as f_expansion,
           sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'contraction') as f_contraction,
           sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'churn') as f_churn,
           sum(mv.mrr_after - mv.mrr_before) filter (where mv.kind = 'reactivation') as f_reactivation,
           sum(mv.mrr_after - mv.mrr_before) as f_net
    from public.mrr_movements mv
    where mv.at >= (first_month::timestamp at time zone 'UTC') and mv.at < range_end
    group by 1, 2
  ), flows as (
    select mo.m_start, cu.currency,
           coalesce(su.f_new, 0) as f_new, coalesce(su.f_expansion, 0) as f_expansion,
           coalesce(su.f_contraction, 0) as f_contraction, coalesce(su.f_churn, 0) as f_churn,
           coalesce(su.f_reactivation, 0) as f_reactivation, coalesce(su.f_net, 0) as f_net
    from months mo
    cross join currencies cu
    left join sums su on su.m_start = mo.m_start and su.currency = cu.currency
  ), spans as (
    -- each movement with the time the next movement of its subscription (in that currency) replaced
    -- it: one sort of the ledger, instead of one per month and currency
    select mv.currency, mv.at, mv.mrr_after,
           lead(mv.at) over (partition by mv.subscription_id, mv.currency order by mv.at, mv.id) as replaced_at
    from public.mrr_movements mv
    where mv.at < range_end
      and (mrr_movements_by_month.currency is null or mv.currency = mrr_movements_by_month.currency)
  ), changes as (
    -- a movement adds its MRR from the month it was made and takes it away from the month it was
    -- replaced (both counted from the first month on, so older ones make the opening balance)
    select ch.m_start, ch.currency, sum(ch.delta) as delta from (
      select greatest(date_trunc('month', sp.at at time zone 'UTC')::date, first_month) as m_start, sp.currency, sp.mrr_after as delta
      from spans sp
      union all
      select greatest(date_trunc('month', sp.replaced_at at time zone 'UTC')::date, first_month), sp.currency, -sp.mrr_after
      from spans sp where sp.replaced_at < range_end) ch
    group by 1, 2
  ), ending as (
    -- a month's ending MRR: the movements current at its end (made before it, not replaced before it)
    select mo.m_start, cu.currency, coalesce(sum(ch.delta), 0) as e_mrr
    from months mo
    cross join currencies cu
    left join changes ch on ch.currency = cu.currency and ch.m_start <= mo.m_start
    group by mo.m_start, cu.currency
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
