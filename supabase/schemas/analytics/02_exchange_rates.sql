-- Dated exchange rates: one unit of base_currency is worth `rate` units of quote_currency from
-- `effective_on` until the next row of the same pair. A conversion on a day uses the newest rate on
-- or before that day (either direction of the pair); none is an error (analytics.missing_rate).
create table public.exchange_rates (
  base_currency text not null references public.currencies (code),
  quote_currency text not null references public.currencies (code),
  effective_on date not null,
  rate numeric(20,10) not null check (rate > 0),
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (base_currency, quote_currency, effective_on),
  check (base_currency <> quote_currency)
);

create index exchange_rates_quote_currency_idx on public.exchange_rates (quote_currency);

alter table public.exchange_rates enable row level security;
create policy "analytics staff read exchange rates" on public.exchange_rates for select to hq_staff
  using ((select private.has_permission('analytics.read')));
revoke all on table public.exchange_rates from public, anon, authenticated, service_role;
grant select on table public.exchange_rates to authenticated;
grant all on table public.exchange_rates to service_role;

comment on table public.exchange_rates is 'Dated exchange rates for reporting: 1 base_currency = rate quote_currency from effective_on; set through public.set_exchange_rate (analytics.write).';
comment on column public.exchange_rates.base_currency is 'The currency converted from.';
comment on column public.exchange_rates.quote_currency is 'The currency converted to.';
comment on column public.exchange_rates.effective_on is 'First day the rate applies (until the next row of the pair).';
comment on column public.exchange_rates.rate is 'Units of quote_currency for one unit of base_currency.';
comment on column public.exchange_rates.created_by is 'Staff member who entered the rate.';
comment on column public.exchange_rates.created_at is 'When it was entered.';
