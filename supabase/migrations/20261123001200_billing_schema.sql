-- Billing (C6, C7), part 1: the tables. Functions live in the following billing migrations
-- (invoicing, payments, dunning, metrics); this file is the shared shape they build on.
--
-- Money is numeric(14,3) in the row's currency and always already rounded to the currency's minor
-- unit (public.currencies). Dates a tenant sees (issue, due) are dates in the tenant's timezone;
-- every instant is timestamptz (UTC). Bilingual labels are jsonb {"en": …, "ar": …}.
-- No role writes these tables directly: every change goes through a billing function.

-- ── reference data ──────────────────────────────────────────────────────────────────────────

create table public.currencies (
  code text primary key check (code ~ '^[A-Z]{3}$'),
  minor_unit int not null check (minor_unit between 0 and 3),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> '')
);
insert into public.currencies (code, minor_unit, name) values
  ('OMR', 3, '{"en":"Omani rial","ar":"ريال عماني"}'),
  ('KWD', 3, '{"en":"Kuwaiti dinar","ar":"دينار كويتي"}'),
  ('BHD', 3, '{"en":"Bahraini dinar","ar":"دينار بحريني"}'),
  ('SAR', 2, '{"en":"Saudi riyal","ar":"ريال سعودي"}'),
  ('AED', 2, '{"en":"UAE dirham","ar":"درهم إماراتي"}'),
  ('QAR', 2, '{"en":"Qatari riyal","ar":"ريال قطري"}'),
  ('USD', 2, '{"en":"US dollar","ar":"دولار أمريكي"}'),
  ('EUR', 2, '{"en":"Euro","ar":"يورو"}');

-- VAT by country with validity dates: rates change (Bahrain 5 % → 10 % on 2022-01-01, Saudi
-- Arabia 5 % → 15 % on 2020-07-01). The rate applied is the one valid on the invoice's issue date.
create table public.tax_rates (
  id uuid primary key default extensions.gen_random_uuid(),
  country text not null check (country ~ '^[A-Z]{2}$'),
  rate numeric(6,3) not null check (rate >= 0 and rate < 100),  -- percent
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  valid_from date not null,
  valid_to date,  -- exclusive; null = still valid
  check (valid_to is null or valid_to > valid_from),
  unique (country, valid_from)
);
insert into public.tax_rates (country, rate, name, valid_from, valid_to) values
  ('SA', 5, '{"en":"VAT 5%","ar":"ضريبة القيمة المضافة 5٪"}', '2018-01-01', '2020-07-01'),
  ('SA', 15, '{"en":"VAT 15%","ar":"ضريبة القيمة المضافة 15٪"}', '2020-07-01', null),
  ('AE', 5, '{"en":"VAT 5%","ar":"ضريبة القيمة المضافة 5٪"}', '2018-01-01', null),
  ('OM', 5, '{"en":"VAT 5%","ar":"ضريبة القيمة المضافة 5٪"}', '2021-04-16', null),
  ('BH', 5, '{"en":"VAT 5%","ar":"ضريبة القيمة المضافة 5٪"}', '2019-01-01', '2022-01-01'),
  ('BH', 10, '{"en":"VAT 10%","ar":"ضريبة القيمة المضافة 10٪"}', '2022-01-01', null),
  ('KW', 0, '{"en":"No VAT","ar":"لا ضريبة"}', '2000-01-01', null),
  ('QA', 0, '{"en":"No VAT","ar":"لا ضريبة"}', '2000-01-01', null);

-- ── the tenant as a customer ────────────────────────────────────────────────────────────────

