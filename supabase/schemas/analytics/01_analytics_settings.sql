-- One row of analytics settings HQ edits: how long daily snapshots are kept, and the currency the
-- dashboard reports in (amounts in other currencies are converted through public.exchange_rates).
create table public.analytics_settings (
  id boolean primary key default true check (id),
  snapshot_retention_days integer not null default 1095 check (snapshot_retention_days between 30 and 3650),
  reporting_currency text not null default 'OMR' references public.currencies (code),
  updated_at timestamptz not null default now()
);

create index analytics_settings_reporting_currency_idx on public.analytics_settings (reporting_currency);

alter table public.analytics_settings enable row level security;
create policy "analytics staff read the analytics settings" on public.analytics_settings for select to hq_staff
  using ((select private.has_permission('analytics.read')));
revoke all on table public.analytics_settings from public, anon, authenticated, service_role;
grant select on table public.analytics_settings to authenticated;
grant all on table public.analytics_settings to service_role;

comment on table public.analytics_settings is 'Analytics settings (one row): snapshot retention and the reporting currency; analytics.read reads, public.set_analytics_settings changes.';
comment on column public.analytics_settings.id is 'Always true: the table holds one row.';
comment on column public.analytics_settings.snapshot_retention_days is 'Daily snapshots older than this many days are deleted by the nightly snapshot job.';
comment on column public.analytics_settings.reporting_currency is 'The currency KPIs are also reported in (converted at the dated exchange rate).';
comment on column public.analytics_settings.updated_at is 'When HQ last changed the settings.';

insert into public.analytics_settings (id) values (true);
