// A user's checkout end to end: begin_checkout as the signed-in tenant owner → the simulated
// gateway (real HTTP client code) → its checkout page → its signed webhook → the apply job → the
// invoice paid, the card saved (public.payment_methods), and a dunning retry charging that saved
// card off-session through the real job path. Then the refusals at the boundary.
import assert from 'node:assert/strict';
import {
  ANON_KEY, checkout, drainBilling, invoiceState, itest, openInvoice, ownerToken, q, SIMULATOR, SUPABASE_URL, waitFor,
} from '../_shared/testing.ts';
import { GATEWAYS, methodsOf, press } from './testing.ts';

for (const gateway of GATEWAYS) {
  itest(`checkout (${gateway}): begin → simulator page → decline, then pay → webhook → invoice paid`, async () => {
    const inv = await openInvoice(gateway === 'hyperpay' ? '40.00' : '12.345', gateway === 'hyperpay' ? 'SAR' : 'OMR');
    const token = await ownerToken(inv.tenant_id);
    const r = await checkout({ invoice_id: inv.invoice_id, gateway }, token);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.gateway, gateway);
    assert.ok(r.json.checkout_url.startsWith(`${SIMULATOR}/${gateway}/pay/`), r.json.checkout_url);
    const [pay] = await q<{ status: string; gateway_payment_id: string; checkout_url: string; amount: string }>(
      `select status, gateway_payment_id, checkout_url, amount::text from public.payments where id = $1`, [r.json.payment_id]);
    assert.deepEqual([pay.status, pay.gateway_payment_id, pay.checkout_url, pay.amount], ['pending', r.json.gateway_payment_id, r.json.checkout_url, inv.amount_due]);

    const page = await (await fetch(r.json.checkout_url)).text();
    assert.match(page, />Pay</);
    assert.match(page, />Decline</);
    assert.match(page, /Return to the merchant/);

    if (gateway === 'stripe') {
      // Stripe's page may be retried after a decline: the same PaymentIntent fails, then succeeds.
      const declined = await press(r.json.checkout_url, 'decline');
      assert.equal(declined.webhook.status, 200, JSON.stringify(declined.webhook));
      await drainBilling();
      assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
      const [p] = await q<{ status: string; failure_code: string }>(`select status, failure_code from public.payments where id = $1`, [r.json.payment_id]);
      assert.deepEqual(p, { status: 'failed', failure_code: 'insufficient_funds' });
    }
    const paid = await press(r.json.checkout_url, 'pay');
    assert.equal(paid.webhook.status, 200, JSON.stringify(paid.webhook));
    assert.ok(paid.return_url.startsWith('http'));
    await drainBilling();
    const state = await invoiceState(inv.invoice_id);
    assert.equal(state.status, 'paid');
    // one payment for the invoice: the checkout row itself succeeded
    const rows = await q<{ id: string; status: string; gateway_payment_id: string; checkout_ref: string | null }>(
      `select id, status, gateway_payment_id, checkout_ref from public.payments where invoice_id = $1`, [inv.invoice_id]);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.deepEqual([rows[0].id, rows[0].status], [r.json.payment_id, 'succeeded'], 'the checkout payment itself succeeded');
    if (gateway === 'hyperpay') {
      // HyperPay's payment id differs from its checkout id: the webhook (merchantTransactionId = our
      // payment id) adopted the checkout row, which now holds the payment id and keeps the checkout id.
      assert.notEqual(rows[0].gateway_payment_id, r.json.gateway_payment_id);
      assert.equal(rows[0].checkout_ref, r.json.gateway_payment_id);
    } else {
      assert.equal(rows[0].gateway_payment_id, r.json.gateway_payment_id);
    }

    // the card the page paid with is saved for off-session charges, as the default
    const methods = await methodsOf(inv.tenant_id);
    assert.equal(methods.length, 1, JSON.stringify(methods));
    const m = methods[0];
    assert.equal(m.gateway, gateway);
    assert.equal(m.is_default, true);
    assert.equal(m.exp_month, 12);
    assert.ok(m.exp_year! > new Date().getUTCFullYear(), String(m.exp_year));
    if (gateway === 'stripe') {
      assert.match(m.customer_ref!, /^cus_sim_/);
      assert.match(m.method_ref, /^pm_sim_/);
      assert.deepEqual([m.brand, m.last4], ['visa', '4242']);
    } else if (gateway === 'paytabs') {
      assert.equal(m.customer_ref, rows[0].gateway_payment_id, 'the tokenising transaction');
      assert.match(m.method_ref, /^[0-9A-F]{32}$/);
      assert.deepEqual([m.brand, m.last4], ['Visa', '1111']);
    } else {
      assert.equal(m.customer_ref, null);
      assert.match(m.method_ref, /^[0-9a-f]{32}$/);
      assert.deepEqual([m.brand, m.last4], ['VISA', '1111']);
    }

    // dunning: the next invoice goes unpaid; the retry charges the saved card off-session through
    // the job → pg_net → payments-checkout → the gateway's saved-card API → webhook → paid
    const next = await openInvoice(gateway === 'hyperpay' ? '25.00' : '5.000', inv.currency, inv.tenant_id);
    const [{ case_id }] = await q<{ case_id: string }>(`select private.open_dunning_case($1, 'payment_failed') as case_id`, [next.invoice_id]);
    let action = '';
    for (let i = 0; i < 5 && action !== 'retry'; i++) {
      const [{ run }] = await q<{ run: string }>(`select public.dunning_advance($1, 'test: retry now') ->> 'action_run' as run`, [case_id]);
      action = run;
    }
    assert.equal(action, 'retry');
    const [retry] = await q<{ detail: Record<string, unknown> }>(
      `select detail from public.dunning_events where case_id = $1 and action = 'retry'`, [case_id]);
    assert.deepEqual([retry.detail.gateway, retry.detail.payment_method_id, retry.detail.skipped], [gateway, m.id, undefined]);
    await waitFor('the dunning retry to pay the next invoice', async () => (await invoiceState(next.invoice_id)).status === 'paid');
    await drainBilling();
    // deno-lint-ignore no-explicit-any
    const [charged] = await q<{ gateway: string; payload: any }>(
      `select p.gateway, e.payload from public.payments p join public.payment_events e on e.gateway = p.gateway and e.object_id = p.gateway_payment_id
       where p.invoice_id = $1 and p.status = 'succeeded' and e.kind = 'payment_succeeded'`, [next.invoice_id]);
    assert.equal(charged.gateway, gateway);
    if (gateway === 'stripe') {
      assert.deepEqual([charged.payload.data.object.customer, charged.payload.data.object.payment_method], [m.customer_ref, m.method_ref]);
    } else if (gateway === 'paytabs') {
      assert.equal(charged.payload.tran_class, 'recurring');
    } else {
      assert.equal(charged.payload.payload.registrationId, m.method_ref);
      // as OPPWA sends it: `action` is only in REGISTRATION notifications
      assert.equal(charged.payload.type, 'PAYMENT');
      assert.equal('action' in charged.payload, false);
    }
    const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from public.payment_methods where tenant_id = $1`, [inv.tenant_id]);
    assert.equal(n, 1, 'charging the saved card does not save it twice');
  });
}

itest('checkout: refused without a JWT (401), for another tenant or an unknown invoice alike (403), paid (409) invoices, bad bodies (400)', async () => {
  const inv = await openInvoice();
  const other = await openInvoice();
  const token = await ownerToken(inv.tenant_id);
  const none = await checkout({ invoice_id: inv.invoice_id }, null);
  assert.equal(none.status, 401);
  const forged = await checkout({ invoice_id: inv.invoice_id }, 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.AAAA');
  assert.equal(forged.status, 401);
  const foreign = await checkout({ invoice_id: other.invoice_id }, token);
  assert.deepEqual([foreign.status, foreign.json.code, foreign.json.detail], [403, 'forbidden', 'billing.forbidden']);
  // an invoice that does not exist is refused as another tenant's is: the answer tells no one
  // which invoice ids exist (issue 12 §2)
  const unknown = await checkout({ invoice_id: crypto.randomUUID() }, token);
  assert.deepEqual([unknown.status, unknown.json.code, unknown.json.detail], [403, 'forbidden', 'billing.forbidden']);
  for (const body of [{}, { invoice_id: 'nope' }, { invoice_id: inv.invoice_id, gateway: 'paypal' }, { invoice_id: inv.invoice_id, extra: 1 }, { invoice_id: inv.invoice_id, return_url: 'javascript:alert(1)' }]) {
    const bad = await checkout(body, token);
    assert.deepEqual([bad.status, bad.json.code], [400, 'invalid_request'], JSON.stringify(body));
  }
  const notJson = await checkout('{', token);
  assert.deepEqual([notJson.status, notJson.json.code], [400, 'invalid_request']);
  // a body far over any checkout request is refused before it is buffered and parsed
  const huge = await checkout(JSON.stringify({ invoice_id: inv.invoice_id, pad: 'x'.repeat(2 * 1024 * 1024) }), token);
  assert.deepEqual([huge.status, huge.json.code], [413, 'payload_too_large']);
  const get = await fetch(`${SUPABASE_URL}/functions/v1/payments-checkout`, { headers: { apikey: ANON_KEY, Authorization: `Bearer ${token}` } });
  assert.deepEqual([get.status, get.headers.get('allow'), (await get.json()).code], [405, 'POST, OPTIONS', 'method_not_allowed']);
  // a refused checkout leaves no payment behind
  const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from public.payments where invoice_id = any($1)`, [[inv.invoice_id, other.invoice_id]]);
  assert.equal(n, 0);
  // paid: 409
  await q(`select public.record_manual_payment($1, $2::numeric, $3, 'bank transfer received')`, [inv.invoice_id, inv.amount_due, `BANK-${inv.number}`]);
  const paid = await checkout({ invoice_id: inv.invoice_id }, token);
  assert.deepEqual([paid.status, paid.json.code], [409, 'conflict']);
  // a tenant user may not use the service actions
  const action = await checkout({ action: 'charge', invoice_id: other.invoice_id }, token);
  assert.deepEqual([action.status, action.json.code], [400, 'invalid_request']);
});
