// action 'charge' (service key and jobs): a saved card charged off-session; a failed gateway call
// leaves a cancelled payment; every attempt of one job is one payment and one gateway charge.
import assert from 'node:assert/strict';
import {
  checkout, drainBilling, invoiceState, itest, openInvoice, ownerToken, q, SECRETS, SERVICE_KEY, SIMULATOR, waitFor,
} from '../_shared/testing.ts';
import { GATEWAYS, lostJobId, stripeIntentsFor, tenantWithSavedCard } from './testing.ts';

itest('charge (service key): without a saved method nothing is begun; a failed gateway call leaves a cancelled payment, not a pending one', async () => {
  const { inv: first, method } = await tenantWithSavedCard('stripe');
  const inv = await openInvoice('3.000', 'OMR', first.tenant_id);
  const none = await checkout({ action: 'charge', invoice_id: inv.invoice_id, gateway: 'stripe' }, SERVICE_KEY);
  assert.deepEqual([none.status, none.json.code], [409, 'no_payment_method']);
  const count = async () => (await q<{ n: number }>(`select count(*)::int as n from public.payments where invoice_id = $1`, [inv.invoice_id]))[0].n;
  assert.equal(await count(), 0, 'no payment was begun');
  // the simulator refuses an unknown payment method (400): the gateway call fails after begin_checkout
  const broken = await checkout({ action: 'charge', invoice_id: inv.invoice_id, gateway: 'stripe', customer_ref: method.customer_ref, method_ref: 'pm_unknown' }, SERVICE_KEY);
  assert.deepEqual([broken.status, broken.json.code], [502, 'gateway_error'], JSON.stringify(broken.json));
  const rows = await q<{ status: string; failure_code: string; failure_message: string }>(
    `select status, failure_code, failure_message from public.payments where invoice_id = $1`, [inv.invoice_id]);
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0].status, rows[0].failure_code], ['cancelled', 'checkout_failed']);
  assert.match(rows[0].failure_message, /No such PaymentMethod/);
  assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
  // a user checkout for the same invoice afterwards: one live pending payment
  const token = await ownerToken(inv.tenant_id);
  const again = await checkout({ invoice_id: inv.invoice_id, gateway: 'stripe' }, token);
  assert.equal(again.status, 200, JSON.stringify(again.json));
  const again2 = await checkout({ invoice_id: inv.invoice_id, gateway: 'paytabs' }, token);
  assert.equal(again2.status, 200, JSON.stringify(again2.json));
  const statuses = await q<{ id: string; status: string; failure_code: string | null }>(
    `select id, status, failure_code from public.payments where invoice_id = $1 order by created_at, id`, [inv.invoice_id]);
  assert.deepEqual(statuses.filter((p) => p.status === 'pending').map((p) => p.id), [again2.json.payment_id], 'a new checkout supersedes the previous one');
  assert.equal(statuses.find((p) => p.id === again.json.payment_id)?.failure_code, 'superseded');
});