create table public.billing_profiles (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  legal_name text,
  billing_email text check (billing_email is null or billing_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  address jsonb not null default '{}' check (jsonb_typeof(address) = 'object'),
  tax_registration_number text check (tax_registration_number is null or tax_registration_number ~ '^[A-Za-z0-9-]{5,30}$'),
  -- standard: VAT of the tenant's country; reverse_charge / exempt: no VAT charged, stated on the invoice
  tax_treatment text not null default 'standard' check (tax_treatment in ('standard', 'reverse_charge', 'exempt')),
  tax_note jsonb check (tax_note is null or jsonb_typeof(tax_note) = 'object'),
  preferred_gateway text not null default 'stripe' check (preferred_gateway in ('stripe', 'paytabs', 'hyperpay')),
  -- credit the tenant holds with HQ (credit notes to balance, overpayments); applied to the next invoices
  balance numeric(14,3) not null default 0 check (balance >= 0),
  updated_at timestamptz not null default now()
);

create table public.customer_balance_transactions (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  amount numeric(14,3) not null,  -- + credit given to the tenant, − credit used
  currency text not null references public.currencies (code),
  reason text not null,
  invoice_id uuid,
  credit_note_id uuid,
  payment_id uuid,
  created_at timestamptz not null default now()
);
create index customer_balance_transactions_tenant_idx on public.customer_balance_transactions (tenant_id, id desc);

-- ── subscriptions ───────────────────────────────────────────────────────────────────────────

-- A tenant has at most one live plan subscription, and may hold add-on-only subscriptions (bought
-- separately, with their own period and status): suspension is per subscription, so a failure on
-- one never blocks a paid-up other.
create table public.subscriptions (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  plan_id uuid references public.plans (id),  -- null for an add-on-only subscription
  billing_interval text not null check (billing_interval in ('month', 'year')),
  currency text not null references public.currencies (code),
  status text not null check (status in ('trialing', 'active', 'past_due', 'suspended', 'cancelled')),
  current_period_start timestamptz not null,
  current_period_end timestamptz not null check (current_period_end > current_period_start),
  trial_end timestamptz,
  cancel_at_period_end boolean not null default false,
  cancelled_at timestamptz,
  -- a downgrade waits for the period end
  pending_plan_id uuid references public.plans (id),
  status_changed_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index subscriptions_one_live_plan_idx on public.subscriptions (tenant_id) where plan_id is not null and status <> 'cancelled';
create index subscriptions_tenant_idx on public.subscriptions (tenant_id);
create index subscriptions_plan_idx on public.subscriptions (plan_id);
create index subscriptions_pending_plan_idx on public.subscriptions (pending_plan_id);
create index subscriptions_created_by_idx on public.subscriptions (created_by);
-- the invoice run: live subscriptions whose period has ended
create index subscriptions_due_idx on public.subscriptions (current_period_end) where status in ('trialing', 'active', 'past_due');

create table public.subscription_add_ons (
  subscription_id uuid not null references public.subscriptions (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  add_on_code text not null references public.add_ons (code),
  quantity int not null default 1 check (quantity between 1 and 1000),
  created_at timestamptz not null default now(),
  primary key (subscription_id, add_on_code)
);
create index subscription_add_ons_tenant_idx on public.subscription_add_ons (tenant_id);
create index subscription_add_ons_add_on_idx on public.subscription_add_ons (add_on_code);

-- MRR movements, written by the subscription functions whenever a subscription's monthly value
-- changes; the revenue screens read these (public.mrr_* functions).
create table public.mrr_movements (
  id bigint generated always as identity primary key,
  subscription_id uuid not null references public.subscriptions (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  currency text not null references public.currencies (code),
  kind text not null check (kind in ('new', 'expansion', 'contraction', 'churn', 'reactivation')),
  mrr_before numeric(14,3) not null,
  mrr_after numeric(14,3) not null,
  at timestamptz not null
);
create index mrr_movements_at_idx on public.mrr_movements (at);
create index mrr_movements_subscription_idx on public.mrr_movements (subscription_id);
create index mrr_movements_tenant_idx on public.mrr_movements (tenant_id);

-- ── coupons ─────────────────────────────────────────────────────────────────────────────────

create table public.coupons (
  id uuid primary key default extensions.gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(trim(name ->> 'en'), '') <> ''),
  kind text not null check (kind in ('percent', 'fixed')),
  percent_off numeric(5,2) check (percent_off > 0 and percent_off <= 100),
  amount_off numeric(14,3) check (amount_off > 0),
  currency text references public.currencies (code),
  duration text not null check (duration in ('once', 'repeating', 'forever')),
  duration_periods int check (duration_periods between 1 and 120),
  expires_at timestamptz,  -- no new redemptions after this
  max_redemptions int check (max_redemptions >= 1),
  times_redeemed int not null default 0 check (times_redeemed >= 0),
  plan_codes text[],  -- restricts the coupon to these plans; null = any plan
  status text not null default 'active' check (status in ('active', 'archived')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check ((kind = 'percent') = (percent_off is not null) and (kind = 'fixed') = (amount_off is not null and currency is not null)),
  check ((duration = 'repeating') = (duration_periods is not null)),
  check (max_redemptions is null or times_redeemed <= max_redemptions)
);
create index coupons_created_by_idx on public.coupons (created_by);

create table public.coupon_redemptions (
  id uuid primary key default extensions.gen_random_uuid(),
  coupon_id uuid not null references public.coupons (id),
  subscription_id uuid not null references public.subscriptions (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  redeemed_at timestamptz not null default now(),
  periods_applied int not null default 0,
  ended_at timestamptz,  -- exhausted or removed
  unique (coupon_id, subscription_id)
);
create index coupon_redemptions_subscription_idx on public.coupon_redemptions (subscription_id);
create index coupon_redemptions_tenant_idx on public.coupon_redemptions (tenant_id);

-- ── invoices and credit notes ───────────────────────────────────────────────────────────────

-- Gapless numbering per kind and billing year: a number is taken under this row's lock when a
-- document is finalised, in the same transaction (a rollback gives the number back).
create table private.document_sequences (
  kind text not null check (kind in ('invoice', 'credit_note')),
  billing_year int not null check (billing_year between 2000 and 2999),
  last_number int not null default 0,
  primary key (kind, billing_year)
);

create table public.invoices (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  subscription_id uuid references public.subscriptions (id) on delete set null,
  number text unique,  -- HQ-2026-000123, given at finalisation
  billing_year int,
  status text not null default 'draft' check (status in ('draft', 'open', 'paid', 'void', 'uncollectible')),
  billing_reason text not null check (billing_reason in ('subscription_create', 'subscription_cycle', 'subscription_update', 'manual')),
  currency text not null references public.currencies (code),
  period_start timestamptz,
  period_end timestamptz,
  timezone text not null,  -- the tenant's, for issue and due dates
  issue_date date,
  due_date date,
  -- copied from the billing profile and tax table when the invoice is computed
  tax_country text not null,
  tax_rate numeric(6,3) not null default 0,
  tax_treatment text not null default 'standard' check (tax_treatment in ('standard', 'reverse_charge', 'exempt')),
  tax_registration_number text,
  subtotal numeric(14,3) not null default 0,        -- lines before discounts
  discount_total numeric(14,3) not null default 0,
  tax_total numeric(14,3) not null default 0,
  total numeric(14,3) not null default 0,           -- subtotal − discounts + tax
  balance_applied numeric(14,3) not null default 0, -- customer balance used
  amount_credited numeric(14,3) not null default 0, -- credit notes that reduce the amount due
  amount_paid numeric(14,3) not null default 0,
  amount_due numeric(14,3) not null default 0,      -- total − balance − credited − paid
  -- one invoice per subscription and period, whatever reruns or crashes happen
  idempotency_key text unique,
  memo text,
  finalized_at timestamptz,
  paid_at timestamptz,
  voided_at timestamptz,
  uncollectible_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((number is null) = (status = 'draft') or status = 'void'),
  check (amount_due >= 0)
);
create index invoices_tenant_idx on public.invoices (tenant_id, created_at desc);
create index invoices_subscription_idx on public.invoices (subscription_id);
create index invoices_status_idx on public.invoices (status, due_date);
create index invoices_created_by_idx on public.invoices (created_by);

create table public.invoice_lines (
  id uuid primary key default extensions.gen_random_uuid(),
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  position int not null,
  kind text not null check (kind in ('plan', 'add_on', 'proration', 'overage', 'adjustment')),
  description jsonb not null check (jsonb_typeof(description) = 'object' and coalesce(trim(description ->> 'en'), '') <> ''),
  quantity numeric(14,3) not null default 1,
  unit_amount numeric(14,3) not null,
  amount numeric(14,3) not null,           -- quantity × unit, rounded to the currency
  discount_amount numeric(14,3) not null default 0 check (discount_amount >= 0),
  tax_amount numeric(14,3) not null default 0,  -- on (amount − discount), rounded per line
  period_start timestamptz,
  period_end timestamptz,
  source jsonb not null default '{}',       -- what produced the line (plan id, add-on, breach ids, coupon)
  unique (invoice_id, position)
);
create index invoice_lines_tenant_idx on public.invoice_lines (tenant_id);

create table public.credit_notes (
  id uuid primary key default extensions.gen_random_uuid(),
  number text not null unique,  -- CN-2026-000012
  invoice_id uuid not null references public.invoices (id),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  currency text not null references public.currencies (code),
  amount numeric(14,3) not null check (amount > 0),  -- before tax
  tax_amount numeric(14,3) not null default 0,
  total numeric(14,3) not null check (total > 0),
  -- reduce_amount_due: an open invoice owes less; refund: money goes back through the gateway;
  -- customer_balance: credit for later invoices
  method text not null check (method in ('reduce_amount_due', 'refund', 'customer_balance')),
  reason text not null check (length(trim(reason)) >= 3),
  status text not null default 'issued' check (status in ('issued', 'void')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index credit_notes_invoice_idx on public.credit_notes (invoice_id);
create index credit_notes_tenant_idx on public.credit_notes (tenant_id);
create index credit_notes_created_by_idx on public.credit_notes (created_by);

-- ── payments ────────────────────────────────────────────────────────────────────────────────

-- Gateway merchant accounts: the platform's (tenant_id null) and tenants with their own. Secrets
-- are never stored here: secret_name names a Vault secret.
create table public.gateway_accounts (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid references public.tenants (id) on delete cascade,
  gateway text not null check (gateway in ('stripe', 'paytabs', 'hyperpay')),
  environment text not null default 'test' check (environment in ('test', 'live')),
  merchant_ref text,          -- Stripe account, PayTabs profile id, HyperPay entity id
  secret_name text not null,  -- vault.secrets name holding the webhook / server key
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create unique index gateway_accounts_scope_idx on public.gateway_accounts (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), gateway, environment) where active;
create index gateway_accounts_tenant_idx on public.gateway_accounts (tenant_id);

create table public.payments (
  id uuid primary key default extensions.gen_random_uuid(),
  invoice_id uuid references public.invoices (id),  -- null until an event names a known invoice
  tenant_id uuid references public.tenants (id) on delete cascade,
  gateway text not null check (gateway in ('stripe', 'paytabs', 'hyperpay')),
  gateway_payment_id text,
  amount numeric(14,3) not null check (amount >= 0),
  currency text not null references public.currencies (code),
  status text not null check (status in ('pending', 'succeeded', 'failed', 'cancelled')),
  amount_refunded numeric(14,3) not null default 0 check (amount_refunded >= 0),
  failure_code text,
  failure_message text,
  checkout_url text,
  -- where this payment's money went when it could not settle its invoice (void, already paid)
  applied_to text check (applied_to in ('invoice', 'customer_balance', 'refund_due')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (gateway, gateway_payment_id)
);
create index payments_invoice_idx on public.payments (invoice_id);
create index payments_tenant_idx on public.payments (tenant_id, created_at desc);

create table public.refunds (
  id uuid primary key default extensions.gen_random_uuid(),
  payment_id uuid references public.payments (id),  -- null while the refund arrived before its payment
  gateway text not null check (gateway in ('stripe', 'paytabs', 'hyperpay')),
  gateway_refund_id text not null,
  gateway_payment_id text not null,
  invoice_id uuid references public.invoices (id),
  tenant_id uuid references public.tenants (id) on delete cascade,
  credit_note_id uuid references public.credit_notes (id),
  amount numeric(14,3) not null check (amount > 0),
  currency text not null references public.currencies (code),
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (gateway, gateway_refund_id)
);
create index refunds_payment_idx on public.refunds (payment_id);
create index refunds_gateway_payment_idx on public.refunds (gateway, gateway_payment_id);
create index refunds_invoice_idx on public.refunds (invoice_id);
create index refunds_tenant_idx on public.refunds (tenant_id);
create index refunds_credit_note_idx on public.refunds (credit_note_id);

-- The webhook inbox: one row per (gateway, event id). The Edge Function stores the verified,
-- normalised event and answers; a billing job applies it.
create table public.payment_events (
  id bigint generated always as identity primary key,
  gateway text not null check (gateway in ('stripe', 'paytabs', 'hyperpay')),
  event_id text not null,
  event_type text not null,        -- the gateway's own type
  kind text,                       -- normalised: payment_succeeded, payment_failed, refund_succeeded, … null = ignored
  object_id text,                  -- the gateway payment id the event is about
  invoice_id uuid,                 -- from the event's metadata, when it names one
  occurred_at timestamptz,
  payload jsonb not null,          -- the raw event (staff with billing.write see it)
  status text not null default 'received' check (status in ('received', 'applied', 'ignored', 'failed')),
  attempts int not null default 0,
  last_error text,
  received_at timestamptz not null default now(),
  applied_at timestamptz,
  -- the merchant account whose Vault secret verified it (?account=); null: the platform's function secret
  gateway_account_id uuid references public.gateway_accounts (id)
);
-- One row per (gateway, account, event id): an event id a tenant sends first on its own account
-- cannot shadow the platform's event with the same id.
create unique index payment_events_gateway_account_event_idx on public.payment_events
  (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id);
create index payment_events_gateway_account_idx on public.payment_events (gateway_account_id);
create index payment_events_status_idx on public.payment_events (status, received_at);
create index payment_events_object_idx on public.payment_events (gateway, object_id);
create index payment_events_invoice_idx on public.payment_events (invoice_id);

-- ── dunning ─────────────────────────────────────────────────────────────────────────────────

-- One row: the schedule (documented defaults). Days count from the invoice's due date.
create table public.dunning_policy (
  id int primary key default 1 check (id = 1),
  retry_days int[] not null default '{1,3,5,7}',
  reminder_days int[] not null default '{0,3,7}',
  warn_after_days int not null default 3,
  past_due_after_days int not null default 7,
  suspend_after_days int not null default 14,       -- the grace days
  uncollectible_after_days int not null default 60,
  updated_at timestamptz not null default now()
);
insert into public.dunning_policy (id) values (1);

-- One case per unpaid invoice past due (or with a failed payment): where it is and what comes next.
create table public.dunning_cases (
  id uuid primary key default extensions.gen_random_uuid(),
  invoice_id uuid not null unique references public.invoices (id) on delete cascade,
  subscription_id uuid references public.subscriptions (id) on delete set null,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  stage text not null check (stage in ('retrying', 'warned', 'past_due', 'suspended', 'recovered', 'written_off')),
  retries_done int not null default 0,
  reminders_sent int not null default 0,
  next_action text,
  next_action_at timestamptz,
  last_result text,
  opened_at timestamptz not null default now(),
  closed_at timestamptz
);
create index dunning_cases_subscription_idx on public.dunning_cases (subscription_id);
create index dunning_cases_tenant_idx on public.dunning_cases (tenant_id);
create index dunning_cases_due_idx on public.dunning_cases (next_action_at) where closed_at is null;

create table public.dunning_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references public.dunning_cases (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  action text not null,  -- retry, reminder, warned, past_due, suspended, recovered, written_off
  detail jsonb not null default '{}',
  at timestamptz not null default now()
);
create index dunning_events_case_idx on public.dunning_events (case_id, id);
create index dunning_events_tenant_idx on public.dunning_events (tenant_id);

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────

alter table public.currencies enable row level security;
alter table public.tax_rates enable row level security;
alter table public.billing_profiles enable row level security;
alter table public.customer_balance_transactions enable row level security;
alter table public.subscriptions enable row level security;
alter table public.subscription_add_ons enable row level security;
alter table public.mrr_movements enable row level security;
alter table public.coupons enable row level security;
alter table public.coupon_redemptions enable row level security;
alter table private.document_sequences enable row level security;
alter table public.invoices enable row level security;
alter table public.invoice_lines enable row level security;
alter table public.credit_notes enable row level security;
alter table public.gateway_accounts enable row level security;
alter table public.payments enable row level security;
alter table public.refunds enable row level security;
alter table public.payment_events enable row level security;
alter table public.dunning_policy enable row level security;
alter table public.dunning_cases enable row level security;
alter table public.dunning_events enable row level security;

revoke all on public.currencies, public.tax_rates, public.billing_profiles, public.customer_balance_transactions,
  public.subscriptions, public.subscription_add_ons, public.mrr_movements, public.coupons, public.coupon_redemptions,
  public.invoices, public.invoice_lines, public.credit_notes, public.gateway_accounts, public.payments, public.refunds,
  public.payment_events, public.dunning_policy, public.dunning_cases, public.dunning_events from anon;
revoke insert, update, delete, truncate on public.currencies, public.tax_rates, public.billing_profiles,
  public.customer_balance_transactions, public.subscriptions, public.subscription_add_ons, public.mrr_movements,
  public.coupons, public.coupon_redemptions, public.invoices, public.invoice_lines, public.credit_notes,
  public.gateway_accounts, public.payments, public.refunds, public.payment_events, public.dunning_policy,
  public.dunning_cases, public.dunning_events from authenticated;
revoke all on private.document_sequences from anon, authenticated;

create policy "signed-in users read currencies" on public.currencies for select to authenticated using (true);
create policy "signed-in users read tax rates" on public.tax_rates for select to authenticated using (true);
create policy "billing staff read the dunning policy" on public.dunning_policy for select to authenticated
  using ((select private.has_permission('billing.read')));

-- A tenant's own members (and staff impersonating it) read its billing documents; HQ staff with
-- billing.read read all of them.
create policy "billing profile readers" on public.billing_profiles for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "balance readers" on public.customer_balance_transactions for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "subscription readers" on public.subscriptions for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "subscription add-on readers" on public.subscription_add_ons for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "redemption readers" on public.coupon_redemptions for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "invoice readers" on public.invoices for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "invoice line readers" on public.invoice_lines for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "credit note readers" on public.credit_notes for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "payment readers" on public.payments for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "refund readers" on public.refunds for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));

-- HQ-only: the coupon book, revenue movements, merchant accounts, the webhook inbox and dunning.
create policy "billing staff read coupons" on public.coupons for select to authenticated
  using ((select private.has_permission('billing.read')));
create policy "billing staff read MRR movements" on public.mrr_movements for select to authenticated
  using ((select private.has_permission('billing.read')));
create policy "billing staff read gateway accounts" on public.gateway_accounts for select to authenticated
  using ((select private.has_permission('billing.read')));
-- The raw event can carry card and customer details: billing.write only.
create policy "billing writers read the webhook inbox" on public.payment_events for select to authenticated
  using ((select private.has_permission('billing.write')));
create policy "billing staff read dunning cases" on public.dunning_cases for select to authenticated
  using ((select private.has_permission('billing.read')));
create policy "billing staff read dunning events" on public.dunning_events for select to authenticated
  using ((select private.has_permission('billing.read')));
