-- The demo data converts (issue 20; the dev dashboard once showed the missing-rate title for SAR
-- tenants): every currency a seeded tenant, subscription, invoice or MRR movement uses has a rate
-- into the reporting currency today and a year ago (the dashboard's 12-month trend converts at each
-- month's end), and the dashboard's KPIs answer. Runs on the seeded database.
begin;
select plan(3);

create temp view used_currencies as
  select currency from public.tenants union select currency from public.subscriptions
  union select currency from public.invoices union select currency from public.mrr_movements;

select ok((select count(*) from used_currencies where currency = 'SAR') = 1, 'the demo has SAR money to convert');
select is_empty($$ select u.currency from used_currencies u cross join public.analytics_settings s
                   where not exists (select from public.exchange_rates e
                                     where ((e.base_currency, e.quote_currency) in ((u.currency, s.reporting_currency), (s.reporting_currency, u.currency)))
                                       and e.effective_on <= current_date - 366)
                     and u.currency <> s.reporting_currency $$,
  'every currency the demo uses has a rate into the reporting currency, at least a year old');
select lives_ok($$ select public.analytics_kpis(current_date - 29, current_date) $$, 'the dashboard''s KPIs convert into the reporting currency');

select * from finish();
rollback;