itest('charge (service key): the simulator declines for a tenant, then succeeds; webhooks drive the invoice', async () => {
  const { inv: first, method } = await tenantWithSavedCard('stripe');
  const inv = await openInvoice('4.000', 'OMR', first.tenant_id);
  const control = (outcome: string) => fetch(`${SIMULATOR}/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome }) }).then((r) => r.json());
  assert.equal((await control('decline')).outcome, 'decline');
  const saved = { customer_ref: method.customer_ref, method_ref: method.method_ref, payment_method_id: method.id };
  const failed = await checkout({ action: 'charge', invoice_id: inv.invoice_id, gateway: 'stripe', ...saved }, SERVICE_KEY);
  assert.equal(failed.status, 200, JSON.stringify(failed.json));
  assert.deepEqual([failed.json.status, failed.json.failure_code], ['failed', 'insufficient_funds']);
  const [fp] = await waitFor('the failed payment', async () =>
    (await q<{ status: string }>(`select status from public.payments where id = $1 and status = 'failed'`, [failed.json.payment_id])).length
      ? [true] : null);
  assert.ok(fp);
  assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
  await control('succeed');
  const ok = await checkout({ action: 'charge', invoice_id: inv.invoice_id, gateway: 'stripe', ...saved }, SERVICE_KEY);
  assert.equal(ok.json.status, 'succeeded');
  await waitFor('the invoice paid', async () => (await invoiceState(inv.invoice_id)).status === 'paid');
  const bad = await checkout({ action: 'refund', refund_id: 'x' }, SERVICE_KEY);
  assert.deepEqual([bad.status, bad.json.code], [400, 'invalid_request']);
  const unknownAction = await checkout({ action: 'capture' }, SERVICE_KEY);
  assert.deepEqual([unknownAction.status, unknownAction.json.code], [400, 'invalid_request']);
});

// ── a retried charge job charges once ───────────────────────────────────────────────────────
// Every attempt of one billing.retry_payment job is one payment and one gateway idempotency key:
// the attempt after a failure that came after the gateway call must not charge the card again.

for (const gateway of GATEWAYS) {
  itest(`charge job (${gateway}): attempt 2 of the same job after attempt 1 charged → one payment, one gateway charge`, async () => {
    const { inv: first, method } = await tenantWithSavedCard(gateway);
    const inv = await openInvoice(gateway === 'hyperpay' ? '30.00' : '6.000', gateway === 'hyperpay' ? 'SAR' : 'OMR', first.tenant_id);
    // declined: the invoice stays open whenever the webhook is applied, so a second charge would happen
    await fetch(`${SIMULATOR}/${gateway}/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome: 'decline' }) }).then((r) => r.body?.cancel());
    const job_id = lostJobId();
    const payload = { action: 'charge', invoice_id: inv.invoice_id, gateway, payment_method_id: method.id, customer_ref: method.customer_ref, method_ref: method.method_ref };
    const a1 = await checkout({ job_id, attempt: 1, payload }, SERVICE_KEY);
    assert.equal(a1.status, 500, JSON.stringify(a1.json)); // charged and attached, then complete_job failed: the job is retried
    const [p1] = await q<{ id: string; gateway_payment_id: string | null }>(`select id, gateway_payment_id from public.payments where invoice_id = $1`, [inv.invoice_id]);
    assert.ok(p1?.gateway_payment_id, 'attempt 1 reached the gateway');
    const a2 = await checkout({ job_id, attempt: 2, payload }, SERVICE_KEY);
    assert.equal(a2.status, 500, JSON.stringify(a2.json));
    if (gateway === 'stripe') {
      const intents = await stripeIntentsFor(method.customer_ref!, inv.invoice_id);
      assert.equal(intents.length, 1, `one charge at the gateway: ${JSON.stringify(intents)}`);
      assert.equal(intents[0].id, p1.gateway_payment_id);
    }
    await drainBilling();
    const rows = await q<{ id: string; status: string; gateway_payment_id: string | null }>(
      `select id, status, gateway_payment_id from public.payments where invoice_id = $1`, [inv.invoice_id]);
    assert.equal(rows.length, 1, `one payment (one charge) for the invoice: ${JSON.stringify(rows)}`);
    assert.deepEqual([rows[0].id, rows[0].gateway_payment_id], [p1.id, p1.gateway_payment_id]);
    assert.notEqual(rows[0].status, 'cancelled');
    const [{ key }] = await q<{ key: string }>(`select idempotency_key as key from public.payments where id = $1`, [p1.id]);
    assert.equal(key, `job:${job_id}`);
    assert.equal((await invoiceState(inv.invoice_id)).status, 'open');
  });
}

itest('charge job (stripe): the gateway took the charge but its answer was lost (payment cancelled) → the retry reopens it and gets the same charge', async () => {
  const { inv: first, method } = await tenantWithSavedCard('stripe');
  const inv = await openInvoice('7.000', 'OMR', first.tenant_id);
  await fetch(`${SIMULATOR}/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome: 'decline' }) }).then((r) => r.body?.cancel());
  const job_id = lostJobId();
  // attempt 1, as payments-checkout runs it: begin_checkout with the job's key; its gateway call (the
  // payment's key) times out, so the function cancels the payment (cancel_checkout) — but the call
  // did reach Stripe, which charges the card
  // deno-lint-ignore no-explicit-any
  const [{ begun }] = await q<{ begun: Record<string, any> }>(`select public.begin_checkout($1, 'stripe', $2) as begun`, [inv.invoice_id, `job:${job_id}`]);
  await q(`select public.cancel_checkout($1, 'gateway call failed: timed out')`, [begun.payment_id]);
  const { StripeClient } = await import('../_shared/gateways/stripe/client.ts');
  const lost = await new StripeClient(`${SIMULATOR}/stripe`, SECRETS.STRIPE_SECRET_KEY.split(',')[0].trim()).charge({
    // deno-lint-ignore no-explicit-any
    ...begun as any, customer: method.customer_ref, payment_method: method.method_ref, idempotency_key: `job:${job_id}:${begun.payment_id}`,
  });
  // attempt 2 through the function
  const payload = { action: 'charge', invoice_id: inv.invoice_id, gateway: 'stripe', payment_method_id: method.id, customer_ref: method.customer_ref, method_ref: method.method_ref };
  const a2 = await checkout({ job_id, attempt: 2, payload }, SERVICE_KEY);
  assert.equal(a2.status, 500, JSON.stringify(a2.json)); // complete_job: no such job
  const intents = await stripeIntentsFor(method.customer_ref!, inv.invoice_id);
  assert.deepEqual(intents.map((pi) => pi.id), [lost.gateway_payment_id], 'one charge at the gateway');
  await drainBilling();
  const rows = await waitFor('the payment to settle as failed', async () => {
    const r = await q<{ id: string; status: string; gateway_payment_id: string | null }>(
      `select id, status, gateway_payment_id from public.payments where invoice_id = $1`, [inv.invoice_id]);
    return r.length === 1 && r[0].status === 'failed' ? r : null;
  });
  assert.deepEqual([rows[0].id, rows[0].gateway_payment_id], [begun.payment_id, lost.gateway_payment_id], 'the one payment, not cancelled');
});
