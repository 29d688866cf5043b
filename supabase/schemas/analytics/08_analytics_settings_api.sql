-- HQ's settings for analytics (analytics.write): exchange rates, unit costs, retention and the
-- reporting currency. Each checks the right first, validates, writes, audits.
create function public.set_exchange_rate(p_base text, p_quote text, p_effective_on date, p_rate numeric) returns void
  language sql
  set search_path = ''
as $$ select private.set_exchange_rate(p_base, p_quote, p_effective_on, p_rate) $$;

create function private.set_exchange_rate(p_base text, p_quote text, p_effective_on date, p_rate numeric) returns void
  language plpgsql security definer
  set search_path = ''
as $$
begin
  perform private.assert_permission('analytics.write');
  if p_rate is null or p_rate <= 0 or p_effective_on is null or p_base is not distinct from p_quote then
    perform private.fail('analytics.invalid_rate', 'a rate needs two different currencies, a date and a positive number');
  end if;
  if not exists (select from public.currencies c where c.code = p_base)
     or not exists (select from public.currencies c where c.code = p_quote) then
    perform private.fail('analytics.unknown_currency', format('unknown currency %s or %s', p_base, p_quote));
  end if;
  insert into public.exchange_rates (base_currency, quote_currency, effective_on, rate, created_by)
  values (p_base, p_quote, p_effective_on, p_rate, auth.uid())
  on conflict (base_currency, quote_currency, effective_on) do update set rate = excluded.rate, created_by = excluded.created_by;
  perform audit.record('analytics.set_exchange_rate', 'exchange_rate', p_base || '/' || p_quote || '@' || p_effective_on,
    null, jsonb_build_object('rate', p_rate), null);
end
$$;

revoke all on function public.set_exchange_rate(text, text, date, numeric) from public, anon, authenticated, service_role;
grant execute on function public.set_exchange_rate(text, text, date, numeric) to authenticated, service_role;
comment on function public.set_exchange_rate(text, text, date, numeric) is 'Sets the rate of a currency pair from a date (analytics.write): 1 base = rate quote.';
revoke all on function private.set_exchange_rate(text, text, date, numeric) from public, anon, authenticated, service_role;
grant execute on function private.set_exchange_rate(text, text, date, numeric) to authenticated, service_role;

create function public.set_unit_cost(p_metric text, p_amount numeric, p_currency text) returns void
  language sql
  set search_path = ''
as $$ select private.set_unit_cost(p_metric, p_amount, p_currency) $$;

create function private.set_unit_cost(p_metric text, p_amount numeric, p_currency text) returns void
  language plpgsql security definer
  set search_path = ''
as $$
declare
  before_row jsonb;
begin
  perform private.assert_permission('analytics.write');
  if p_metric is null or p_metric not in ('order', 'storage_mb_month', 'message', 'api_call')
     or p_amount is null or p_amount < 0 then
    perform private.fail('analytics.invalid_unit_cost', format('invalid unit cost %s = %s', p_metric, p_amount));
  end if;
  if not exists (select from public.currencies c where c.code = p_currency) then
    perform private.fail('analytics.unknown_currency', format('unknown currency %s', p_currency));
  end if;
  select to_jsonb(u) into before_row from public.unit_costs u where u.metric = p_metric for update;
  insert into public.unit_costs (metric, amount, currency, updated_by, updated_at)
  values (p_metric, p_amount, p_currency, auth.uid(), now())
  on conflict (metric) do update set amount = excluded.amount, currency = excluded.currency,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at;
  perform audit.record('analytics.set_unit_cost', 'unit_cost', p_metric, before_row,
    jsonb_build_object('amount', p_amount, 'currency', p_currency), null);
end
$$;

revoke all on function public.set_unit_cost(text, numeric, text) from public, anon, authenticated, service_role;
grant execute on function public.set_unit_cost(text, numeric, text) to authenticated, service_role;
comment on function public.set_unit_cost(text, numeric, text) is 'Sets what one unit of a usage metric (order, storage_mb_month, message, api_call) costs HQ (analytics.write).';
revoke all on function private.set_unit_cost(text, numeric, text) from public, anon, authenticated, service_role;
grant execute on function private.set_unit_cost(text, numeric, text) to authenticated, service_role;

create function public.set_analytics_settings(p_snapshot_retention_days integer, p_reporting_currency text) returns void
  language sql
  set search_path = ''
as $$ select private.set_analytics_settings(p_snapshot_retention_days, p_reporting_currency) $$;

create function private.set_analytics_settings(p_snapshot_retention_days integer, p_reporting_currency text) returns void
  language plpgsql security definer
  set search_path = ''
as $$
declare
  before_row jsonb;
begin
  perform private.assert_permission('analytics.write');
  if p_snapshot_retention_days is null or p_snapshot_retention_days not between 30 and 3650
     or not exists (select from public.currencies c where c.code = p_reporting_currency) then
    perform private.fail('analytics.invalid_setting', 'retention is 30 to 3650 days; the reporting currency must exist');
  end if;
  select to_jsonb(s) into before_row from public.analytics_settings s for update;
  update public.analytics_settings set snapshot_retention_days = p_snapshot_retention_days,
    reporting_currency = p_reporting_currency, updated_at = now();
  perform audit.record('analytics.set_settings', 'analytics_settings', 'analytics', before_row,
    jsonb_build_object('snapshot_retention_days', p_snapshot_retention_days, 'reporting_currency', p_reporting_currency), null);
end
$$;

revoke all on function public.set_analytics_settings(integer, text) from public, anon, authenticated, service_role;
grant execute on function public.set_analytics_settings(integer, text) to authenticated, service_role;
comment on function public.set_analytics_settings(integer, text) is 'Sets the snapshot retention (30..3650 days) and the reporting currency (analytics.write).';
revoke all on function private.set_analytics_settings(integer, text) from public, anon, authenticated, service_role;
grant execute on function private.set_analytics_settings(integer, text) to authenticated, service_role;

-- Converts an amount on a day with the newest rate on or before it (direct pair, else the inverse
-- of the reverse pair). No rate: analytics.missing_rate, never a silent 0 or 1.
create function private.convert_amount(p_amount numeric, p_from text, p_to text, p_on date) returns numeric
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  r numeric;
begin
  if p_amount is null or p_from = p_to then
    return p_amount;
  end if;
  select x.rate into r from (
    select e.rate, e.effective_on from public.exchange_rates e
    where e.base_currency = p_from and e.quote_currency = p_to and e.effective_on <= p_on
    union all
    select 1 / e.rate, e.effective_on from public.exchange_rates e
    where e.base_currency = p_to and e.quote_currency = p_from and e.effective_on <= p_on
  ) x order by x.effective_on desc limit 1;
  if r is null then
    perform private.fail('analytics.missing_rate', format('no %s→%s exchange rate on or before %s', p_from, p_to, p_on));
  end if;
  return p_amount * r;
end
$$;

revoke all on function private.convert_amount(numeric, text, text, date) from public, anon, authenticated, service_role;
grant execute on function private.convert_amount(numeric, text, text, date) to authenticated, service_role;
comment on function private.convert_amount(numeric, text, text, date) is 'amount in p_from → p_to at the newest rate on or before p_on (or the inverse pair); analytics.missing_rate when none.';
