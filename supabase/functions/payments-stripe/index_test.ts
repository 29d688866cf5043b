// payments-stripe over real HTTP through the gateway, against the real database: signatures
// (headers from the official stripe package), inbox semantics, and order-independent application.
import assert from 'node:assert/strict';
import {
  drainBilling, eventRows, storedContent, invoiceState, itest, openInvoice, paymentIntent, postStripe, q, SECRETS, shuffle, stripeEvent, stripeHeader, SUPABASE_URL,
} from '../_shared/testing.ts';

itest('stripe: a valid signature is accepted and the event stored once; a duplicate changes nothing', async () => {
  const inv = await openInvoice();
  const ev = stripeEvent('payment_intent.succeeded', paymentIntent(inv));
  const first = await postStripe(ev);
  assert.equal(first.status, 200, JSON.stringify(first.json));
  assert.equal(first.json.status, 'stored');
  assert.equal(first.json.kind, 'payment_succeeded');
  const before = await eventRows('stripe', [ev.id]);
  assert.equal(before.length, 1);
  assert.equal(before[0].kind, 'payment_succeeded');
  assert.equal(before[0].amount, '12.970'); // 12.962 OMR charged as 12970 (Stripe: 3-decimal amounts end in 0)
  // the same event again (Stripe retries), even with a different body: 200 duplicate, nothing changes
  const again = await postStripe(ev);
  assert.deepEqual([again.status, again.json.status, again.json.id], [200, 'duplicate', first.json.id]);
  const altered = await postStripe({ ...ev, data: { object: { ...ev.data.object, amount: 1, amount_received: 1 } } });
  assert.deepEqual([altered.status, altered.json.status], [200, 'duplicate']);
  assert.deepEqual(storedContent(await eventRows('stripe', [ev.id])), storedContent(before));
  await drainBilling();
  const state = await invoiceState(inv.invoice_id);
  assert.equal(state.status, 'paid');
});

itest('stripe: tampered, stale, future, wrong-secret and missing signatures are rejected with 401 and store nothing', async () => {
  const inv = await openInvoice();
  const ev = stripeEvent('payment_intent.succeeded', paymentIntent(inv));
  const body = JSON.stringify(ev);
  const header = await stripeHeader(body, SECRETS.STRIPE_WEBHOOK_SECRET);
  const tampered = await postStripe(null, { raw: body.replace(/"amount":\d+/, '"amount":1'), header });
  assert.deepEqual([tampered.status, tampered.json.code], [401, 'invalid_signature']);
  const stale = await postStripe(ev, { timestamp: Math.floor(Date.now() / 1000) - 301 });
  assert.deepEqual([stale.status, stale.json.code], [401, 'invalid_signature']);
  const future = await postStripe(ev, { timestamp: Math.floor(Date.now() / 1000) + 400 });
  assert.equal(future.status, 401);
  const wrong = await postStripe(ev, { secret: 'whsec_not_ours' });
  assert.deepEqual([wrong.status, wrong.json.code], [401, 'invalid_signature']);
  const missing = await postStripe(ev, { header: null });
  assert.deepEqual([missing.status, missing.json.code], [401, 'missing_signature']);
  const v0only = await postStripe(ev, { header: header.replace('v1=', 'v0=') });
  assert.equal(v0only.status, 401);
  assert.equal(typeof missing.json.message, 'string');
  assert.deepEqual(await eventRows('stripe', [ev.id]), []);
  // several v1 (a secret roll on Stripe's side): any match passes
  const other = (await stripeHeader(body, 'whsec_previous')).split(',')[1];
  const rolled = await postStripe(ev, { header: `${header.split(',')[0]},${other},${header.split(',')[1]}` });
  assert.deepEqual([rolled.status, rolled.json.status], [200, 'stored']);
});

itest('stripe: malformed bodies are 400, unknown types 200 and recorded as ignored, GET is 405', async () => {
  const notJson = await postStripe(null, { raw: '{"id": "evt_x", ' });
  assert.deepEqual([notJson.status, notJson.json.code], [400, 'malformed_payload']);
  const noData = await postStripe({ id: 'evt_t_nodata', type: 'payment_intent.succeeded', created: 1 });
  assert.deepEqual([noData.status, noData.json.code], [400, 'malformed_payload']);
  const badObject = await postStripe(stripeEvent('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent', amount: 'ten', currency: 'omr' }));
  assert.deepEqual([badObject.status, badObject.json.code], [400, 'malformed_payload']);
  const unknown = stripeEvent('customer.subscription.updated', { id: 'sub_123', object: 'subscription' });
  const r = await postStripe(unknown);
  assert.deepEqual([r.status, r.json.status, r.json.kind], [200, 'ignored', null]);
  const [row] = await eventRows('stripe', [unknown.id]);
  assert.deepEqual([row.kind, row.status], [null, 'ignored']);
  const get = await fetch(`${SUPABASE_URL}/functions/v1/payments-stripe`);
  assert.equal(get.status, 405);
  assert.equal((await get.json()).code, 'method_not_allowed');
});

