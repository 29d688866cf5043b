-- Plan values the console refuses are refused by SQL too (issue 13 §7): a tier outside 0–100 and an
-- overage unit price that is negative, not a number, not keyed by an ISO currency, or finer than the
-- smallest minor unit (3 decimals) were stored by save_plan. One trigger per table checks the row as
-- it is written, whatever function writes it, answering plans.invalid with the offending field.

create function private.overage_prices_error(prices jsonb)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when prices is null then null
    when jsonb_typeof(prices) <> 'object' then 'overage_prices must be {currency: unit price}'
    else (select format('overage_prices.%s must be a number ≥ 0 with at most 3 decimals', e.key)
          from jsonb_each(prices) e
          where e.key !~ '^[A-Z]{3}$' or jsonb_typeof(e.value) <> 'number'
             or (e.value #>> '{}')::numeric < 0 or scale((e.value #>> '{}')::numeric) > 3
          order by e.key limit 1)
  end
$$;
comment on function private.overage_prices_error(jsonb) is
  'Why an overage price map is not valid (null when it is): ISO currency keys, numbers ≥ 0, at most 3 decimals.';

create function private.plan_features_check_values()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problem text := private.overage_prices_error(new.overage_prices);
begin
  if problem is not null then
    raise exception using errcode = '22023', message = 'the plan is not valid', detail = 'plans.invalid',
      hint = format('limits.%s: %s', new.feature_key, problem);
  end if;
  return new;
end
$$;

create trigger plan_features_check_values before insert or update on public.plan_features
  for each row execute function private.plan_features_check_values();

create function private.plans_check_tier()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.tier not between 0 and 100 then
    raise exception using errcode = '22023', message = 'the plan is not valid', detail = 'plans.invalid',
      hint = 'tier: 0–100';
  end if;
  return new;
end
$$;

create trigger plans_check_tier before insert or update of tier on public.plans
  for each row execute function private.plans_check_tier();

revoke execute on function private.overage_prices_error(jsonb), private.plan_features_check_values(),
  private.plans_check_tier() from public, anon, authenticated;
