-- Demo analytics (issue 20): exchange rates into OMR (the default reporting currency) for every
-- seeded currency, HQ's unit costs, and 90 days of daily snapshots, so the dashboard's KPIs and
-- reports have something to show. Development only (rates are illustrative, not market data).
insert into public.exchange_rates (base_currency, quote_currency, effective_on, rate) values
  ('AED', 'OMR', '2025-01-01', 0.1048), ('SAR', 'OMR', '2025-01-01', 0.1026), ('KWD', 'OMR', '2025-01-01', 1.2520),
  ('BHD', 'OMR', '2025-01-01', 1.0212), ('QAR', 'OMR', '2025-01-01', 0.1057), ('USD', 'OMR', '2025-01-01', 0.3845),
  ('EUR', 'OMR', '2025-01-01', 0.4170)
on conflict do nothing;

insert into public.unit_costs (metric, amount, currency) values
  ('order', 0.002, 'OMR'), ('storage_mb_month', 0.0004, 'OMR'), ('message', 0.006, 'OMR'), ('api_call', 0.00002, 'OMR')
on conflict do nothing;

-- the seed runs as a trusted database role: no staff session needed for the back-fill
select private.snapshot_day(d::date)
from generate_series(current_date - 90, current_date - 1, interval '1 day') d;
