-- One row per tenant per UTC day, written by the nightly analytics.snapshot_daily job (and by
-- public.backfill_snapshots): the history the KPIs, cohorts, adoption and cost-to-serve reports
-- read, so none of them scans the operational tables. Rewriting a day yields the same row.
create table public.tenant_daily_snapshots (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  day date not null,
  status text not null,
  plan_id uuid references public.plans (id) on delete set null,
  currency text not null references public.currencies (code),
  mrr numeric(14,3) not null default 0,
  revenue numeric(14,3) not null default 0,
  orders integer not null default 0,
  active_users integer not null default 0,
  storage_mb numeric not null default 0,
  messages numeric not null default 0,
  api_calls numeric not null default 0,
  limit_breaches integer not null default 0,
  tickets_opened integer not null default 0,
  tickets_open integer not null default 0,
  modules text[] not null default '{}',
  computed_at timestamptz not null default now(),
  primary key (tenant_id, day)
);

-- Reports read whole days across tenants (dashboard, cohorts, plan distribution).
create index tenant_daily_snapshots_day_idx on public.tenant_daily_snapshots (day);
create index tenant_daily_snapshots_plan_id_idx on public.tenant_daily_snapshots (plan_id);
create index tenant_daily_snapshots_currency_idx on public.tenant_daily_snapshots (currency);

alter table public.tenant_daily_snapshots enable row level security;
create policy "analytics staff read daily snapshots" on public.tenant_daily_snapshots for select to hq_staff
  using ((select private.has_permission('analytics.read')));
revoke all on table public.tenant_daily_snapshots from public, anon, authenticated, service_role;
grant select on table public.tenant_daily_snapshots to authenticated;
grant all on table public.tenant_daily_snapshots to service_role;

comment on table public.tenant_daily_snapshots is 'Per tenant per UTC day: status, plan, MRR, revenue, orders, users, usage, limit breaches, tickets (analytics.read); written idempotently by the nightly job and public.backfill_snapshots.';
comment on column public.tenant_daily_snapshots.tenant_id is 'The tenant.';
comment on column public.tenant_daily_snapshots.day is 'The UTC day the row describes (its end: 24:00 UTC).';
comment on column public.tenant_daily_snapshots.status is 'Tenant status at the end of the day (from the status history).';
comment on column public.tenant_daily_snapshots.plan_id is 'The tenant''s plan when the row was computed (plan history is not kept: back-filled days carry the current plan).';
comment on column public.tenant_daily_snapshots.currency is 'Currency of mrr and revenue: the tenant''s subscription currency, else its own.';
comment on column public.tenant_daily_snapshots.mrr is 'Monthly recurring revenue at the end of the day (sum over the tenant''s subscriptions, from MRR movements).';
comment on column public.tenant_daily_snapshots.revenue is 'Payments HQ received from the tenant that day (succeeded payments, in currency).';
comment on column public.tenant_daily_snapshots.orders is 'Orders the tenant created that day.';
comment on column public.tenant_daily_snapshots.active_users is 'Tenant members at the end of the day.';
comment on column public.tenant_daily_snapshots.storage_mb is 'Storage used (MB) by the storage_mb counter.';
comment on column public.tenant_daily_snapshots.messages is 'WhatsApp and SMS messages used so far in the counter period holding the day.';
comment on column public.tenant_daily_snapshots.api_calls is 'API calls used so far in the counter period holding the day.';
comment on column public.tenant_daily_snapshots.limit_breaches is 'Limit decisions recorded that day (soft, overage or refused).';
comment on column public.tenant_daily_snapshots.tickets_opened is 'Support tickets opened that day.';
comment on column public.tenant_daily_snapshots.tickets_open is 'Support tickets not solved or closed at the end of the day.';
comment on column public.tenant_daily_snapshots.modules is 'Modules the tenant used that day (orders when it created orders; usage counters of a module''s features).';
comment on column public.tenant_daily_snapshots.computed_at is 'When the row was last written with different values.';
