-- Test-only billing fixtures (schema `tests`), shared by the billing pgTAP files once they were split
-- by rule (issue 15): one definition instead of a copy in every file. Fixtures, not scenarios: rows
-- are written directly (no numbering, no audit) unless the helper says it goes through the functions.

-- An invoice made directly in the given status: `tests.create_open_invoice`, then moved to `status`
-- (a draft loses its number, a paid one is paid in full, an uncollectible one is stamped).
create or replace function tests.create_invoice_in(tenant_id uuid, subtotal numeric, status text default 'open')
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid := tests.create_open_invoice(tenant_id, subtotal);
begin
  if status = 'uncollectible' then
    update public.invoices set status = 'uncollectible', uncollectible_at = now() where id = v_id;
  elsif status = 'paid' then
    update public.invoices set status = 'paid', amount_paid = total, amount_due = 0, paid_at = now() where id = v_id;
  elsif status = 'draft' then
    update public.invoices set status = 'draft', number = null where id = v_id;
  elsif status <> 'open' then
    update public.invoices i set status = create_invoice_in.status where i.id = v_id;
  end if;
  return v_id;
end
$$;

-- A normalised Stripe payment event as the Edge Functions send it to public.ingest_payment_event.
create or replace function tests.payment_event(event_id text, kind text, object_id text, amount numeric,
  invoice uuid default null, refund_id text default null, currency text default 'OMR')
returns jsonb
language sql
set search_path = ''
as $$
  select jsonb_strip_nulls(jsonb_build_object('gateway', 'stripe', 'event_id', event_id, 'event_type', coalesce(kind, 'customer.updated'),
    'kind', kind, 'object_id', object_id, 'invoice_id', invoice, 'refund_id', refund_id, 'amount', amount, 'currency', currency,
    'occurred_at', '2026-11-20T10:00:00Z', 'payload', jsonb_build_object('id', event_id)))
$$;

-- A normalised HyperPay event: it names our payment (merchantTransactionId) and may carry a card.
create or replace function tests.hyperpay_event(event_id text, kind text, object_id text, amount numeric, payment uuid,
  pm jsonb default null)
returns jsonb
language sql
set search_path = ''
as $$
  select jsonb_strip_nulls(jsonb_build_object('gateway', 'hyperpay', 'event_id', event_id, 'event_type', 'PAYMENT.CREATED.DB',
    'kind', kind, 'object_id', object_id, 'payment_id', payment, 'amount', amount, 'currency', 'OMR',
    'occurred_at', '2026-11-20T10:00:00Z', 'payload', jsonb_build_object('id', object_id), 'payment_method', pm))
$$;

-- Everything the events decide about one invoice and its Stripe payment, as one comparable value.
create or replace function tests.payment_state(invoice uuid, gpid text)
returns jsonb
language sql
set search_path = ''
as $$
  select jsonb_build_object(
    'invoice', (select jsonb_build_object('status', status, 'paid', amount_paid, 'due', amount_due, 'paid_at_set', paid_at is not null)
                from public.invoices where id = invoice),
    'payments', (select jsonb_agg(jsonb_build_object('status', status, 'amount', amount, 'refunded', amount_refunded,
                   'applied_to', applied_to, 'applied_amount', applied_amount, 'invoice', invoice_id = invoice) order by id)
                 from public.payments where gateway = 'stripe' and gateway_payment_id = gpid),
    'refunds', (select jsonb_agg(jsonb_build_object('status', r.status, 'amount', r.amount, 'linked', r.payment_id is not null) order by r.gateway_refund_id)
                from public.refunds r where r.gateway = 'stripe' and r.gateway_payment_id = gpid),
    'balance', (select coalesce(sum(amount), 0) from public.customer_balance_transactions
                where payment_id in (select id from public.payments where gateway = 'stripe' and gateway_payment_id = gpid)))
$$;

-- On a new open invoice of 10 + VAT, ingest the events of `kinds` in order, applying each before the
-- next arrives (optionally voiding the invoice first); returns tests.payment_state afterwards.
create or replace function tests.run_payment_events(tenant uuid, tag text, kinds text[], void_first boolean default false)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  inv uuid := tests.create_open_invoice(tenant, 10);
  k text;
  r jsonb;
begin
  if void_first then
    perform public.void_invoice(inv, 'voided before the payment arrived');
  end if;
  foreach k in array kinds loop
    r := public.ingest_payment_event(tests.payment_event(tag || ':' || k, k, 'pi_' || tag,
           case when k like 'refund%' then 2 else 10.5 end, inv, case when k like 'refund%' then 're_' || tag end));
    perform private.apply_payment_event((r ->> 'id')::bigint);
  end loop;
  return tests.payment_state(inv, 'pi_' || tag);
end
$$;