itest('stripe: shuffled event orders converge (processing, failed, succeeded; a refund before its payment)', async () => {
  for (let round = 0; round < 4; round++) {
    const inv = await openInvoice();
    const pi = paymentIntent(inv);
    const t = Math.floor(Date.now() / 1000);
    const refund = { id: `re_t_${round}_${crypto.randomUUID().slice(0, 8)}`, object: 'refund', amount: 1000, currency: pi.currency, status: 'succeeded', payment_intent: pi.id, metadata: {} };
    const events = [
      stripeEvent('payment_intent.processing', { ...pi, status: 'processing', amount_received: 0 }, undefined, t - 30),
      stripeEvent('payment_intent.payment_failed', { ...pi, status: 'requires_payment_method', amount_received: 0, last_payment_error: { code: 'card_declined', message: 'declined' } }, undefined, t - 20),
      stripeEvent('payment_intent.succeeded', pi, undefined, t - 10),
      stripeEvent('refund.created', refund, undefined, t),
    ];
    shuffle(events, 1000 + round);
    for (const e of events) {
      const r = await postStripe(e);
      assert.equal(r.status, 200);
      // apply after each event: the state must only ever move forward
      await drainBilling();
    }
    const [p] = await q<{ status: string; amount_refunded: string }>(`select status, amount_refunded::text from public.payments where gateway = 'stripe' and gateway_payment_id = $1`, [pi.id]);
    assert.deepEqual(p, { status: 'succeeded', amount_refunded: '1.000' }, `round ${round}: ${events.map((e) => e.type).join(', ')}`);
    const [rf] = await q<{ status: string; amount: string }>(`select status, amount::text from public.refunds where gateway = 'stripe' and gateway_refund_id = $1`, [refund.id]);
    assert.deepEqual(rf, { status: 'succeeded', amount: '1.000' });
    assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
    const applied = await q<{ status: string }>(`select status from public.payment_events where gateway = 'stripe' and event_id = any($1)`, [events.map((e) => e.id)]);
    assert.deepEqual(applied.map((a) => a.status), ['applied', 'applied', 'applied', 'applied']);
  }
});

itest('stripe: a tenant merchant account (?account=) verifies with its Vault secret, not the platform one', async () => {
  const inv = await openInvoice();
  const name = `fn_test_stripe_${crypto.randomUUID().slice(0, 8)}`;
  const tenantSecret = `whsec_tenant_${crypto.randomUUID().replaceAll('-', '')}`;
  await q(`select vault.create_secret($1, $2, 'deno test')`, [tenantSecret, name]);
  const [{ id }] = await q<{ id: string }>(
    `insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name) values ($1, 'stripe', 'acct_t', $2) returning id`, [inv.tenant_id, name]);
  const ev = stripeEvent('payment_intent.succeeded', paymentIntent(inv));
  const platform = await postStripe(ev, { query: `?account=${id}` });
  assert.deepEqual([platform.status, platform.json.code], [401, 'invalid_signature']);
  const ok = await postStripe(ev, { secret: tenantSecret, query: `?account=${id}` });
  assert.equal(ok.status, 200);
  const unknownAccount = await postStripe(ev, { secret: tenantSecret, query: `?account=${crypto.randomUUID()}` });
  assert.deepEqual([unknownAccount.status, unknownAccount.json.code], [401, 'unknown_account']);
  const notUuid = await postStripe(ev, { secret: tenantSecret, query: '?account=abc' });
  assert.deepEqual([notUuid.status, notUuid.json.code], [401, 'unknown_account']);
  // the account's secret does not pass without ?account=
  const noAccount = await postStripe(stripeEvent('payment_intent.succeeded', paymentIntent(inv)), { secret: tenantSecret });
  assert.equal(noAccount.status, 401);
});

