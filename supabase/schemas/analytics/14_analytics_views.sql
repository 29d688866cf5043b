-- The `analytics` schema: read-only, documented views for BI tools (Metabase, Superset). They
-- connect as a login role that is a member of analytics_reader (NOLOGIN), which may read these
-- views and nothing else. The views run with their owner's rights and expose no personal data
-- (no contacts, no customer names, no payment details). docs/analytics.md describes every column.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'analytics_reader') then
    create role analytics_reader nologin;
  end if;
end
$$;

create schema if not exists analytics;
revoke all on schema analytics from public, anon, authenticated;
grant usage on schema analytics to analytics_reader, service_role;
comment on schema analytics is 'Read-only views for BI tools; readable by the analytics_reader role only (see docs/analytics.md).';

create view analytics.tenants as
  select t.id, t.slug, t.name ->> 'en' as name_en, t.country, t.region, t.currency, t.status, t.created_at,
         t.status_changed_at, p.code as plan_code, tp.billing_interval
  from public.tenants t
  left join public.tenant_plans tp on tp.tenant_id = t.id
  left join public.plans p on p.id = tp.plan_id
  where not exists (select from public.sandbox_tenants sb where sb.tenant_id = t.id);  -- sandboxes are not business (integrations)
comment on view analytics.tenants is 'Tenants without contacts or branding: identity, place, status and plan.';
comment on column analytics.tenants.id is 'Tenant id (joins every other view''s tenant_id).';
comment on column analytics.tenants.slug is 'Short unique name.';
comment on column analytics.tenants.name_en is 'Display name in English.';
comment on column analytics.tenants.country is 'ISO country code.';
comment on column analytics.tenants.region is 'Region code.';
comment on column analytics.tenants.currency is 'The tenant''s currency.';
comment on column analytics.tenants.status is 'Lifecycle status (draft … active … churned).';
comment on column analytics.tenants.created_at is 'Signup time (cohort month).';
comment on column analytics.tenants.status_changed_at is 'Last status change.';
comment on column analytics.tenants.plan_code is 'Current plan code (null: none).';
comment on column analytics.tenants.billing_interval is 'month or year.';

create view analytics.daily_snapshots as
  select s.tenant_id, s.day, s.status, p.code as plan_code, s.currency, s.mrr, s.revenue, s.orders, s.active_users,
         s.storage_mb, s.messages, s.api_calls, s.limit_breaches, s.tickets_opened, s.tickets_open, s.modules
  from public.tenant_daily_snapshots s
  left join public.plans p on p.id = s.plan_id;
comment on view analytics.daily_snapshots is 'One row per tenant per UTC day (public.tenant_daily_snapshots), with the plan code.';
comment on column analytics.daily_snapshots.tenant_id is 'The tenant.';
comment on column analytics.daily_snapshots.day is 'UTC day.';
comment on column analytics.daily_snapshots.status is 'Status at the end of the day.';
comment on column analytics.daily_snapshots.plan_code is 'Plan code.';
comment on column analytics.daily_snapshots.currency is 'Currency of mrr and revenue.';
comment on column analytics.daily_snapshots.mrr is 'MRR at the end of the day.';
comment on column analytics.daily_snapshots.revenue is 'Payments received that day.';
comment on column analytics.daily_snapshots.orders is 'Orders created that day.';
comment on column analytics.daily_snapshots.active_users is 'Tenant members.';
comment on column analytics.daily_snapshots.storage_mb is 'Storage used, MB.';
comment on column analytics.daily_snapshots.messages is 'Messages used month to date.';
comment on column analytics.daily_snapshots.api_calls is 'API calls month to date.';
comment on column analytics.daily_snapshots.limit_breaches is 'Limit decisions that day.';
comment on column analytics.daily_snapshots.tickets_opened is 'Support tickets opened that day.';
comment on column analytics.daily_snapshots.tickets_open is 'Support tickets open at the end of the day.';
comment on column analytics.daily_snapshots.modules is 'Modules used that day.';

create view analytics.plans as
  select p.id, p.code, p.version, p.name ->> 'en' as name_en, p.tier, p.status, p.is_current from public.plans p;
comment on view analytics.plans is 'Plans (every version).';
comment on column analytics.plans.id is 'Plan id.';
comment on column analytics.plans.code is 'Plan code.';
comment on column analytics.plans.version is 'Version of the code.';
comment on column analytics.plans.name_en is 'Name in English.';
comment on column analytics.plans.tier is 'Rank (higher = bigger plan).';
comment on column analytics.plans.status is 'active or archived.';
comment on column analytics.plans.is_current is 'The version new tenants get.';

