-- Billing: webhook events carry the merchant account that verified them. Events on a tenant's own
-- account are recorded and never applied (the tenant holds that secret); events on a platform
-- account apply; event ids are unique per account; occurred_at must be an ISO date-time.
begin;
select plan(27);

select tests.create_tenant('ws-scope-a') as ta \gset
select tests.create_tenant('ws-scope-b') as tb \gset

-- A "payment succeeded" for an invoice, as the Edge Functions send it, on an account (null: the platform's).
create function tests.ws_event(event_id text, invoice uuid, account uuid, occurred text default '2026-11-20T10:00:00Z')
returns jsonb language sql as $$
  select jsonb_build_object('gateway', 'stripe', 'event_id', event_id, 'event_type', 'payment_intent.succeeded',
    'kind', 'payment_succeeded', 'object_id', 'pi_' || event_id, 'invoice_id', invoice, 'amount', 10.5, 'currency', 'OMR',
    'occurred_at', occurred, 'payload', jsonb_build_object('id', event_id), 'gateway_account_id', account)
$$;

select tests.create_open_invoice(:'ta', 10) as inv_a \gset
select tests.create_open_invoice(:'tb', 10) as inv_b \gset
insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name)
values (:'ta', 'stripe', 'acct_a', 'ws_secret_a') returning id as acct_a \gset
insert into public.gateway_accounts (tenant_id, gateway, environment, merchant_ref, secret_name)
values (null, 'stripe', 'live', 'acct_platform', 'ws_secret_platform') returning id as acct_platform \gset
insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name, active)
values (:'tb', 'stripe', 'acct_b_old', 'ws_secret_b', false) returning id as acct_b_inactive \gset
insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name)
values (:'tb', 'paytabs', 'profile_b', 'ws_secret_b_pt') returning id as acct_b_paytabs \gset

-- ── a tenant's own account: recorded, ignored, never applied ──────────────────────────────────
select is(public.ingest_payment_event(tests.ws_event('evt_ws_1', :'inv_b', :'acct_a')) ->> 'status', 'ignored',
  'tenant A signing "payment succeeded" for tenant B''s invoice on its own account: ignored');
select is((select jsonb_build_object('status', status, 'kind', kind, 'object', object_id, 'invoice', invoice_id, 'amount', amount,
                                     'account', gateway_account_id)
           from public.payment_events where event_id = 'evt_ws_1'),
  jsonb_build_object('status', 'ignored', 'kind', null, 'object', null, 'invoice', null, 'amount', null, 'account', :'acct_a'),
  'it is kept with its account and raw payload, its normalised fields empty');
select ok((select last_error from public.payment_events where event_id = 'evt_ws_1') like '%tenant''s own merchant account%',
  'the inbox says why it was ignored');
select is((select count(*)::int from pgmq.q_billing where message ->> 'idempotency_key' = 'payment_event:stripe:evt_ws_1'), 0,
  'no apply job is queued');
select is(public.ingest_payment_event(tests.ws_event('evt_ws_2', :'inv_a', :'acct_a')) ->> 'status', 'ignored',
  'on its own invoice too: the tenant''s word is not the gateway''s');
select is(private.apply_payment_event((select id from public.payment_events where event_id = 'evt_ws_2')), 'ignored',
  'applying it anyway (a replay) ignores it');
select is((select jsonb_build_object('a', a.status, 'b', b.status) from public.invoices a, public.invoices b
           where a.id = :'inv_a' and b.id = :'inv_b'),
  '{"a": "open", "b": "open"}'::jsonb, 'both invoices are still open');
select is((select count(*)::int from public.payments where gateway_payment_id in ('pi_evt_ws_1', 'pi_evt_ws_2')), 0,
  'no payment was recorded');
select is(public.ingest_payment_event(tests.ws_event('evt_ws_1', :'inv_b', :'acct_a')) ->> 'status', 'duplicate',
  'a redelivery on the same account is a duplicate');

-- ── event ids are unique per account ──────────────────────────────────────────────────────────
select is(public.ingest_payment_event(tests.ws_event('evt_ws_1', :'inv_b', null)) ->> 'status', 'stored',
  'the platform''s event with the id the tenant sent first is stored, not shadowed as a duplicate');
select is(private.apply_payment_event((select id from public.payment_events where event_id = 'evt_ws_1' and gateway_account_id is null)),
  'applied', 'and applies');
select is((select status from public.invoices where id = :'inv_b'), 'paid', 'tenant B''s invoice is paid by the platform''s event');
select is(public.ingest_payment_event(tests.ws_event('evt_ws_1', :'inv_b', null)) ->> 'status', 'duplicate',
  'the platform''s redelivery is a duplicate of the platform''s event');
select is((select count(*)::int from public.payment_events where event_id = 'evt_ws_1'), 2, 'one row per account');

-- ── a platform account kept in Vault (no tenant): applied ─────────────────────────────────────
select is(public.ingest_payment_event(tests.ws_event('evt_ws_3', :'inv_a', :'acct_platform')) ->> 'status', 'stored',
  'an event on a platform account is stored');
select is((select count(*)::int from pgmq.q_billing where message ->> 'idempotency_key' = 'payment_event:stripe:evt_ws_3'), 1,
  'and its apply job queued');
select is(private.apply_payment_event((select id from public.payment_events where event_id = 'evt_ws_3')), 'applied', 'it applies');
select is((select status from public.invoices where id = :'inv_a'), 'paid', 'tenant A''s invoice is paid');

-- ── bad accounts: refused, nothing stored ─────────────────────────────────────────────────────
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, %L)) $$, :'inv_a', extensions.gen_random_uuid()),
  'PT404', null, 'an unknown account is refused');
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, %L)) $$, :'inv_a', :'acct_b_inactive'),
  'PT404', null, 'an inactive account is refused');
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, %L)) $$, :'inv_a', :'acct_b_paytabs'),
  'PT404', null, 'another gateway''s account is refused');
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, null) || '{"gateway_account_id": "acct_1"}') $$, :'inv_a'),
  '22023', null, 'an account id that is not a uuid is refused');

-- ── occurred_at ───────────────────────────────────────────────────────────────────────────────
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, null, 'infinity')) $$, :'inv_a'),
  '22023', 'occurred_at must be an ISO timestamp', '''infinity'' is not a time an event happened');
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, null, 'now')) $$, :'inv_a'),
  '22023', 'occurred_at must be an ISO timestamp', '''now'' is refused');
select throws_ok(format($$ select public.ingest_payment_event(tests.ws_event('evt_ws_4', %L, null, '2026-13-01T00:00:00Z')) $$, :'inv_a'),
  '22023', 'occurred_at must be an ISO timestamp', 'a month 13 is refused');
select is((select count(*)::int from public.payment_events where event_id = 'evt_ws_4'), 0, 'none of the refused events was stored');
select is((select jsonb_agg(public.ingest_payment_event(tests.ws_event('evt_ws_5_' || n, :'inv_a', null, t)) ->> 'status' order by n)
           from unnest(array['2026-11-20T10:00:00.123+04:00', '2026-11-20 10:00:00+0400', '2026-11-20']) with ordinality as x(t, n)),
  '["stored", "stored", "stored"]'::jsonb, 'ISO forms with offsets, fractions or a bare date are stored');

select * from finish();
rollback;
