-- Plan values out of range are refused by SQL, not only by the console (issue 13 §7): a negative
-- or over-precise overage price, a currency that is not ISO, a tier outside 0–100. Nothing is stored.
begin;
select plan(7);

create function pg_temp.save(limits text, tier int default 1) returns text language sql as $$
  select tests.error_of(format($q$select public.save_plan('ranges', %L)$q$,
    format('{"name": {"en": "Ranges"}, "tier": %s, "prices": [{"currency": "OMR", "interval": "month", "amount": 9}], "limits": %s}', tier, limits)), '{detail} {hint}')
$$;

select is(pg_temp.save('{"max_orders_per_month": {"limit": 100, "type": "overage", "overage_prices": {"OMR": -5}}}'),
          'plans.invalid limits.max_orders_per_month: overage_prices.OMR must be a number ≥ 0 with at most 3 decimals',
          'a negative overage price is refused, naming the field');
select is(pg_temp.save('{"max_orders_per_month": {"limit": 100, "type": "overage", "overage_prices": {"OMR": 0.0001}}}'),
          'plans.invalid limits.max_orders_per_month: overage_prices.OMR must be a number ≥ 0 with at most 3 decimals',
          'an overage price finer than 3 decimals is refused');
select is(pg_temp.save('{"max_orders_per_month": {"limit": 100, "type": "overage", "overage_prices": {"omr": 1}}}'),
          'plans.invalid limits.max_orders_per_month: overage_prices.omr must be a number ≥ 0 with at most 3 decimals',
          'a currency that is not an ISO code is refused');
select is(pg_temp.save('{}', 101), 'plans.invalid tier: 0–100', 'a tier above 100 is refused');
select is(pg_temp.save('{}', -1), 'plans.invalid tier: 0–100', 'a negative tier is refused');
select is((select count(*) from public.plans where code = 'ranges'), 0::bigint, 'nothing was stored by the refusals');
select is(pg_temp.save('{"max_orders_per_month": {"limit": 100, "type": "overage", "overage_prices": {"OMR": 0.025, "SAR": 0.25}}}', 100),
          'ok', 'valid overage prices and the top tier are saved');

select * from finish();
rollback;