-- Start the invoice run and drain the billing queue; returns how many jobs ran.
create or replace function tests.run_invoice_run()
returns int
language plpgsql
set search_path = ''
as $$
declare
  n int;
  total int := 0;
begin
  perform public.start_invoice_run();
  loop
    n := private.dispatch('billing', 64);
    exit when n = 0;
    total := total + n;
  end loop;
  return total;
end
$$;

-- Dunning fixtures: an active monthly subscription (1 Nov – 1 Dec 2026), with the starter plan or
-- add-ons only, and an open subscription_cycle invoice of 20 + 1 VAT due on `due`.
create or replace function tests.dunning_subscription(tenant uuid, with_plan boolean)
returns uuid
language sql
set search_path = ''
as $$
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
  values (tenant, case when with_plan then (select id from public.plans where code = 'starter' and is_current) end, 'month', 'OMR', 'active',
          '2026-11-01', '2026-12-01')
  returning id
$$;

create or replace function tests.dunning_invoice(tenant uuid, sub uuid, due date default '2026-11-15')
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid := extensions.gen_random_uuid();
begin
  insert into public.invoices (id, tenant_id, subscription_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, sub, 'D-' || left(v_id::text, 8), 'open', 'subscription_cycle', 'OMR', 'Asia/Muscat', 'OM', 5,
    20, 1, 21, 21, due - 7, due, now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'plan', '{"en":"Plan","ar":"الخطة"}', 1, 20, 20, 1);
  return v_id;
end
$$;

-- The dunning tick at noon (Muscat) of day N after 2026-11-15, with the clock frozen there.
create or replace function tests.dunning_tick(day int)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  perform tests.freeze_time(('2026-11-15'::date + day)::timestamp at time zone 'Asia/Muscat' + interval '12 hours');
  return private.dunning_tick();
end
$$;

-- Credit-note fixtures: an invoice issued 10 Nov, due 17 Nov 2026, in any status (a draft has no
-- number), made as the definer so a test acting as staff can make one; and paying one in full
-- through a Stripe event, as the webhook would.
create or replace function tests.credit_note_invoice(tenant uuid, subtotal numeric, tax_rate numeric default 5, status text default 'open')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid := extensions.gen_random_uuid();
  v_tax numeric := round(subtotal * tax_rate / 100, 3);
begin
  insert into public.invoices (id, tenant_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, case when status <> 'draft' then 'C-' || left(v_id::text, 8) end, status, 'manual', 'OMR', 'Asia/Muscat', 'OM', tax_rate,
    subtotal, v_tax, subtotal + v_tax, subtotal + v_tax, '2026-11-10', '2026-11-17', now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'adjustment', '{"en":"Service","ar":"خدمة"}', 1, subtotal, subtotal, v_tax);
  return v_id;
end
$$;

create or replace function tests.pay_invoice_by_event(inv uuid, gpid text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.apply_payment_event((public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_' || gpid,
    'event_type', 'payment_intent.succeeded', 'kind', 'payment_succeeded', 'object_id', gpid, 'invoice_id', inv,
    'amount', (select total from public.invoices where id = inv), 'currency', 'OMR', 'payload', '{}'::jsonb)) ->> 'id')::bigint);
end
$$;

grant execute on all functions in schema tests to public;

-- Invoicing fixtures: an active tenant in a country, currency and timezone of the test's choosing; and a
-- manual draft invoice of the given lines (a JSON array as text) through public.create_invoice.
create or replace function tests.create_billing_tenant(slug text, country text, currency text, tz text)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  tid uuid;
begin
  insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
  values (slug, jsonb_build_object('en', slug), country, 'GCC-' || country, tz, currency, jsonb_build_object('email', slug || '@example.test'), 'active')
  returning id into tid;
  return tid;
end
$$;

create or replace function tests.create_draft_invoice(tenant uuid, lines text)
returns uuid
language sql
set search_path = ''
as $$
  select (public.create_invoice(tenant, lines::jsonb) ->> 'id')::uuid
$$;

grant execute on all functions in schema tests to public;

-- Bill n periods of one subscription through private.invoice_period, each an hour after its period
-- ends (the clock frozen there); returns how many periods produced an invoice. Rolls one subscription,
-- not the whole run, so the demo seed's subscriptions are never touched by far-future times.
create or replace function tests.roll_periods(sub uuid, n int)
returns int
language plpgsql
set search_path = ''
as $$
declare
  e timestamptz;
  billed int := 0;
begin
  for i in 1..n loop
    select current_period_end into e from public.subscriptions where id = sub;
    perform tests.freeze_time(e + interval '1 hour');
    if private.invoice_period(sub, e) is not null then
      billed := billed + 1;
    end if;
  end loop;
  return billed;
end
$$;

grant execute on all functions in schema tests to public;
