-- Billing (C6, C7), part 3: payments. The webhook inbox and how its events are applied, checkout,
-- manual (bank transfer) payments, refunds and credit notes.
--
-- Webhooks: an Edge Function verifies the gateway's signature, normalises the event and calls
-- public.ingest_payment_event, which stores it once per (gateway, merchant account, event id) and
-- enqueues the job 'billing.apply_payment_event'. Applying is order-independent: every derived value
-- (a payment's status and refunded amount, where its money went) is recomputed from what is stored,
-- status only moves forward (pending < failed < succeeded), and money reaches an invoice once per
-- payment; after that the payment's amount is frozen. An event verified with a tenant's own merchant
-- account secret is recorded and ignored: the tenant holds that secret, so it could sign a payment
-- for any invoice; HQ invoices are settled by the platform's accounts only.
-- Every function that touches a gateway payment takes its advisory lock
-- ('billing.payment:<gateway>:<id>') before any payment or refund row lock (no deadlocks between a
-- checkout being attached and its events being applied).
--
-- Schema additions (the shared schema lacks them):
--  * payment_events keeps the normalised fields next to the raw payload;
--  * payments may be 'manual' (a bank transfer recorded by staff) and remember when and how much of
--    their money was applied (applied_at, applied_amount to the invoice, the rest went to balance);
--  * refunds remember when their amount was counted on the payment;
--  * payments keep a hosted checkout's own id (checkout_ref) when the gateway's payment id differs
--    (HyperPay), and when a pending checkout was cancelled (cancelled_at);
--  * public.payment_methods: saved cards / tokens for off-session dunning retries, written by the
--    apply job from succeeded payments' events (payment_events.payment_method).
--
-- Checkouts: begin_checkout cancels the invoice's earlier pending checkouts the gateway never
-- reported on ('superseded'); payments-checkout cancels its own when the gateway call fails
-- (cancel_checkout, 'checkout_failed'); the dunning tick cancels those older than 24 hours
-- ('expired'). A cancelled payment that the gateway reports as succeeded after all still succeeds.
-- With an idempotency key begin_checkout makes one payment per key (a dunning charge job passes its
-- own, so a retried job reuses the payment and the gateway's idempotency key: one charge).
--
-- Refunds: a refund the gateway refuses at once (no webhook follows) is failed by the refund job
-- with public.fail_refund; a failed refund of a credit note puts its total on the customer balance,
-- taken back if the gateway reports it succeeded after all.

-- ── schema additions ────────────────────────────────────────────────────────────────────────

alter table public.payment_events
  add column if not exists amount numeric(14,3) check (amount >= 0),
  add column if not exists currency text references public.currencies (code),
  add column if not exists refund_id text,
  add column if not exists failure_code text,
  add column if not exists failure_message text,
  add column if not exists payment_id uuid;  -- our payments.id when the gateway echoes it (checkout metadata)
create index if not exists payment_events_refund_idx on public.payment_events (gateway, refund_id) where refund_id is not null;

alter table public.payments drop constraint if exists payments_gateway_check;
alter table public.payments add constraint payments_gateway_check check (gateway in ('stripe', 'paytabs', 'hyperpay', 'manual'));
alter table public.payments
  add column if not exists applied_at timestamptz,
  add column if not exists applied_amount numeric(14,3) not null default 0 check (applied_amount >= 0),
  add column if not exists reference text,
  add column if not exists created_by uuid references auth.users (id) on delete set null;
create index if not exists payments_created_by_idx on public.payments (created_by);

-- A hosted checkout's own id when the gateway's payment id differs from it (HyperPay: the checkout
-- id, then the payment id of the webhook), and why a pending checkout was cancelled.
alter table public.payments
  add column if not exists checkout_ref text,
  add column if not exists cancelled_at timestamptz;
create index if not exists payments_pending_idx on public.payments (created_at) where status = 'pending';

-- One payment per idempotency key (begin_checkout's: every attempt of a dunning charge job passes
-- the job's key, so the gateway sees one idempotency key and charges once).
alter table public.payments add column if not exists idempotency_key text
  check (idempotency_key is null or (length(idempotency_key) between 1 and 200 and btrim(idempotency_key) <> ''));
create unique index if not exists payments_idempotency_key_idx on public.payments (idempotency_key)
  where idempotency_key is not null;

-- Once a payment's money is applied its amount is frozen; a gateway event reporting another amount
-- afterwards is kept here for an operator (audited payment.amount_mismatch), no money moves.
alter table public.payments
  add column if not exists reported_amount numeric(14,3) check (reported_amount >= 0),
  add column if not exists reported_currency text references public.currencies (code);

-- Why a refund failed (the gateway's code and message: a refund_failed event, or fail_refund when
-- the gateway refused the refund at once).
alter table public.refunds
  add column if not exists failure_code text check (failure_code is null or length(failure_code) <= 200),
  add column if not exists failure_message text check (failure_message is null or length(failure_message) <= 1000),
  add column if not exists failed_at timestamptz;

-- The card (or token) a succeeded payment left for off-session charges, as the gateway reports it.
alter table public.payment_events add column if not exists payment_method jsonb
  check (payment_method is null or jsonb_typeof(payment_method) = 'object');

-- Saved payment methods: what dunning retries charge off-session. Written only by the apply job
-- (from a succeeded payment's event) and the functions below; never card numbers, only the
-- gateway's references and what the card shows (brand, last 4, expiry).
--   customer_ref  Stripe customer (cus_…), PayTabs transaction that created the token (tran_ref),
--                 HyperPay: the shopper's merchantCustomerId when sent (else null)
--   method_ref    Stripe payment method (pm_…), PayTabs token, HyperPay registrationId
create table if not exists public.payment_methods (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  gateway text not null check (gateway in ('stripe', 'paytabs', 'hyperpay')),
  customer_ref text check (customer_ref is null or length(customer_ref) between 1 and 200),
  method_ref text not null check (length(method_ref) between 1 and 200),
  brand text check (brand is null or length(brand) <= 40),
  last4 text check (last4 is null or last4 ~ '^[0-9]{4}$'),
  exp_month int check (exp_month is null or exp_month between 1 and 12),
  exp_year int check (exp_year is null or exp_year between 2000 and 2200),
  is_default boolean not null default false,
  payment_id uuid references public.payments (id) on delete set null,  -- the payment that saved it
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (gateway, method_ref)
);
create index if not exists payment_methods_tenant_idx on public.payment_methods (tenant_id, created_at desc);
create unique index if not exists payment_methods_one_default_idx on public.payment_methods (tenant_id) where is_default;
create index if not exists payment_methods_payment_idx on public.payment_methods (payment_id);
alter table public.payment_methods enable row level security;
revoke all on public.payment_methods from anon;
revoke insert, update, delete, truncate on public.payment_methods from authenticated;
drop policy if exists "payment method readers" on public.payment_methods;
create policy "payment method readers" on public.payment_methods for select to authenticated
  using (tenant_id in (select private.my_tenant_ids()) or (select private.has_permission('billing.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));

-- ── helpers ─────────────────────────────────────────────────────────────────────────────────

-- Errors go through private.billing_fail and money through private.round_money (invoicing migration).

-- Status order of a payment or refund: status only ever moves up this scale.
create or replace function private.payment_status_rank(status text)
returns int
language sql
immutable
set search_path = ''
as $$
  select case payment_status_rank.status when 'pending' then 1 when 'cancelled' then 1 when 'failed' then 2
                                          when 'succeeded' then 3 else 0 end
$$;

-- ── the webhook inbox ───────────────────────────────────────────────────────────────────────

-- An event's payment_method as stored: {customer_ref, method_ref, brand, last4, exp_month,
-- exp_year}. method_ref is required (1–200 characters) or the method is refused
-- (billing.invalid_payment_method); the descriptive fields are kept only when well formed (a
-- gateway's odd card label never loses the payment). null / JSON null → null.
create or replace function private.normalize_payment_method(pm jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_ref text;
  v_customer text;
  v_month int;
  v_year int;
begin
  if pm is null or jsonb_typeof(pm) = 'null' then
    return null;
  end if;
  if jsonb_typeof(pm) <> 'object' then
    perform private.billing_fail('22023', 'invalid_payment_method', 'payment_method must be an object',
      '{customer_ref, method_ref, brand, last4, exp_month, exp_year}');
  end if;
  v_ref := btrim(pm ->> 'method_ref');
  if jsonb_typeof(pm -> 'method_ref') is distinct from 'string' or v_ref = '' or length(v_ref) > 200 then
    perform private.billing_fail('22023', 'invalid_payment_method', 'payment_method.method_ref must be 1 to 200 characters',
      'the Stripe payment method, PayTabs token or HyperPay registration id');
  end if;
  v_customer := nullif(btrim(pm ->> 'customer_ref'), '');
  if length(v_customer) > 200 then
    perform private.billing_fail('22023', 'invalid_payment_method', 'payment_method.customer_ref must be at most 200 characters',
      'the Stripe customer or PayTabs transaction reference');
  end if;
  if (pm ->> 'exp_month') ~ '^\s*[0-9]{1,2}\s*$' and (pm ->> 'exp_month')::int between 1 and 12 then
    v_month := (pm ->> 'exp_month')::int;
  end if;
  if (pm ->> 'exp_year') ~ '^\s*[0-9]{2}([0-9]{2})?\s*$' then
    v_year := (pm ->> 'exp_year')::int;
    v_year := case when v_year < 100 then 2000 + v_year else v_year end;
    if v_year not between 2000 and 2200 then
      v_year := null;
    end if;
  end if;
  return jsonb_build_object('method_ref', v_ref, 'customer_ref', v_customer,
    'brand', nullif(left(btrim(pm ->> 'brand'), 40), ''),
    'last4', case when btrim(pm ->> 'last4') ~ '^[0-9]{4}$' then btrim(pm ->> 'last4') end,
    'exp_month', v_month, 'exp_year', v_year);
end
$$;

-- Called by the gateway Edge Functions (service role) with a verified, normalised event.
-- Returns {status: stored | duplicate | ignored, id}. A duplicate (same gateway and event id)
-- changes nothing; an event of no interest (kind null) is kept as 'ignored'. `gateway_account_id`
-- names the merchant account whose secret verified it (null: the platform's function secret); an
-- event on a tenant's own account is kept as 'ignored' with its normalised fields empty, so nothing
-- (apply, replay, the payment and refund syncs, checkout clean-up) ever reads it as HQ money.
create or replace function public.ingest_payment_event(event jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_gateway text;
  v_event_id text;
  v_event_type text;
  v_kind text;
  v_amount numeric;
  v_currency text;
  v_occurred timestamptz;
  v_invoice uuid;
  v_payment uuid;
  v_method jsonb;
  v_id bigint;
  v_account uuid;
  v_account_tenant uuid;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.billing_fail('PT403', 'forbidden', 'only the payment gateway functions may record payment events',
      'call through the payments-<gateway> Edge Function');
  end if;
  if event is null or jsonb_typeof(event) <> 'object' then
    perform private.billing_fail('22023', 'invalid_event', 'the event must be a JSON object', 'send the normalised event');
  end if;
  v_gateway := event ->> 'gateway';
  if v_gateway is null or v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.billing_fail('22023', 'unknown_gateway', format('unknown gateway %s', coalesce(v_gateway, 'null')),
      'stripe, paytabs or hyperpay');
  end if;
  v_event_id := event ->> 'event_id';
  if v_event_id is null or btrim(v_event_id) = '' or length(v_event_id) > 200 then
    perform private.billing_fail('22023', 'invalid_event_id', 'the event id must be 1 to 200 characters',
      'use the gateway''s own event id');
  end if;
  v_event_type := event ->> 'event_type';
  if v_event_type is null or btrim(v_event_type) = '' or length(v_event_type) > 200 then
    perform private.billing_fail('22023', 'invalid_event', 'the event type must be 1 to 200 characters',
      'use the gateway''s own event type');
  end if;
  v_kind := nullif(event ->> 'kind', '');
  if v_kind is not null and v_kind not in ('payment_succeeded', 'payment_failed', 'payment_pending', 'refund_succeeded', 'refund_failed') then
    perform private.billing_fail('22023', 'unknown_kind', format('unknown event kind %s', v_kind),
      'payment_succeeded, payment_failed, payment_pending, refund_succeeded, refund_failed, or null to ignore');
  end if;
  if event -> 'payload' is not null and jsonb_typeof(event -> 'payload') not in ('object', 'array') then
    perform private.billing_fail('22023', 'invalid_event', 'payload must be the raw event (an object)', 'send the parsed body');
  end if;
  if event ? 'amount' and jsonb_typeof(event -> 'amount') <> 'null' then
    if jsonb_typeof(event -> 'amount') <> 'number' or (event ->> 'amount')::numeric < 0 then
      perform private.billing_fail('22023', 'invalid_amount', 'amount must be a number ≥ 0 (major units)',
        'e.g. 12.5 for 12.500 OMR');
    end if;
    v_amount := (event ->> 'amount')::numeric;
  end if;
  v_currency := nullif(upper(event ->> 'currency'), '');
  if v_currency is not null and not exists (select from public.currencies c where c.code = v_currency) then
    perform private.billing_fail('22023', 'unknown_currency', format('unknown currency %s', v_currency),
      'one of ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  if v_amount is not null then
    if v_currency is null then
      perform private.billing_fail('22023', 'invalid_amount', 'an amount needs its currency', 'send currency with amount');
    end if;
    v_amount := private.round_money(v_amount, v_currency);
    if v_amount >= 1e11 then
      perform private.billing_fail('22023', 'invalid_amount', 'amount is too large', 'major units, below 100 000 000 000');
    end if;
  end if;
  if v_kind is not null then
    if v_amount is null then
      perform private.billing_fail('22023', 'invalid_amount', format('a %s event needs amount and currency', v_kind),
        'send the amount in major units');
    end if;
    if coalesce(btrim(event ->> 'object_id'), '') = '' or length(event ->> 'object_id') > 200 then
      perform private.billing_fail('22023', 'invalid_event', format('a %s event needs object_id (the gateway payment id)', v_kind),
        'the payment intent / transaction reference');
    end if;
    if v_kind like 'refund_%' and (coalesce(btrim(event ->> 'refund_id'), '') = '' or length(event ->> 'refund_id') > 200) then
      perform private.billing_fail('22023', 'invalid_event', 'a refund event needs refund_id (the gateway refund id)',
        'the refund reference');
    end if;
  end if;
  -- An ISO date-time, finite: PostgreSQL alone would also take 'now', 'epoch' and 'infinity'.
  if nullif(event ->> 'occurred_at', '') !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' then
    perform private.billing_fail('22023', 'invalid_event', 'occurred_at must be an ISO timestamp', 'e.g. 2026-11-23T10:00:00Z');
  end if;
  begin
    v_occurred := nullif(event ->> 'occurred_at', '')::timestamptz;
  exception when others then
    perform private.billing_fail('22023', 'invalid_event', 'occurred_at must be an ISO timestamp', 'e.g. 2026-11-23T10:00:00Z');
  end;
  begin
    v_account := nullif(event ->> 'gateway_account_id', '')::uuid;
  exception when others then
    perform private.billing_fail('22023', 'invalid_gateway_account', 'gateway_account_id must be a gateway account id',
      'the ?account= of the webhook URL, or null for the platform secret');
  end;
  if v_account is not null then
    select a.tenant_id into v_account_tenant from public.gateway_accounts a
    where a.id = v_account and a.gateway = v_gateway and a.active;
    if not found then
      perform private.billing_fail('PT404', 'unknown_gateway_account', format('no active %s merchant account %s', v_gateway, v_account),
        'check the webhook URL''s account parameter');
    end if;
  end if;
  begin
    v_invoice := nullif(event ->> 'invoice_id', '')::uuid;
  exception when others then
    -- Metadata that names no invoice of ours: keep the event, just without an invoice.
    v_invoice := null;
  end;
  begin
    v_payment := nullif(event ->> 'payment_id', '')::uuid;
  exception when others then
    v_payment := null;
  end;

  v_method := private.normalize_payment_method(event -> 'payment_method');

  if v_account_tenant is not null then
    -- HQ invoices are paid to the platform's accounts only. A tenant holds its own account's secret,
    -- so an event it verifies is the tenant's word, not the gateway's: recorded, never applied.
    insert into public.payment_events as e (gateway, event_id, event_type, occurred_at, payload, status, last_error, gateway_account_id)
    values (v_gateway, v_event_id, v_event_type, v_occurred, coalesce(event -> 'payload', '{}'::jsonb), 'ignored',
      'received on a tenant''s own merchant account: HQ billing applies only the platform''s accounts', v_account)
    on conflict (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id) do nothing
    returning e.id into v_id;
    v_kind := null;
  else
    insert into public.payment_events as e (gateway, event_id, event_type, kind, object_id, invoice_id, occurred_at, payload, status,
      amount, currency, refund_id, failure_code, failure_message, payment_id, payment_method, gateway_account_id)
    values (v_gateway, v_event_id, v_event_type, v_kind, nullif(btrim(event ->> 'object_id'), ''), v_invoice, v_occurred,
      coalesce(event -> 'payload', '{}'::jsonb), case when v_kind is null then 'ignored' else 'received' end,
      v_amount, v_currency, nullif(btrim(event ->> 'refund_id'), ''), left(event ->> 'failure_code', 200),
      left(event ->> 'failure_message', 1000), v_payment, v_method, v_account)
    on conflict (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id) do nothing
    returning e.id into v_id;
  end if;

  if v_id is null then
    select e.id into v_id from public.payment_events e
    where e.gateway = v_gateway and e.event_id = v_event_id
      and coalesce(e.gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid)
          = coalesce(v_account, '00000000-0000-0000-0000-000000000000'::uuid);
    return jsonb_build_object('status', 'duplicate', 'id', v_id);
  end if;
  if v_kind is null then
    return jsonb_build_object('status', 'ignored', 'id', v_id);
  end if;
  -- The key names the event (hashed when the id is too long for a job key).
  perform private.enqueue('billing', 'billing.apply_payment_event', jsonb_build_object('payment_event_id', v_id),
    'payment_event:' || v_gateway || ':' || case when length(v_event_id) > 160 then 'md5:' || md5(v_event_id) else v_event_id end);
  return jsonb_build_object('status', 'stored', 'id', v_id);
end
$$;

-- ── invoice money ───────────────────────────────────────────────────────────────────────────

-- After any change to an invoice's money: amount_due = total − balance_applied − amount_credited −
-- amount_paid (private.recompute_invoice_amounts of the invoicing migration),
-- and an open or uncollectible invoice whose amount due reaches 0 becomes paid.
create or replace function private.settle_invoice_amounts(invoice_id uuid, reason text default null)
returns public.invoices
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.invoices;
  v_after public.invoices;
begin
  select * into v_before from public.invoices i where i.id = settle_invoice_amounts.invoice_id for update;
  if v_before.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  perform private.recompute_invoice_amounts(v_before.id);
  update public.invoices i
  set status = 'paid', paid_at = coalesce(i.paid_at, private.now()), updated_at = now()
  where i.id = v_before.id and i.status in ('open', 'uncollectible') and i.amount_due = 0;
  select * into v_after from public.invoices i where i.id = v_before.id;
  if v_after.status = 'paid' and v_before.status <> 'paid' then
    perform audit.record('invoice.pay', 'invoice', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
      settle_invoice_amounts.reason);
  end if;
  return v_after;
end
$$;

-- Puts a succeeded payment's money where it belongs, once (payments.applied_at marks it done):
-- its open or uncollectible invoice up to the amount due, any excess — or all of it when the invoice
-- is void, draft or already paid — to the tenant's customer balance. A payment in another currency
-- than its invoice is marked refund_due. A payment with no known invoice waits (applied_at null)
-- until an event or the checkout names one.
create or replace function private.apply_payment_money(payment_id uuid)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  inv public.invoices;
  v_to_invoice numeric := 0;
  v_applied_to text;
begin
  select * into p from public.payments x where x.id = apply_payment_money.payment_id for update;
  if p.id is null or p.status <> 'succeeded' or p.applied_at is not null or p.invoice_id is null then
    return p;
  end if;
  select * into inv from public.invoices i where i.id = p.invoice_id for update;
  if inv.currency <> p.currency then
    v_applied_to := 'refund_due';
  elsif inv.status in ('open', 'uncollectible') and inv.amount_due > 0 then
    v_to_invoice := least(p.amount, inv.amount_due);
    update public.invoices i set amount_paid = i.amount_paid + v_to_invoice, updated_at = now() where i.id = inv.id;
    perform private.settle_invoice_amounts(inv.id, format('payment %s', coalesce(p.gateway_payment_id, p.id::text)));
    v_applied_to := 'invoice';
    perform private.credit_customer_balance(inv.tenant_id, p.amount - v_to_invoice, p.currency,
      'overpayment of invoice ' || coalesce(inv.number, inv.id::text), inv.id, null, p.id);
  else
    v_applied_to := 'customer_balance';
    perform private.credit_customer_balance(inv.tenant_id, p.amount, p.currency,
      format('payment for %s invoice %s', inv.status, coalesce(inv.number, inv.id::text)), inv.id, null, p.id);
  end if;
  update public.payments x
  set applied_to = v_applied_to, applied_at = private.now(), applied_amount = v_to_invoice,
      tenant_id = coalesce(x.tenant_id, inv.tenant_id), updated_at = now()
  where x.id = p.id
  returning * into p;
  return p;
end
$$;

-- ── applying gateway events (order-independent) ─────────────────────────────────────────────

-- amount_refunded is the sum of the payment's succeeded refunds: counted once whatever the order.
-- A refund made at the gateway without a credit note returns the payment's money that sat on the
-- customer balance (amount − applied_amount of an applied payment) first: that much is debited
-- from the balance (once: the debits already made carry payment_id), never below 0. Refunds from a
-- credit note are the credit note's business (the invoice part) and are not debited. Called after
-- the payment's money is applied and after every refund change, so the end state does not depend
-- on which event came first.
create or replace function private.refresh_payment_refunds(payment_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  v_target numeric;
  v_done numeric;
  v_delta numeric;
  v_balance numeric;
begin
  update public.payments x
  set amount_refunded = coalesce((select sum(r.amount) from public.refunds r
                                  where r.payment_id = x.id and r.status = 'succeeded'), 0),
      updated_at = now()
  where x.id = refresh_payment_refunds.payment_id
    and x.amount_refunded is distinct from coalesce((select sum(r.amount) from public.refunds r
                                                     where r.payment_id = x.id and r.status = 'succeeded'), 0);

  select * into p from public.payments x where x.id = refresh_payment_refunds.payment_id;
  if p.id is null or p.applied_at is null or p.tenant_id is null or p.applied_to not in ('invoice', 'customer_balance')
     or p.amount - p.applied_amount <= 0 then
    return;
  end if;
  select least(coalesce(sum(r.amount), 0), p.amount - p.applied_amount) into v_target
  from public.refunds r
  where r.payment_id = p.id and r.status = 'succeeded' and r.credit_note_id is null and r.currency = p.currency;
  select -coalesce(sum(t.amount), 0) into v_done
  from public.customer_balance_transactions t where t.payment_id = p.id and t.amount < 0;
  v_delta := v_target - v_done;
  if v_delta <= 0 then
    return;
  end if;
  select b.balance into v_balance from public.billing_profiles b where b.tenant_id = p.tenant_id for update;
  v_delta := least(v_delta, coalesce(v_balance, 0));
  if v_delta <= 0 then
    return;  -- already spent on later invoices: nothing left to take back
  end if;
  update public.billing_profiles b set balance = b.balance - v_delta, updated_at = private.now() where b.tenant_id = p.tenant_id;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, payment_id)
  values (p.tenant_id, -v_delta, p.currency, format('refunded at the gateway: payment %s', coalesce(p.gateway_payment_id, p.id::text)),
    p.invoice_id, p.id);
  perform audit.record('billing_profile.debit_balance', 'billing_profile', p.tenant_id::text, jsonb_build_object('balance', v_balance),
    jsonb_build_object('balance', v_balance - v_delta, 'amount', -v_delta, 'currency', p.currency, 'payment_id', p.id),
    p.tenant_id, 'gateway refund of a payment held on the customer balance');
end
$$;

-- Saves (or refreshes) a tenant's payment method from a succeeded payment's event: upsert on
-- (gateway, method_ref); the tenant's first method becomes its default. A method already saved
-- for another tenant is left alone (never moved between tenants). Returns the method's id.
create or replace function private.save_payment_method(tenant_id uuid, gateway text, pm jsonb, payment_id uuid default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.payment_methods;
  v_after public.payment_methods;
begin
  if pm is null or coalesce(pm ->> 'method_ref', '') = '' then
    return null;
  end if;
  -- one default per tenant: serialise saves of the same tenant
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || save_payment_method.tenant_id::text));
  select * into v_before from public.payment_methods m
  where m.gateway = save_payment_method.gateway and m.method_ref = pm ->> 'method_ref' for update;
  if v_before.id is not null then
    if v_before.tenant_id <> save_payment_method.tenant_id then
      return v_before.id;
    end if;
    update public.payment_methods m
    set customer_ref = coalesce(pm ->> 'customer_ref', m.customer_ref), brand = coalesce(pm ->> 'brand', m.brand),
        last4 = coalesce(pm ->> 'last4', m.last4), exp_month = coalesce((pm ->> 'exp_month')::int, m.exp_month),
        exp_year = coalesce((pm ->> 'exp_year')::int, m.exp_year), updated_at = now()
    where m.id = v_before.id
    returning * into v_after;
    if to_jsonb(v_after) - 'updated_at' is distinct from to_jsonb(v_before) - 'updated_at' then
      perform audit.record('payment_method.update', 'payment_method', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after),
        v_after.tenant_id, 'gateway event');
    end if;
    return v_after.id;
  end if;
  insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default, payment_id)
  values (save_payment_method.tenant_id, save_payment_method.gateway, pm ->> 'customer_ref', pm ->> 'method_ref', pm ->> 'brand',
    pm ->> 'last4', (pm ->> 'exp_month')::int, (pm ->> 'exp_year')::int,
    not exists (select from public.payment_methods m where m.tenant_id = save_payment_method.tenant_id and m.is_default),
    save_payment_method.payment_id)
  returning * into v_after;
  perform audit.record('payment_method.save', 'payment_method', v_after.id::text, null, to_jsonb(v_after), v_after.tenant_id,
    'saved by a succeeded payment');
  return v_after.id;
end
$$;

-- The payment named by (gateway, gateway payment id), derived from every payment event stored for
-- it: status = the highest of the row's and the events' (pending < failed < succeeded), amount and
-- failure from the event that set it (until its money is applied: then the amount is frozen and a
-- different one reported later is kept in reported_amount), the invoice from the row or any event.
-- Then money is applied (once) and refunds that arrived first are linked. Our own payment rows the
-- events name are looked up by id (v_named): as a generic plan, a join on the gateway walked every
-- payment of the gateway, so each apply grew with the payments table.
create or replace function private.sync_gateway_payment(gateway text, gateway_payment_id text)
returns public.payments
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  v_before public.payments;
  best public.payment_events;
  v_best_status text;
  v_invoice uuid;
  v_tenant uuid;
  v_named uuid[];
begin
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || sync_gateway_payment.gateway || ':' || sync_gateway_payment.gateway_payment_id));
  select * into best from public.payment_events e
  where e.gateway = sync_gateway_payment.gateway and e.object_id = sync_gateway_payment.gateway_payment_id
    and e.kind in ('payment_succeeded', 'payment_failed', 'payment_pending')
  order by private.payment_status_rank(replace(e.kind, 'payment_', '')) desc, e.occurred_at desc nulls last, e.id desc
  limit 1;
  -- Our own payment rows the events name (a handful), so the lookups below go by primary key.
  select array_agg(distinct e.payment_id) into v_named from public.payment_events e
  where e.gateway = sync_gateway_payment.gateway and e.object_id = sync_gateway_payment.gateway_payment_id
    and e.payment_id is not null;
  select e.invoice_id into v_invoice from public.payment_events e
  where e.gateway = sync_gateway_payment.gateway and e.object_id = sync_gateway_payment.gateway_payment_id
    and e.invoice_id is not null and exists (select from public.invoices i where i.id = e.invoice_id)
  order by e.id limit 1;

  select * into v_before from public.payments x
  where x.gateway = sync_gateway_payment.gateway and x.gateway_payment_id = sync_gateway_payment.gateway_payment_id for update;
  if v_before.id is null then
    -- Our own payment the gateway echoed back (Stripe metadata.payment_id, PayTabs cart_id, HyperPay
    -- merchantTransactionId → event.payment_id): adopt that row, whether its checkout is not
    -- attached yet (gateway_payment_id null) or attached under a checkout id that is not a payment
    -- (HyperPay: the checkout id differs from the payment id; no payment event names it). The
    -- checkout id is kept in checkout_ref. A row already bound to another gateway payment that
    -- events name (e.g. a declined attempt) is not taken over: this payment gets its own row.
    select * into v_before from public.payments x
    where x.id = any(v_named) and x.gateway = sync_gateway_payment.gateway
      and (x.gateway_payment_id is null
           or not exists (select from public.payment_events e2
                          where e2.gateway = x.gateway and e2.object_id = x.gateway_payment_id
                            and e2.kind in ('payment_succeeded', 'payment_failed', 'payment_pending')))
    order by x.created_at
    limit 1
    for update;
    if v_before.id is not null then
      update public.payments x
      set checkout_ref = coalesce(x.checkout_ref, x.gateway_payment_id),
          gateway_payment_id = sync_gateway_payment.gateway_payment_id, updated_at = now()
      where x.id = v_before.id returning * into p;
      perform audit.record('payment.adopt', 'payment', p.id::text, to_jsonb(v_before), to_jsonb(p), p.tenant_id,
        'gateway event names this payment');
      v_before := p;
      p := null;
    end if;
  end if;
  if v_before.id is null then
    if best.id is null then
      return null;
    end if;
    -- no invoice in the events: the one of our payment they name, if any
    v_invoice := coalesce(v_invoice, (select x.invoice_id from public.payments x
                                      where x.id = any(v_named) and x.gateway = sync_gateway_payment.gateway
                                        and x.invoice_id is not null
                                      order by x.created_at limit 1));
    insert into public.payments as x (gateway, gateway_payment_id, amount, currency, status, invoice_id)
    values (sync_gateway_payment.gateway, sync_gateway_payment.gateway_payment_id, best.amount, best.currency, 'pending', v_invoice)
    returning * into v_before;
    perform audit.record('payment.record', 'payment', v_before.id::text, null, to_jsonb(v_before), null, 'gateway event');
  end if;

  v_best_status := replace(best.kind, 'payment_', '');
  if best.id is not null and private.payment_status_rank(v_best_status) >= private.payment_status_rank(v_before.status)
     and not (v_best_status = 'pending' and v_before.status = 'cancelled') then
    select i.tenant_id into v_tenant from public.invoices i where i.id = coalesce(v_before.invoice_id, v_invoice);
    -- Once its money was applied (applied_at), a payment's amount and currency are what was
    -- applied: applied_amount went to the invoice and the rest to the customer balance, and refunds
    -- and credit notes count on it. A later event reporting another amount does not move money: it
    -- is kept in reported_amount / reported_currency (null when the events agree) for an operator.
    update public.payments x
    set status = v_best_status,
        amount = case when x.applied_at is null then best.amount else x.amount end,
        currency = case when x.applied_at is null then best.currency else x.currency end,
        reported_amount = case when x.applied_at is not null and (best.amount, best.currency) is distinct from (x.amount, x.currency)
                               then best.amount end,
        reported_currency = case when x.applied_at is not null and (best.amount, best.currency) is distinct from (x.amount, x.currency)
                                 then best.currency end,
        failure_code = case when v_best_status = 'failed' then best.failure_code end,
        failure_message = case when v_best_status = 'failed' then best.failure_message end,
        invoice_id = coalesce(x.invoice_id, v_invoice),
        tenant_id = coalesce(x.tenant_id, v_tenant),
        updated_at = now()
    where x.id = v_before.id
    returning * into p;
  else
    p := v_before;
  end if;
  if p.status is distinct from v_before.status then
    perform audit.record('payment.' || p.status, 'payment', p.id::text, to_jsonb(v_before), to_jsonb(p), p.tenant_id, 'gateway event');
  end if;
  if (p.reported_amount, p.reported_currency) is distinct from (v_before.reported_amount, v_before.reported_currency)
     and p.reported_amount is not null then
    perform audit.record('payment.amount_mismatch', 'payment', p.id::text,
      jsonb_build_object('amount', p.amount, 'currency', p.currency, 'applied_amount', p.applied_amount, 'applied_to', p.applied_to),
      jsonb_build_object('reported_amount', p.reported_amount, 'reported_currency', p.reported_currency, 'event_id', best.event_id),
      p.tenant_id, 'the gateway reports another amount for a payment whose money was already applied; nothing was moved');
  end if;

  p := private.apply_payment_money(p.id);

  -- A succeeded payment that reported a reusable card / token saves it for off-session charges.
  if p.status = 'succeeded' and p.tenant_id is not null then
    perform private.save_payment_method(p.tenant_id, p.gateway, e.payment_method, p.id)
    from public.payment_events e
    where e.gateway = p.gateway and e.object_id = p.gateway_payment_id and e.kind = 'payment_succeeded'
      and e.payment_method is not null
    order by e.id;
  end if;

  -- Refunds that arrived before their payment.
  update public.refunds r
  set payment_id = p.id, invoice_id = coalesce(r.invoice_id, p.invoice_id), tenant_id = coalesce(r.tenant_id, p.tenant_id),
      updated_at = now()
  where r.gateway = p.gateway and r.gateway_payment_id = p.gateway_payment_id and r.payment_id is null;
  perform private.refresh_payment_refunds(p.id);
  select * into p from public.payments x where x.id = p.id;
  return p;
end
$$;

-- The refund named by (gateway, gateway refund id), derived from its refund events the same way. A
-- refund this system asked for (credit note → 'billing.refund_payment') waits as 'pending' under a
-- provisional id 'cmx_<refund id>'; the gateway's first event about it adopts that row: matched by
-- our refund id echoed in the raw payload (see v_claimed), else by payment and amount. A
-- refund_failed event's code and message are kept, and a credit note's refund settles its balance
-- credit (private.settle_failed_refund_credit) whatever its status.
create or replace function private.sync_gateway_refund(gateway text, gateway_refund_id text)
returns public.refunds
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.refunds;
  v_before public.refunds;
  best public.payment_events;
  v_status text;
  v_claimed text;
  p public.payments;
begin
  select * into best from public.payment_events e
  where e.gateway = sync_gateway_refund.gateway and e.refund_id = sync_gateway_refund.gateway_refund_id
    and e.kind in ('refund_succeeded', 'refund_failed')
  order by private.payment_status_rank(replace(e.kind, 'refund_', '')) desc, e.occurred_at desc nulls last, e.id desc
  limit 1;
  if best.id is null then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || best.gateway || ':' || best.object_id));
  v_status := replace(best.kind, 'refund_', '');

  select * into v_before from public.refunds x
  where x.gateway = best.gateway and x.gateway_refund_id = sync_gateway_refund.gateway_refund_id for update;
  if v_before.id is null then
    -- Our refund id as each gateway echoes it: Stripe metadata, PayTabs cart_id / udf2, HyperPay
    -- merchantTransactionId.
    v_claimed := coalesce(best.payload #>> '{data,object,metadata,cmx_refund_id}', best.payload #>> '{metadata,cmx_refund_id}',
                          best.payload #>> '{metadata,refund_id}', best.payload #>> '{user_defined,udf2}', best.payload #>> '{cart_id}',
                          best.payload #>> '{payload,merchantTransactionId}', best.payload #>> '{merchantTransactionId}');
    if not exists (select from public.refunds x where x.id::text = v_claimed and x.gateway = best.gateway
                     and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%') then
      v_claimed := null;
    end if;
    select * into v_before from public.refunds x
    where x.gateway = best.gateway and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%'
      and (x.id::text = v_claimed or (v_claimed is null and x.amount = best.amount))
    order by x.created_at, x.id
    limit 1
    for update;
    if v_before.id is not null then
      update public.refunds x set gateway_refund_id = sync_gateway_refund.gateway_refund_id, updated_at = now()
      where x.id = v_before.id returning * into v_before;
    end if;
  end if;
  select * into p from public.payments x where x.gateway = best.gateway and x.gateway_payment_id = best.object_id;
  if v_before.id is null then
    insert into public.refunds (payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, amount, currency,
      status, reason)
    values (p.id, best.gateway, sync_gateway_refund.gateway_refund_id, best.object_id, p.invoice_id, p.tenant_id,
      best.amount, best.currency, 'pending', 'gateway event')
    returning * into v_before;
    perform audit.record('refund.record', 'refund', v_before.id::text, null, to_jsonb(v_before), v_before.tenant_id, 'gateway event');
  end if;
  if best.amount <= 0 then
    perform private.billing_fail('22023', 'invalid_amount', 'a refund amount must be > 0', 'check the gateway event');
  end if;
  if private.payment_status_rank(v_status) >= private.payment_status_rank(v_before.status) then
    update public.refunds x
    set status = v_status, amount = best.amount, currency = best.currency,
        failure_code = case when v_status = 'failed' then coalesce(best.failure_code, x.failure_code) end,
        failure_message = case when v_status = 'failed' then coalesce(best.failure_message, x.failure_message) end,
        failed_at = case when v_status = 'failed' then coalesce(x.failed_at, private.now()) end,
        payment_id = coalesce(x.payment_id, p.id), invoice_id = coalesce(x.invoice_id, p.invoice_id),
        tenant_id = coalesce(x.tenant_id, p.tenant_id), updated_at = now()
    where x.id = v_before.id
    returning * into r;
  else
    r := v_before;
  end if;
  if r.status is distinct from v_before.status then
    perform audit.record('refund.' || r.status, 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, 'gateway event');
  end if;
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  perform private.settle_failed_refund_credit(r.id);
  return r;
end
$$;

-- What the customer balance holds for a refund of a credit note: its amount while the refund is
-- 'failed', nothing otherwise (pending: the gateway may still pay it; succeeded: the money went
-- back through the gateway). The credits and debits already made carry the credit note's id (a
-- 'refund' credit note has exactly one refund and no other balance entries), so calling this again
-- changes nothing. A debit never takes the balance below 0 (money already spent on later
-- invoices cannot be taken back). Returns the change made to the balance.
create or replace function private.settle_failed_refund_credit(refund_id uuid)
returns numeric
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.refunds;
  cn public.credit_notes;
  v_target numeric;
  v_done numeric;
  v_delta numeric;
  v_balance numeric;
begin
  select * into r from public.refunds x where x.id = settle_failed_refund_credit.refund_id;
  if r.id is null or r.credit_note_id is null or r.tenant_id is null then
    return 0;
  end if;
  select * into cn from public.credit_notes c where c.id = r.credit_note_id;
  if cn.id is null or cn.method <> 'refund' then
    return 0;
  end if;
  v_target := case when r.status = 'failed' then r.amount else 0 end;
  select coalesce(sum(t.amount), 0) into v_done
  from public.customer_balance_transactions t where t.tenant_id = r.tenant_id and t.credit_note_id = cn.id;
  v_delta := v_target - v_done;
  if v_delta > 0 then
    perform private.credit_customer_balance(r.tenant_id, v_delta, r.currency,
      format('refund of credit note %s failed: %s', cn.number, coalesce(r.failure_message, r.failure_code, 'refused by the gateway')),
      r.invoice_id, cn.id, r.payment_id);
    return v_delta;
  elsif v_delta < 0 then
    select b.balance into v_balance from public.billing_profiles b where b.tenant_id = r.tenant_id for update;
    v_delta := -least(-v_delta, coalesce(v_balance, 0));
    if v_delta = 0 then
      perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
        jsonb_build_object('balance', v_balance, 'amount', 0, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
        r.tenant_id, format('refund of credit note %s succeeded after it had failed; its balance credit is already spent', cn.number));
      return 0;
    end if;
    update public.billing_profiles b set balance = b.balance + v_delta, updated_at = private.now() where b.tenant_id = r.tenant_id;
    insert into public.customer_balance_transactions (tenant_id, amount, currency, reason, invoice_id, credit_note_id, payment_id)
    values (r.tenant_id, v_delta, r.currency, format('refund of credit note %s succeeded after all', cn.number), r.invoice_id, cn.id,
      r.payment_id);
    perform audit.record('billing_profile.debit_balance', 'billing_profile', r.tenant_id::text, jsonb_build_object('balance', v_balance),
      jsonb_build_object('balance', v_balance + v_delta, 'amount', v_delta, 'currency', r.currency, 'credit_note_id', cn.id, 'refund_id', r.id),
      r.tenant_id, format('refund of credit note %s succeeded after it had failed', cn.number));
    return v_delta;
  end if;
  return 0;
end
$$;

-- The refund job (payments-checkout, service role) when the gateway refused the refund at once and
-- no webhook will settle it. A pending refund becomes 'failed' with the gateway's code and message
-- (audited 'refund.failed'); for a credit note's refund its total goes to the customer balance.
-- A refund already failed, or already succeeded (the gateway's word wins: status only rises), is
-- returned unchanged. Returns {refund_id, status, changed, credited_to_balance}.
create or replace function public.fail_refund(refund_id uuid, code text, message text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.refunds;
  r public.refunds;
  v_credit numeric;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.billing_fail('PT403', 'forbidden', 'only the refund job may fail a refund', 'call through payments-checkout');
  end if;
  if coalesce(length(btrim(fail_refund.message)), 0) < 3 or length(fail_refund.message) > 1000 then
    perform private.billing_fail('22023', 'reason_required', 'say why the gateway refused (3 to 1000 characters)',
      'the gateway''s result description');
  end if;
  if length(fail_refund.code) > 200 then
    perform private.billing_fail('22023', 'invalid_input', 'the failure code must be at most 200 characters', 'the gateway''s result code');
  end if;
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id;
  if v_before.id is null then
    perform private.billing_fail('PT404', 'refund_not_found', 'no such refund', 'check the refund id');
  end if;
  -- the lock order of the apply job: the gateway payment's advisory lock, then rows
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || v_before.gateway || ':' || v_before.gateway_payment_id));
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id for update;
  if v_before.status <> 'pending' then
    return jsonb_build_object('refund_id', v_before.id, 'status', v_before.status, 'changed', false, 'credited_to_balance', 0);
  end if;
  update public.refunds x
  set status = 'failed', failure_code = nullif(btrim(fail_refund.code), ''), failure_message = btrim(fail_refund.message),
      failed_at = private.now(), updated_at = now()
  where x.id = v_before.id
  returning * into r;
  perform audit.record('refund.failed', 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, r.failure_message);
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  v_credit := private.settle_failed_refund_credit(r.id);
  return jsonb_build_object('refund_id', r.id, 'status', r.status, 'changed', true, 'credited_to_balance', v_credit);
end
$$;

-- Applies one stored event. Atomic: either the whole application commits, or nothing of it does and
-- the event is marked 'failed' with the error (attempts counted); replaying is always safe.
-- Returns the event's new status.
create or replace function private.apply_payment_event(payment_event_id bigint)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  ev public.payment_events;
  v_message text;
  v_detail text;
begin
  select * into ev from public.payment_events e where e.id = apply_payment_event.payment_event_id for update;
  if ev.id is null then
    perform private.billing_fail('PT404', 'event_not_found', format('no payment event %s', apply_payment_event.payment_event_id),
      'check the webhook inbox');
  end if;
  if ev.kind is null then
    update public.payment_events e set status = 'ignored' where e.id = ev.id and e.status <> 'ignored';
    return 'ignored';
  end if;
  begin
    if ev.kind like 'payment_%' then
      perform private.sync_gateway_payment(ev.gateway, ev.object_id);
    else
      perform private.sync_gateway_refund(ev.gateway, ev.refund_id);
    end if;
  exception when others then
    get stacked diagnostics v_message = message_text, v_detail = pg_exception_detail;
    update public.payment_events e
    set status = 'failed', attempts = e.attempts + 1,
        last_error = left(v_message || coalesce(' (' || nullif(v_detail, '') || ')', ''), 2000)
    where e.id = ev.id;
    return 'failed';
  end;
  update public.payment_events e
  set status = 'applied', attempts = e.attempts + 1, last_error = null, applied_at = now()
  where e.id = ev.id;
  return 'applied';
end
$$;

-- The job. A failed application leaves the event 'failed' with its error and schedules the next
-- attempt itself (backoff 30 s doubling to 1 h, at most 10 attempts; after that an operator replays
-- it with public.replay_payment_event): raising would roll back the 'failed' mark too.
create or replace function private.job_apply_payment_event(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint := (payload ->> 'payment_event_id')::bigint;
  v_status text;
  ev public.payment_events;
begin
  v_status := private.apply_payment_event(v_id);
  if v_status = 'failed' then
    select * into ev from public.payment_events e where e.id = v_id;
    if ev.attempts < 10 then
      perform private.enqueue('billing', 'billing.apply_payment_event', jsonb_build_object('payment_event_id', v_id),
        format('payment_event:%s:retry:%s', v_id, ev.attempts),
        now() + make_interval(secs => private.job_backoff_seconds(ev.attempts, 30, 3600)));
    end if;
  end if;
end
$$;

-- Operator: apply an event again now (e.g. after fixing what made it fail).
create or replace function public.replay_payment_event(payment_event_id bigint)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status text;
begin
  perform private.assert_permission('billing.write');
  v_status := private.apply_payment_event(replay_payment_event.payment_event_id);
  perform audit.record('payment_event.replay', 'payment_event', replay_payment_event.payment_event_id::text, null,
    jsonb_build_object('status', v_status), null, null);
  return jsonb_build_object('id', replay_payment_event.payment_event_id, 'status', v_status);
end
$$;

-- ── checkout ────────────────────────────────────────────────────────────────────────────────

-- Cancels pending gateway checkouts that the gateway never reported on (no payment event names
-- their gateway payment id): those of one invoice (invoice_id) and/or created before a time
-- (older_than). failure_code = code, failure_message = message. Returns how many were cancelled.
create or replace function private.cancel_pending_checkouts(invoice_id uuid, older_than timestamptz, code text, message text)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.payments;
  v_after public.payments;
  n int := 0;
begin
  for v_before in
    select * from public.payments x
    where x.status = 'pending' and x.gateway <> 'manual'
      and (cancel_pending_checkouts.invoice_id is null or x.invoice_id = cancel_pending_checkouts.invoice_id)
      and (cancel_pending_checkouts.older_than is null or x.created_at < cancel_pending_checkouts.older_than)
      and (cancel_pending_checkouts.invoice_id is not null or cancel_pending_checkouts.older_than is not null)
      and (x.gateway_payment_id is null
           or not exists (select from public.payment_events e where e.gateway = x.gateway and e.object_id = x.gateway_payment_id))
      and not exists (select from public.payment_events e where e.gateway = x.gateway and e.payment_id = x.id)
    order by x.created_at, x.id
    for update of x skip locked
  loop
    update public.payments x
    set status = 'cancelled', cancelled_at = private.now(), failure_code = cancel_pending_checkouts.code,
        failure_message = cancel_pending_checkouts.message, updated_at = now()
    where x.id = v_before.id
    returning * into v_after;
    perform audit.record('payment.cancel', 'payment', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
      cancel_pending_checkouts.message);
    n := n + 1;
  end loop;
  return n;
end
$$;

-- Pending checkouts older than 24 hours that the gateway never reported on are abandoned: the
-- dunning tick (every 15 minutes) cancels them ('expired').
create or replace function private.expire_stale_checkouts(max_age interval default interval '24 hours')
returns int
language sql
security definer
set search_path = ''
as $$
  select private.cancel_pending_checkouts(null, private.now() - max_age, 'expired',
    format('checkout not completed within %s', max_age))
$$;

-- The payments-checkout function, when the gateway call after begin_checkout failed: the pending
-- payment is cancelled (status 'cancelled', failure_code 'checkout_failed', the reason as the
-- message) so no orphan is left. Cancelling a cancelled payment returns it unchanged; a payment
-- that is no longer pending (the gateway did report on it) is refused: billing.payment_not_pending.
create or replace function public.cancel_checkout(payment_id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.payments;
  v_after public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.billing_fail('PT403', 'forbidden', 'only the payments-checkout function may cancel a checkout',
      'call through payments-checkout');
  end if;
  if coalesce(length(btrim(cancel_checkout.reason)), 0) < 3 or length(cancel_checkout.reason) > 1000 then
    perform private.billing_fail('22023', 'reason_required', 'say why (3 to 1000 characters)', 'e.g. "gateway call failed: timeout"');
  end if;
  select * into v_before from public.payments x where x.id = cancel_checkout.payment_id for update;
  if v_before.id is null then
    perform private.billing_fail('PT404', 'payment_not_found', 'no such payment', 'check the payment id');
  end if;
  if v_before.status = 'cancelled' then
    return jsonb_build_object('payment_id', v_before.id, 'status', v_before.status, 'changed', false);
  end if;
  if v_before.status <> 'pending' or v_before.gateway = 'manual' then
    perform private.billing_fail('PT409', 'payment_not_pending', format('the payment is %s', v_before.status),
      'only a pending gateway checkout can be cancelled');
  end if;
  update public.payments x
  set status = 'cancelled', cancelled_at = private.now(), failure_code = 'checkout_failed',
      failure_message = btrim(cancel_checkout.reason), updated_at = now()
  where x.id = v_before.id
  returning * into v_after;
  perform audit.record('payment.cancel', 'payment', v_after.id::text, to_jsonb(v_before), to_jsonb(v_after), v_after.tenant_id,
    btrim(cancel_checkout.reason));
  return jsonb_build_object('payment_id', v_after.id, 'status', v_after.status, 'changed', true);
end
$$;

-- A payment attempt for an open or uncollectible invoice with an amount due: staff with
-- billing.write, the invoice tenant's owner or admin, or the service role (payments-checkout).
-- amount_minor is what card gateways take. With idempotency_key: one payment per key (the header).
create or replace function public.begin_checkout(invoice_id uuid, gateway text default null, idempotency_key text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  p public.payments;
  v_keyed public.payments;
  v_gateway text;
  v_minor int;
  v_cancelled int := 0;
  v_reused boolean := false;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.billing_fail('PT401', 'not_signed_in', 'sign in first', 'send a valid access token');
  end if;
  if begin_checkout.idempotency_key is not null
     and (btrim(begin_checkout.idempotency_key) = '' or length(begin_checkout.idempotency_key) > 200) then
    perform private.billing_fail('22023', 'invalid_idempotency_key', 'the idempotency key must be 1 to 200 characters and not blank',
      'e.g. job:<job id>, the same on every retry of one attempt to pay');
  end if;
  select * into inv from public.invoices i where i.id = begin_checkout.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if not (private.is_trusted_caller() or private.has_permission('billing.write')
          or inv.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))) then
    perform private.billing_fail('PT403', 'forbidden', 'only the tenant''s owner or admin, or billing staff, may pay this invoice',
      'sign in as the tenant owner');
  end if;
  -- The invoice row is locked: calls for one invoice are serialised, so a key is looked up after any
  -- earlier call with it has committed. (Calls with one key for two invoices meet at the unique index.)
  if begin_checkout.idempotency_key is not null then
    select * into v_keyed from public.payments x where x.idempotency_key = begin_checkout.idempotency_key for update;
    if v_keyed.id is not null and v_keyed.invoice_id is distinct from inv.id then
      perform private.billing_fail('PT409', 'idempotency_key_reused', 'this idempotency key was used for another invoice',
        'use a new key for each attempt to pay an invoice');
    end if;
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.billing_fail('PT409', 'invoice_not_payable', format('invoice %s is %s with %s due', coalesce(inv.number, inv.id::text),
      inv.status, inv.amount_due), 'only an open or uncollectible invoice with an amount due can be paid');
  end if;
  v_gateway := coalesce(nullif(begin_checkout.gateway, ''), v_keyed.gateway,
                        (select b.preferred_gateway from public.billing_profiles b where b.tenant_id = inv.tenant_id), 'stripe');
  if v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.billing_fail('22023', 'unknown_gateway', format('unknown gateway %s', v_gateway), 'stripe, paytabs or hyperpay');
  end if;
  select c.minor_unit into v_minor from public.currencies c where c.code = inv.currency;

  if v_keyed.id is not null then
    if v_keyed.gateway <> v_gateway then
      perform private.billing_fail('PT409', 'idempotency_key_reused', format('this idempotency key was used with %s', v_keyed.gateway),
        'retry with the same gateway, or use a new key');
    end if;
    -- A retry of the same attempt: that payment, as it is. Cancelled by our own failed gateway call,
    -- it is reopened: the gateway may have taken the call, and the retry (same gateway key) will
    -- get its original answer.
    v_reused := true;
    p := v_keyed;
    if v_keyed.status = 'cancelled' and v_keyed.failure_code = 'checkout_failed' then
      update public.payments x
      set status = 'pending', cancelled_at = null, failure_code = null, failure_message = null, updated_at = now()
      where x.id = v_keyed.id
      returning * into p;
      perform audit.record('payment.reopen', 'payment', p.id::text, to_jsonb(v_keyed), to_jsonb(p), p.tenant_id,
        'the same checkout retried (idempotency key): the failed gateway call may have been taken');
    end if;
  else
    -- A new attempt supersedes the invoice's earlier pending checkouts the gateway never reported on
    -- (abandoned pages, failed gateway calls): they are cancelled, so one invoice has at most one live
    -- checkout. If the old page is paid after all, its webhook still wins (status only rises) and the
    -- money goes to the invoice or, if already paid, to the customer balance.
    v_cancelled := private.cancel_pending_checkouts(inv.id, null, 'superseded', 'a new checkout was started for this invoice');
    begin
      insert into public.payments (invoice_id, tenant_id, gateway, amount, currency, status, created_by, idempotency_key)
      values (inv.id, inv.tenant_id, v_gateway, inv.amount_due, inv.currency, 'pending', auth.uid(), begin_checkout.idempotency_key)
      returning * into p;
    exception when unique_violation then
      -- the same key committed meanwhile for another invoice (this invoice's calls are serialised)
      perform private.billing_fail('PT409', 'idempotency_key_reused', 'this idempotency key was used for another invoice',
        'use a new key for each attempt to pay an invoice');
    end;
    perform audit.record('payment.checkout', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, null);
  end if;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_number', inv.number, 'tenant_id', inv.tenant_id,
    'amount', p.amount, 'amount_minor', (p.amount * power(10::numeric, v_minor))::bigint, 'currency', p.currency,
    'gateway', p.gateway, 'description', format('CleanMateX invoice %s', coalesce(inv.number, inv.id::text)),
    'superseded', v_cancelled, 'idempotency_key', p.idempotency_key, 'reused', v_reused, 'status', p.status,
    'gateway_payment_id', p.gateway_payment_id);
end
$$;

-- The gateway's id and hosted page for a checkout payment (service role: payments-checkout). When a
-- webhook about that gateway payment arrived first, its row is kept and the checkout row merged
-- into it. Returns the surviving payment.
create or replace function public.attach_checkout(payment_id uuid, gateway_payment_id text, checkout_url text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.payments;
  other public.payments;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.billing_fail('PT403', 'forbidden', 'only the payments-checkout function may attach a checkout',
      'call through payments-checkout');
  end if;
  if attach_checkout.gateway_payment_id is null or btrim(attach_checkout.gateway_payment_id) = ''
     or length(attach_checkout.gateway_payment_id) > 200 then
    perform private.billing_fail('22023', 'invalid_gateway_payment_id', 'the gateway payment id must be 1 to 200 characters',
      'the payment intent / transaction reference');
  end if;
  if attach_checkout.checkout_url is not null and attach_checkout.checkout_url !~ '^https?://' then
    perform private.billing_fail('22023', 'invalid_checkout_url', 'the checkout URL must be http(s)', 'the gateway''s hosted page');
  end if;
  -- Lock order, as private.sync_gateway_payment: the gateway payment's advisory lock first, then
  -- payment rows. The row is read unlocked only to learn its gateway, then locked and read again.
  select * into p from public.payments x where x.id = attach_checkout.payment_id;
  if p.id is null then
    perform private.billing_fail('PT404', 'payment_not_found', 'no such payment', 'call begin_checkout first');
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || p.gateway || ':' || attach_checkout.gateway_payment_id));
  select * into p from public.payments x where x.id = attach_checkout.payment_id for update;
  if p.id is null then
    -- merged into another row by a concurrent attach meanwhile
    perform private.billing_fail('PT404', 'payment_not_found', 'no such payment', 'call begin_checkout first');
  end if;
  if p.gateway_payment_id is not null and p.gateway_payment_id <> attach_checkout.gateway_payment_id then
    -- Its webhook already adopted this row under the gateway's payment id (HyperPay: the payment id
    -- differs from the checkout id being attached now): keep it, remember the checkout.
    if exists (select from public.payment_events e where e.gateway = p.gateway and e.object_id = p.gateway_payment_id
                 and e.payment_id = p.id)
       and coalesce(p.checkout_ref, attach_checkout.gateway_payment_id) = attach_checkout.gateway_payment_id then
      update public.payments x
      set checkout_ref = attach_checkout.gateway_payment_id, checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url),
          updated_at = now()
      where x.id = p.id returning * into other;
      perform audit.record('payment.attach', 'payment', p.id::text, to_jsonb(p), to_jsonb(other), p.tenant_id, null);
      return jsonb_build_object('payment_id', other.id, 'status', other.status, 'gateway', other.gateway,
        'gateway_payment_id', other.gateway_payment_id, 'checkout_url', other.checkout_url);
    end if;
    perform private.billing_fail('PT409', 'checkout_already_attached', 'this payment is already attached to another gateway payment',
      'start a new checkout');
  end if;
  select * into other from public.payments x
  where x.gateway = p.gateway and x.gateway_payment_id = attach_checkout.gateway_payment_id and x.id <> p.id for update;
  if other.id is not null then
    -- the checkout row goes first: its idempotency key (unique) moves to the row that stays, so a
    -- retry with that key finds the merged payment instead of beginning a new one
    delete from public.payments x where x.id = p.id;
    update public.payments x
    set invoice_id = coalesce(x.invoice_id, p.invoice_id), tenant_id = coalesce(x.tenant_id, p.tenant_id),
        checkout_url = coalesce(attach_checkout.checkout_url, x.checkout_url), created_by = coalesce(x.created_by, p.created_by),
        idempotency_key = coalesce(x.idempotency_key, p.idempotency_key),
        updated_at = now()
    where x.id = other.id;
    perform audit.record('payment.merge', 'payment', other.id::text, to_jsonb(p), to_jsonb(other), other.tenant_id,
      'checkout attached to a payment its webhook created first');
  else
    update public.payments x
    set gateway_payment_id = attach_checkout.gateway_payment_id, checkout_url = attach_checkout.checkout_url, updated_at = now()
    where x.id = p.id;
    perform audit.record('payment.attach', 'payment', p.id::text, to_jsonb(p),
      (select to_jsonb(x) from public.payments x where x.id = p.id), p.tenant_id, null);
  end if;
  -- Events may already be waiting for this gateway payment.
  p := private.sync_gateway_payment(p.gateway, attach_checkout.gateway_payment_id);
  return jsonb_build_object('payment_id', p.id, 'status', p.status, 'gateway', p.gateway,
    'gateway_payment_id', p.gateway_payment_id, 'checkout_url', p.checkout_url);
end
$$;

-- ── manual payments ─────────────────────────────────────────────────────────────────────────

-- A bank transfer received for an open (or uncollectible) invoice, up to its amount due.
create or replace function public.record_manual_payment(invoice_id uuid, amount numeric, reference text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  p public.payments;
  v_constraint text;
begin
  perform private.assert_permission('billing.write');
  if coalesce(btrim(record_manual_payment.reference), '') = '' or length(record_manual_payment.reference) > 200 then
    perform private.billing_fail('22023', 'invalid_reference', 'the bank reference must be 1 to 200 characters',
      'the transfer reference on the bank statement');
  end if;
  if coalesce(length(btrim(record_manual_payment.reason)), 0) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'say why (at least 3 characters)', 'e.g. "bank transfer received 23 Nov"');
  end if;
  select * into inv from public.invoices i where i.id = record_manual_payment.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status not in ('open', 'uncollectible') or inv.amount_due <= 0 then
    perform private.billing_fail('PT409', 'invoice_not_payable', format('invoice %s is %s with %s due',
      coalesce(inv.number, inv.id::text), inv.status, inv.amount_due), 'only an open or uncollectible invoice with an amount due');
  end if;
  if amount is null or amount <= 0 or amount <> private.round_money(amount, inv.currency) then
    perform private.billing_fail('22023', 'invalid_amount', format('amount must be > 0 with at most %s decimals',
      (select c.minor_unit from public.currencies c where c.code = inv.currency)), format('in %s', inv.currency));
  end if;
  if amount > inv.amount_due then
    perform private.billing_fail('PT409', 'overpayment', format('amount %s exceeds the %s due', amount, inv.amount_due),
      'record at most the amount due');
  end if;
  if exists (select from public.payments x where x.gateway = 'manual' and x.gateway_payment_id = btrim(record_manual_payment.reference)) then
    perform private.billing_fail('PT409', 'duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)),
      'check the payments list; each transfer is recorded once');
  end if;
  -- A concurrent call with the same reference (another invoice: the invoice lock does not serialise
  -- them) passed the check above too; its insert waits for ours and then hits the unique key.
  begin
    insert into public.payments (invoice_id, tenant_id, gateway, gateway_payment_id, reference, amount, currency, status, created_by)
    values (inv.id, inv.tenant_id, 'manual', btrim(record_manual_payment.reference), btrim(record_manual_payment.reference), amount, inv.currency, 'succeeded', auth.uid())
    returning * into p;
  exception when unique_violation then
    get stacked diagnostics v_constraint = constraint_name;
    if v_constraint is distinct from 'payments_gateway_gateway_payment_id_key' then
      raise;
    end if;
    perform private.billing_fail('PT409', 'duplicate_reference', format('a payment with reference %s is already recorded', btrim(record_manual_payment.reference)),
      'check the payments list; each transfer is recorded once');
  end;
  perform audit.record('payment.record_manual', 'payment', p.id::text, null, to_jsonb(p), p.tenant_id, btrim(record_manual_payment.reason));
  p := private.apply_payment_money(p.id);
  select * into inv from public.invoices i where i.id = inv.id;
  return jsonb_build_object('payment_id', p.id, 'invoice_id', inv.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due,
    'amount', p.amount, 'currency', p.currency);
end
$$;

-- ── credit notes ────────────────────────────────────────────────────────────────────────────

-- The next gapless number of a kind in a billing year, under the sequence row's lock (a rollback
-- gives it back).
create or replace function private.next_document_number(kind text, billing_year int)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_n int;
begin
  insert into private.document_sequences as s (kind, billing_year, last_number)
  values (next_document_number.kind, next_document_number.billing_year, 1)
  on conflict on constraint document_sequences_pkey do update set last_number = s.last_number + 1
  returning s.last_number into v_n;
  return v_n;
end
$$;

-- A credit note for an open or paid invoice. amount is before tax (null = everything still
-- creditable); the tax is the invoice's rate on it, and the last credit note takes exactly the tax
-- left so a full credit mirrors the invoice. Methods:
--   reduce_amount_due  open invoices: the invoice owes less (amount_due 0 → paid)
--   refund             paid invoices: a pending refund of a succeeded gateway payment, sent by the
--                      'billing.refund_payment' job through payments-checkout
--   customer_balance   credit on the tenant's balance for later invoices
create or replace function public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  cn public.credit_notes;
  p public.payments;
  rf public.refunds;
  v_amount numeric := issue_credit_note.amount;
  v_creditable numeric;
  v_tax_left numeric;
  v_tax numeric;
  v_total numeric;
  v_paid_left numeric;
  v_year int;
begin
  perform private.assert_permission('billing.write');
  if method is null or method not in ('reduce_amount_due', 'refund', 'customer_balance') then
    perform private.billing_fail('22023', 'invalid_method', format('unknown credit note method %s', coalesce(method, 'null')),
      'reduce_amount_due, refund or customer_balance');
  end if;
  if coalesce(length(btrim(reason)), 0) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'say why (at least 3 characters)', 'e.g. "service outage 2 days"');
  end if;
  select * into inv from public.invoices i where i.id = issue_credit_note.invoice_id for update;
  if inv.id is null then
    perform private.billing_fail('PT404', 'invoice_not_found', 'no such invoice', 'check the invoice id');
  end if;
  if inv.status not in ('open', 'paid') then
    perform private.billing_fail('PT409', 'invoice_not_creditable', format('a %s invoice cannot be credited', inv.status),
      'only open or paid invoices');
  end if;
  select (inv.subtotal - inv.discount_total) - coalesce(sum(c.amount), 0), inv.tax_total - coalesce(sum(c.tax_amount), 0)
  into v_creditable, v_tax_left
  from public.credit_notes c where c.invoice_id = inv.id and c.status = 'issued';
  v_amount := coalesce(v_amount, v_creditable);
  if v_amount <= 0 or v_amount <> private.round_money(v_amount, inv.currency) then
    perform private.billing_fail('22023', 'invalid_amount', 'the amount must be > 0 in the invoice currency''s minor unit',
      format('at most %s decimals in %s', (select c.minor_unit from public.currencies c where c.code = inv.currency), inv.currency));
  end if;
  if v_amount > v_creditable then
    perform private.billing_fail('PT409', 'over_credit', format('only %s (before tax) is left to credit on this invoice', v_creditable),
      'credit at most what remains');
  end if;
  v_tax := case when inv.tax_total = 0 then 0
                when v_amount = v_creditable then greatest(v_tax_left, 0)
                else least(private.round_money(v_amount * inv.tax_rate / 100, inv.currency), greatest(v_tax_left, 0)) end;
  v_total := v_amount + v_tax;

  -- An open invoice has only been paid in part (or not at all): credit to the balance only what was
  -- paid (amount_paid + balance_applied, less what earlier balance / refund credit notes gave back).
  -- Without this cap an unpaid invoice could be credited in full to the balance and then stay due
  -- with nothing left to credit: the tenant held the money twice.
  if method = 'customer_balance' and inv.status = 'open' then
    select inv.amount_paid + inv.balance_applied - coalesce(sum(c.total), 0) into v_paid_left
    from public.credit_notes c
    where c.invoice_id = inv.id and c.status = 'issued' and c.method in ('customer_balance', 'refund');
    if v_total > v_paid_left then
      perform private.billing_fail('PT409', 'over_credit',
        format('only %s of this open invoice was paid and can go to the balance (the credit is %s with tax)', greatest(v_paid_left, 0), v_total),
        'use reduce_amount_due for the part not yet paid');
    end if;
  end if;

  if method = 'reduce_amount_due' then
    if inv.status <> 'open' then
      perform private.billing_fail('PT409', 'method_not_allowed', 'reduce_amount_due is for open invoices',
        'for a paid invoice use refund or customer_balance');
    end if;
    if v_total > inv.amount_due then
      perform private.billing_fail('PT409', 'over_credit', format('the credit (%s with tax) exceeds the %s due', v_total, inv.amount_due),
        'use customer_balance for the part already paid');
    end if;
  elsif method = 'refund' then
    if inv.status <> 'paid' then
      perform private.billing_fail('PT409', 'method_not_allowed', 'refund is for paid invoices',
        'for an open invoice use reduce_amount_due');
    end if;
    select * into p from public.payments x
    where x.invoice_id = inv.id and x.status = 'succeeded' and x.gateway <> 'manual' and x.gateway_payment_id is not null
      and x.amount - x.amount_refunded - coalesce((select sum(r.amount) from public.refunds r
                                                  where r.payment_id = x.id and r.status = 'pending'), 0) >= v_total
    order by x.created_at desc, x.id
    limit 1
    for update;
    if p.id is null then
      perform private.billing_fail('PT409', 'no_refundable_payment', 'no gateway payment of this invoice can refund that much',
        'use customer_balance, or refund a bank transfer outside the system');
    end if;
  end if;

  v_year := extract(year from (private.now() at time zone inv.timezone))::int;
  insert into public.credit_notes (number, invoice_id, tenant_id, currency, amount, tax_amount, total, method, reason, created_by)
  values (format('CN-%s-%s', v_year, lpad(private.next_document_number('credit_note', v_year)::text, 6, '0')),
    inv.id, inv.tenant_id, inv.currency, v_amount, v_tax, v_total, method, btrim(reason), auth.uid())
  returning * into cn;
  perform audit.record('credit_note.issue', 'credit_note', cn.id::text, null, to_jsonb(cn), cn.tenant_id, cn.reason);

  if method = 'reduce_amount_due' then
    update public.invoices i set amount_credited = i.amount_credited + v_total, updated_at = now() where i.id = inv.id;
    perform private.settle_invoice_amounts(inv.id, 'credit note ' || cn.number);
  elsif method = 'refund' then
    rf.id := extensions.gen_random_uuid();
    insert into public.refunds (id, payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, credit_note_id,
      amount, currency, status, reason)
    values (rf.id, p.id, p.gateway, 'cmx_' || rf.id, p.gateway_payment_id, inv.id, inv.tenant_id, cn.id, v_total, inv.currency,
      'pending', cn.reason)
    returning * into rf;
    perform audit.record('refund.request', 'refund', rf.id::text, null, to_jsonb(rf), rf.tenant_id, cn.reason);
    perform private.enqueue('billing', 'billing.refund_payment',
      jsonb_build_object('action', 'refund', 'refund_id', rf.id, 'gateway', rf.gateway, 'gateway_payment_id', rf.gateway_payment_id,
        'amount', rf.amount, 'currency', rf.currency),
      'refund:' || rf.id);
  else
    perform private.credit_customer_balance(inv.tenant_id, v_total, inv.currency, 'credit note ' || cn.number, inv.id, cn.id, null);
  end if;

  select * into inv from public.invoices i where i.id = inv.id;
  return to_jsonb(cn) || jsonb_build_object('refund_id', rf.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due);
end
$$;

-- ── saved payment methods ───────────────────────────────────────────────────────────────────

-- Who may manage a tenant's saved methods: staff with billing.write, or the tenant's owner/admin.
create or replace function private.payment_method_for_change(method_id uuid)
returns public.payment_methods
language plpgsql
security definer
set search_path = ''
as $$
declare
  m public.payment_methods;
begin
  if not private.is_trusted_caller() and auth.uid() is null then
    perform private.billing_fail('PT401', 'not_signed_in', 'sign in first', 'send a valid access token');
  end if;
  select * into m from public.payment_methods x where x.id = payment_method_for_change.method_id for update;
  if m.id is null then
    perform private.billing_fail('PT404', 'payment_method_not_found', 'no such payment method', 'check the payment method id');
  end if;
  if not (private.is_trusted_caller() or private.has_permission('billing.write')
          or m.tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin']))) then
    perform private.billing_fail('PT403', 'forbidden', 'only the tenant''s owner or admin, or billing staff, may change its payment methods',
      'sign in as the tenant owner');
  end if;
  -- one default per tenant: serialise with the apply job's saves
  perform pg_advisory_xact_lock(hashtext('billing.payment_methods:' || m.tenant_id::text));
  return m;
end
$$;

-- Makes a saved method the one dunning retries charge. Returns the method.
create or replace function public.set_default_payment_method(method_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  m public.payment_methods;
  v_after public.payment_methods;
  v_old uuid;
begin
  m := private.payment_method_for_change(set_default_payment_method.method_id);
  if m.is_default then
    return to_jsonb(m);
  end if;
  select x.id into v_old from public.payment_methods x where x.tenant_id = m.tenant_id and x.is_default;
  update public.payment_methods x set is_default = false, updated_at = now() where x.tenant_id = m.tenant_id and x.is_default;
  update public.payment_methods x set is_default = true, updated_at = now() where x.id = m.id returning * into v_after;
  perform audit.record('payment_method.set_default', 'payment_method', m.id::text, jsonb_build_object('default_id', v_old),
    jsonb_build_object('default_id', m.id), m.tenant_id, null);
  return to_jsonb(v_after);
end
$$;

-- Forgets a saved method (the gateway's token stays with the gateway). When it was the default,
-- the tenant's most recently saved other method becomes the default. Returns
-- {removed, new_default_id}.
create or replace function public.remove_payment_method(method_id uuid, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  m public.payment_methods;
  v_new uuid;
begin
  if coalesce(length(btrim(remove_payment_method.reason)), 0) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'say why (at least 3 characters)', 'e.g. "card replaced"');
  end if;
  m := private.payment_method_for_change(remove_payment_method.method_id);
  delete from public.payment_methods x where x.id = m.id;
  if m.is_default then
    select x.id into v_new from public.payment_methods x where x.tenant_id = m.tenant_id order by x.created_at desc, x.id limit 1;
    update public.payment_methods x set is_default = true, updated_at = now() where x.id = v_new;
  end if;
  perform audit.record('payment_method.remove', 'payment_method', m.id::text, to_jsonb(m),
    jsonb_build_object('new_default_id', v_new), m.tenant_id, btrim(remove_payment_method.reason));
  return jsonb_build_object('removed', m.id, 'new_default_id', v_new);
end
$$;

-- ── jobs and grants ─────────────────────────────────────────────────────────────────────────

select private.register_job_handler('billing.apply_payment_event',
  sql_handler => 'private.job_apply_payment_event(jsonb, jsonb)'::regprocedure,
  description => 'applies one stored gateway event (payments, refunds) to payments and invoices');
select private.register_job_handler('billing.refund_payment', edge_function => 'payments-checkout',
  description => 'asks the gateway to refund a payment (payload {action:refund, refund_id, gateway, gateway_payment_id, amount, currency})');
select private.register_job_handler('billing.retry_payment', edge_function => 'payments-checkout',
  description => 'dunning: charges the invoice again with the tenant''s default saved method (payload {action:charge, invoice_id, tenant_id, amount, currency, gateway, payment_method_id, customer_ref, method_ref})');

revoke execute on function
  private.normalize_payment_method(jsonb), private.save_payment_method(uuid, text, jsonb, uuid),
  private.cancel_pending_checkouts(uuid, timestamptz, text, text), private.expire_stale_checkouts(interval),
  private.payment_method_for_change(uuid),
  private.payment_status_rank(text), private.settle_invoice_amounts(uuid, text),
  private.apply_payment_money(uuid),
  private.refresh_payment_refunds(uuid), private.sync_gateway_payment(text, text), private.sync_gateway_refund(text, text),
  private.settle_failed_refund_credit(uuid),
  private.apply_payment_event(bigint), private.job_apply_payment_event(jsonb, jsonb), private.next_document_number(text, int)
  from public, anon, authenticated;
revoke execute on function public.ingest_payment_event(jsonb), public.replay_payment_event(bigint), public.begin_checkout(uuid, text, text),
  public.attach_checkout(uuid, text, text), public.fail_refund(uuid, text, text), public.record_manual_payment(uuid, numeric, text, text),
  public.issue_credit_note(uuid, numeric, text, text)
  from public, anon;
revoke execute on function public.cancel_checkout(uuid, text), public.remove_payment_method(uuid, text),
  public.set_default_payment_method(uuid) from public, anon;
revoke execute on function public.ingest_payment_event(jsonb), public.attach_checkout(uuid, text, text),
  public.cancel_checkout(uuid, text), public.fail_refund(uuid, text, text) from authenticated;
grant execute on function public.ingest_payment_event(jsonb), public.attach_checkout(uuid, text, text),
  public.cancel_checkout(uuid, text), public.fail_refund(uuid, text, text) to service_role;
grant execute on function public.remove_payment_method(uuid, text), public.set_default_payment_method(uuid)
  to authenticated, service_role;
grant execute on function public.replay_payment_event(bigint), public.begin_checkout(uuid, text, text),
  public.record_manual_payment(uuid, numeric, text, text), public.issue_credit_note(uuid, numeric, text, text)
  to authenticated, service_role;