create view analytics.subscriptions as
  select s.id, s.tenant_id, s.plan_id, s.billing_interval, s.currency, s.status, s.created_at, s.cancelled_at
  from public.subscriptions s;
comment on view analytics.subscriptions is 'Subscriptions: plan, interval, currency, status.';
comment on column analytics.subscriptions.id is 'Subscription id.';
comment on column analytics.subscriptions.tenant_id is 'The tenant.';
comment on column analytics.subscriptions.plan_id is 'The plan (analytics.plans.id).';
comment on column analytics.subscriptions.billing_interval is 'month or year.';
comment on column analytics.subscriptions.currency is 'Billing currency.';
comment on column analytics.subscriptions.status is 'trialing, active, past_due, suspended or cancelled.';
comment on column analytics.subscriptions.created_at is 'When it started.';
comment on column analytics.subscriptions.cancelled_at is 'When it was cancelled.';

create view analytics.mrr_movements as
  select m.id, m.subscription_id, m.tenant_id, m.currency, m.kind, m.mrr_before, m.mrr_after, m.at
  from public.mrr_movements m;
comment on view analytics.mrr_movements is 'The MRR ledger: every change of a subscription''s MRR (new, expansion, contraction, churn, reactivation).';
comment on column analytics.mrr_movements.id is 'Sequence number.';
comment on column analytics.mrr_movements.subscription_id is 'The subscription.';
comment on column analytics.mrr_movements.tenant_id is 'The tenant.';
comment on column analytics.mrr_movements.currency is 'Currency.';
comment on column analytics.mrr_movements.kind is 'new, expansion, contraction, churn or reactivation.';
comment on column analytics.mrr_movements.mrr_before is 'MRR before.';
comment on column analytics.mrr_movements.mrr_after is 'MRR after.';
comment on column analytics.mrr_movements.at is 'When it took effect.';

create view analytics.invoices as
  select i.id, i.tenant_id, i.subscription_id, i.number, i.status, i.billing_reason, i.currency, i.issue_date,
         i.due_date, i.subtotal, i.discount_total, i.tax_total, i.total, i.amount_paid, i.amount_due, i.paid_at
  from public.invoices i;
comment on view analytics.invoices is 'Invoices HQ issued to tenants: amounts and dates (no seller or tax identity details).';
comment on column analytics.invoices.id is 'Invoice id.';
comment on column analytics.invoices.tenant_id is 'The tenant billed.';
comment on column analytics.invoices.subscription_id is 'Its subscription.';
comment on column analytics.invoices.number is 'Document number (null while draft).';
comment on column analytics.invoices.status is 'draft, open, paid, void or uncollectible.';
comment on column analytics.invoices.billing_reason is 'Why it was issued.';
comment on column analytics.invoices.currency is 'Currency.';
comment on column analytics.invoices.issue_date is 'Issue date.';
comment on column analytics.invoices.due_date is 'Due date.';
comment on column analytics.invoices.subtotal is 'Before discounts and tax.';
comment on column analytics.invoices.discount_total is 'Discounts.';
comment on column analytics.invoices.tax_total is 'Tax.';
comment on column analytics.invoices.total is 'Total.';
comment on column analytics.invoices.amount_paid is 'Paid so far.';
comment on column analytics.invoices.amount_due is 'Still due.';
comment on column analytics.invoices.paid_at is 'When fully paid.';

create view analytics.exchange_rates as
  select e.base_currency, e.quote_currency, e.effective_on, e.rate from public.exchange_rates e;
comment on view analytics.exchange_rates is 'Dated exchange rates: 1 base = rate quote from effective_on.';
comment on column analytics.exchange_rates.base_currency is 'From currency.';
comment on column analytics.exchange_rates.quote_currency is 'To currency.';
comment on column analytics.exchange_rates.effective_on is 'First day it applies.';
comment on column analytics.exchange_rates.rate is 'Rate.';

create view analytics.unit_costs as
  select u.metric, u.amount, u.currency from public.unit_costs u;
comment on view analytics.unit_costs is 'HQ''s unit costs for cost-to-serve.';
comment on column analytics.unit_costs.metric is 'order, storage_mb_month, message or api_call.';
comment on column analytics.unit_costs.amount is 'Cost of one unit.';
comment on column analytics.unit_costs.currency is 'Its currency.';

revoke all on all tables in schema analytics from public, anon, authenticated, service_role;
grant select on all tables in schema analytics to analytics_reader, service_role;
