-- What one unit of each usage costs HQ to serve (infrastructure, SMS/WhatsApp fees, storage): the
-- cost-to-serve report multiplies a tenant's usage by these. A metric without a row costs 0.
create table public.unit_costs (
  metric text primary key check (metric in ('order', 'storage_mb_month', 'message', 'api_call')),
  amount numeric(14,6) not null check (amount >= 0),
  currency text not null references public.currencies (code),
  updated_by uuid,
  updated_at timestamptz not null default now()
);

create index unit_costs_currency_idx on public.unit_costs (currency);

alter table public.unit_costs enable row level security;
create policy "analytics staff read unit costs" on public.unit_costs for select to hq_staff
  using ((select private.has_permission('analytics.read')));
revoke all on table public.unit_costs from public, anon, authenticated, service_role;
grant select on table public.unit_costs to authenticated;
grant all on table public.unit_costs to service_role;

comment on table public.unit_costs is 'Unit costs HQ sets for cost-to-serve (per order, per MB-month of storage, per message, per API call); set through public.set_unit_cost.';
comment on column public.unit_costs.metric is 'order, storage_mb_month, message or api_call.';
comment on column public.unit_costs.amount is 'Cost of one unit, in currency.';
comment on column public.unit_costs.currency is 'Currency of the amount (converted to the report currency at the dated rate).';
comment on column public.unit_costs.updated_by is 'Staff member who last set it.';
comment on column public.unit_costs.updated_at is 'When it was last set.';