itest('stripe: an event on a tenant\'s own merchant account is recorded, never applied to an HQ invoice', async () => {
  // The tenant holds its account's secret, so it could sign "payment succeeded" for any invoice.
  const inv = await openInvoice();
  const name = `fn_test_stripe_${crypto.randomUUID().slice(0, 8)}`;
  const tenantSecret = `whsec_tenant_${crypto.randomUUID().replaceAll('-', '')}`;
  await q(`select vault.create_secret($1, $2, 'deno test')`, [tenantSecret, name]);
  const [{ id }] = await q<{ id: string }>(
    `insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name) values ($1, 'stripe', 'acct_own', $2) returning id`, [inv.tenant_id, name]);
  const forged = stripeEvent('payment_intent.succeeded', paymentIntent(inv));
  const res = await postStripe(forged, { secret: tenantSecret, query: `?account=${id}` });
  assert.deepEqual([res.status, res.json.status], [200, 'ignored']);
  const [row] = await q<{ status: string; kind: string | null; invoice_id: string | null; gateway_account_id: string }>(
    `select status, kind, invoice_id, gateway_account_id from public.payment_events where gateway = 'stripe' and event_id = $1`, [forged.id]);
  assert.deepEqual(row, { status: 'ignored', kind: null, invoice_id: null, gateway_account_id: id });
  await drainBilling();
  assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
  // replaying it changes nothing either
  await q(`select private.apply_payment_event((select id from public.payment_events where gateway = 'stripe' and event_id = $1))`, [forged.id]);
  assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
  // the same event id from the platform is its own event, not a duplicate of the tenant's, and pays
  const real = await postStripe(forged);
  assert.deepEqual([real.status, real.json.status], [200, 'stored']);
  await drainBilling();
  assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
});

itest('stripe: an event on a platform account kept in Vault (a gateway account without a tenant) is applied', async () => {
  const inv = await openInvoice();
  const name = `fn_test_stripe_${crypto.randomUUID().slice(0, 8)}`;
  const secret = `whsec_region_${crypto.randomUUID().replaceAll('-', '')}`;
  await q(`select vault.create_secret($1, $2, 'deno test')`, [secret, name]);
  // one active platform account per gateway and environment: this test's is 'live'
  await q(`update public.gateway_accounts set active = false where tenant_id is null and gateway = 'stripe' and environment = 'live'`);
  const [{ id }] = await q<{ id: string }>(
    `insert into public.gateway_accounts (tenant_id, gateway, environment, merchant_ref, secret_name) values (null, 'stripe', 'live', 'acct_region', $1) returning id`, [name]);
  const ev = stripeEvent('payment_intent.succeeded', paymentIntent(inv));
  const res = await postStripe(ev, { secret, query: `?account=${id}` });
  assert.deepEqual([res.status, res.json.status], [200, 'stored']);
  await drainBilling();
  assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
});

itest('stripe: charge.refunded without its refunds list (API >= 2022-11-15) beside refund.created counts each refund once', async () => {
  // Stripe sends both for every refund; since 2022-11-15 the charge carries only amount_refunded (the
  // running total), which must not be read as one more refund.
  const inv = await openInvoice();
  const pi = paymentIntent(inv);
  assert.equal((await postStripe(stripeEvent('payment_intent.succeeded', pi))).status, 200);
  const charge = (refunded: number) => ({
    id: `ch_t_${pi.id}`, object: 'charge', amount: pi.amount, amount_refunded: refunded, currency: pi.currency, payment_intent: pi.id,
    metadata: pi.metadata, refunded: false,
  });
  const refund = (id: string, amount: number) => ({ id, object: 'refund', amount, currency: pi.currency, status: 'succeeded', payment_intent: pi.id, charge: `ch_t_${pi.id}`, metadata: {} });
  const suffix = crypto.randomUUID().slice(0, 8);
  for (const ev of [
    stripeEvent('charge.refunded', charge(1000)), stripeEvent('refund.created', refund(`re_t1_${suffix}`, 1000)),
    stripeEvent('charge.refunded', charge(3000)), stripeEvent('refund.created', refund(`re_t2_${suffix}`, 2000)),
  ]) {
    const r = await postStripe(ev);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  await drainBilling();
  const [p] = await q<{ amount_refunded: string }>(`select amount_refunded::text from public.payments where gateway = 'stripe' and gateway_payment_id = $1`, [pi.id]);
  assert.equal(p.amount_refunded, '3.000');
  const refunds = await q<{ gateway_refund_id: string; amount: string }>(
    `select gateway_refund_id, amount::text from public.refunds where gateway = 'stripe' and gateway_payment_id = $1 order by amount`, [pi.id]);
  assert.deepEqual(refunds, [{ gateway_refund_id: `re_t1_${suffix}`, amount: '1.000' }, { gateway_refund_id: `re_t2_${suffix}`, amount: '2.000' }]);
});
