// payments-checkout end to end: begin_checkout as the signed-in tenant owner → the simulated
// gateway (real HTTP client code) → its checkout page → its signed webhook → the apply job →
// the invoice paid. Then the service-key actions (charge the saved method, refund) and the jobs
// that post them through pg_net.
import assert from 'node:assert/strict';
import {
  checkout, drainBilling, invoiceState, itest, openInvoice, ownerToken, q, SERVICE_KEY, SIMULATOR, waitFor,
} from '../_shared/testing.ts';

const GATEWAYS = ['stripe', 'paytabs', 'hyperpay'] as const;

async function press(checkoutUrl: string, button: 'pay' | 'decline') {
  const res = await fetch(`${checkoutUrl}/${button}`, { method: 'POST', headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  return await res.json();
}

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
    const succeeded = await q<{ id: string; gateway_payment_id: string }>(
      `select id, gateway_payment_id from public.payments where invoice_id = $1 and status = 'succeeded'`, [inv.invoice_id]);
    assert.equal(succeeded.length, 1);
    if (gateway !== 'hyperpay') {
      assert.equal(succeeded[0].id, r.json.payment_id, 'the checkout payment itself succeeded');
    } else {
      // HyperPay's payment id differs from its checkout id: the webhook's payment carries our payment id
      // in merchantTransactionId (event.payment_id). Matching on it is the inbox's job (see the report).
      assert.notEqual(succeeded[0].gateway_payment_id, r.json.gateway_payment_id);
    }
  });
}

itest('checkout: refused without a JWT (401), for another tenant (403), unknown (404) or paid (409) invoices, bad bodies (400)', async () => {
  const inv = await openInvoice();
  const other = await openInvoice();
  const token = await ownerToken(inv.tenant_id);
  const none = await checkout({ invoice_id: inv.invoice_id }, null);
  assert.equal(none.status, 401);
  const forged = await checkout({ invoice_id: inv.invoice_id }, 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.AAAA');
  assert.equal(forged.status, 401);
  const foreign = await checkout({ invoice_id: other.invoice_id }, token);
  assert.deepEqual([foreign.status, foreign.json.code, foreign.json.detail], [403, 'forbidden', 'billing.forbidden']);
  const unknown = await checkout({ invoice_id: crypto.randomUUID() }, token);
  assert.deepEqual([unknown.status, unknown.json.code], [404, 'not_found']);
  for (const body of [{}, { invoice_id: 'nope' }, { invoice_id: inv.invoice_id, gateway: 'paypal' }, { invoice_id: inv.invoice_id, extra: 1 }, { invoice_id: inv.invoice_id, return_url: 'javascript:alert(1)' }]) {
    const bad = await checkout(body, token);
    assert.deepEqual([bad.status, bad.json.code], [400, 'invalid_request'], JSON.stringify(body));
  }
  const notJson = await checkout('{', token);
  assert.deepEqual([notJson.status, notJson.json.code], [400, 'invalid_request']);
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

itest('charge (service key): the simulator declines for a tenant, then succeeds; webhooks drive the invoice', async () => {
  const inv = await openInvoice();
  const control = (outcome: string) => fetch(`${SIMULATOR}/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome }) }).then((r) => r.json());
  assert.equal((await control('decline')).outcome, 'decline');
  const failed = await checkout({ action: 'charge', invoice_id: inv.invoice_id }, SERVICE_KEY);
  assert.equal(failed.status, 200, JSON.stringify(failed.json));
  assert.deepEqual([failed.json.status, failed.json.failure_code], ['failed', 'insufficient_funds']);
  const [fp] = await waitFor('the failed payment', async () =>
    (await q<{ status: string }>(`select status from public.payments where id = $1 and status = 'failed'`, [failed.json.payment_id])).length
      ? [true] : null);
  assert.ok(fp);
  assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
  await control('succeed');
  const ok = await checkout({ action: 'charge', invoice_id: inv.invoice_id }, SERVICE_KEY);
  assert.equal(ok.json.status, 'succeeded');
  await waitFor('the invoice paid', async () => (await invoiceState(inv.invoice_id)).status === 'paid');
  const bad = await checkout({ action: 'refund', refund_id: 'x' }, SERVICE_KEY);
  assert.deepEqual([bad.status, bad.json.code], [400, 'invalid_request']);
  const unknownAction = await checkout({ action: 'capture' }, SERVICE_KEY);
  assert.deepEqual([unknownAction.status, unknownAction.json.code], [400, 'invalid_request']);
});

itest('jobs through pg_net: billing.retry_payment charges, a refund credit note refunds through the gateway', async () => {
  const inv = await openInvoice();
  await fetch(`${SIMULATOR}/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome: 'succeed' }) }).then((r) => r.body?.cancel());
  const key = `test-retry:${inv.invoice_id}`;
  await q(`select private.enqueue('billing', 'billing.retry_payment', jsonb_build_object('action', 'charge', 'invoice_id', $1::text), $2)`, [inv.invoice_id, key]);
  await waitFor('the retry job acknowledged', async () =>
    (await q(`select 1 from private.job_runs where job_type = 'billing.retry_payment' and outcome = 'succeeded' and job_id in
              (select (m.message ->> 'job_id')::bigint from pgmq.q_billing m where m.message ->> 'idempotency_key' = $1
               union select r.job_id from private.job_runs r where r.job_type = 'billing.retry_payment')`, [key])).length > 0);
  await waitFor('the invoice paid by the retry', async () => (await invoiceState(inv.invoice_id)).status === 'paid');
  const [p] = await q<{ id: string; gateway_payment_id: string; amount: string }>(
    `select id, gateway_payment_id, amount::text from public.payments where invoice_id = $1 and status = 'succeeded'`, [inv.invoice_id]);
  assert.ok(p.gateway_payment_id.startsWith('pi_sim_'));

  // a credit note refunded through the gateway: the job posts {action: refund} → the simulator → refund webhooks
  const [{ cn }] = await q<{ cn: { refund_id: string; total: number } }>(`select public.issue_credit_note($1, 1.000, 'refund', 'goodwill refund') as cn`, [inv.invoice_id]);
  const refund = await waitFor('the refund to succeed', async () => {
    const [r] = await q<{ status: string; gateway_refund_id: string; amount: string }>(
      `select status, gateway_refund_id, amount::text from public.refunds where id = $1`, [cn.refund_id]);
    return r?.status === 'succeeded' ? r : null;
  });
  assert.ok(refund.gateway_refund_id.startsWith('re_sim_'), refund.gateway_refund_id);
  assert.equal(Number(refund.amount), Number(cn.total)); // the credit note's total, VAT included
  await drainBilling();
  const [after] = await q<{ amount_refunded: string }>(`select amount_refunded::text from public.payments where id = $1`, [p.id]);
  assert.equal(Number(after.amount_refunded), Number(cn.total));
  // one refund row, not one per webhook (charge.refunded and refund.created both arrive)
  const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from public.refunds where gateway_payment_id = $1`, [p.gateway_payment_id]);
  assert.equal(n, 1);
});
