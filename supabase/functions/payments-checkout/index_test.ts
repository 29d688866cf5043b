// payments-checkout end to end: begin_checkout as the signed-in tenant owner → the simulated
// gateway (real HTTP client code) → its checkout page → its signed webhook → the apply job →
// the invoice paid, the card saved (public.payment_methods), and a dunning retry charging that
// saved card off-session through the real job path. Then the service-key actions (charge the saved
// method, refund), a failed gateway call (the pending payment cancelled) and the jobs that post
// them through pg_net.
import assert from 'node:assert/strict';
import {
  ANON_KEY, checkout, drainBilling, invoiceState, itest, openInvoice, ownerToken, q, SECRETS, SERVICE_KEY, SIMULATOR, SUPABASE_URL, waitFor,
} from '../_shared/testing.ts';

const GATEWAYS = ['stripe', 'paytabs', 'hyperpay'] as const;

interface SavedMethod { id: string; gateway: string; customer_ref: string | null; method_ref: string; brand: string | null; last4: string | null; exp_month: number | null; exp_year: number | null; is_default: boolean }
const methodsOf = (tenantId: string) => q<SavedMethod>(
  `select id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default from public.payment_methods where tenant_id = $1 order by created_at`, [tenantId]);

/** A tenant whose invoice was paid through a real checkout page: its card is saved. */
async function tenantWithSavedCard(gateway: typeof GATEWAYS[number] = 'stripe') {
  const inv = await openInvoice(gateway === 'hyperpay' ? '40.00' : '12.345', gateway === 'hyperpay' ? 'SAR' : 'OMR');
  const r = await checkout({ invoice_id: inv.invoice_id, gateway }, await ownerToken(inv.tenant_id));
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const paid = await press(r.json.checkout_url, 'pay');
  assert.equal(paid.webhook.status, 200, JSON.stringify(paid.webhook));
  await drainBilling();
  const [method] = await methodsOf(inv.tenant_id);
  assert.ok(method, 'the card is saved');
  return { inv, method };
}

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

itest('jobs through pg_net: billing.retry_payment charges, a refund credit note refunds through the gateway', async () => {
  const { inv: first, method } = await tenantWithSavedCard('stripe');
  const inv = await openInvoice('12.345', 'OMR', first.tenant_id);
  await fetch(`${SIMULATOR}/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome: 'succeed' }) }).then((r) => r.body?.cancel());
  const key = `test-retry:${inv.invoice_id}`;
  await q(`select private.enqueue('billing', 'billing.retry_payment', jsonb_build_object('action', 'charge', 'invoice_id', $1::text,
             'gateway', 'stripe', 'customer_ref', $3::text, 'method_ref', $4::text), $2)`, [inv.invoice_id, key, method.customer_ref, method.method_ref]);
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

// ── a retried charge job charges once ───────────────────────────────────────────────────────
// Every attempt of one billing.retry_payment job is one payment and one gateway idempotency key:
// the attempt after a failure that came after the gateway call must not charge the card again.

/** The simulator's PaymentIntents for an invoice (GET /v1/payment_intents?customer=, as Stripe lists them). */
async function stripeIntentsFor(customer: string, invoiceId: string): Promise<{ id: string; status: string }[]> {
  const res = await fetch(`${SIMULATOR}/stripe/v1/payment_intents?customer=${encodeURIComponent(customer)}&limit=100`, {
    headers: { Authorization: `Bearer ${SECRETS.STRIPE_SECRET_KEY.split(',')[0].trim()}` },
  });
  assert.equal(res.status, 200);
  // deno-lint-ignore no-explicit-any
  return (await res.json()).data.filter((pi: any) => pi.metadata?.invoice_id === invoiceId);
}

/** A job id no dispatcher knows: complete_job fails after the charge, as when the acknowledgement is lost. */
const lostJobId = () => 8_000_000_000_000 + Math.floor(Math.random() * 1e9);

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
  const { StripeClient } = await import('../_shared/clients.ts');
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

// ── a refund the gateway refuses at once ────────────────────────────────────────────────────
// Stripe answers 400 (charge_disputed), PayTabs a final 'D', HyperPay 400 with 700.400.200; no
// webhook follows any of them. The refund job marks the refund failed (public.fail_refund), the
// credit note's total goes to the customer balance, and the job is completed, not retried.

const REFUSAL_CODE: Record<typeof GATEWAYS[number], string> = { stripe: 'charge_disputed', paytabs: 'paytabs_D', hyperpay: '700.400.200' };

for (const gateway of GATEWAYS) {
  itest(`refund job (${gateway}): the gateway refuses the refund → refund failed with its code, job completed once, the credit note's total on the balance`, async () => {
    const { inv } = await tenantWithSavedCard(gateway);
    assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
    const control = await fetch(`${SIMULATOR}/${gateway}/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, refund: 'refuse' }) }).then((r) => r.json());
    assert.equal(control.refund, 'refuse');
    const balance = async () => Number((await q<{ b: string }>(`select coalesce((select balance from public.billing_profiles where tenant_id = $1), 0)::text as b`, [inv.tenant_id]))[0].b);
    const before = await balance(); // the Stripe OMR charge's rounding excess may be on it already

    // the credit note enqueues billing.refund_payment; the dispatcher posts it to payments-checkout (pg_net)
    const [{ cn }] = await q<{ cn: { id: string; refund_id: string; total: number } }>(
      `select public.issue_credit_note($1, $2::numeric, 'refund', 'goodwill refund') as cn`, [inv.invoice_id, gateway === 'hyperpay' ? '10.00' : '1.000']);
    const [{ job_id }] = await q<{ job_id: string }>(
      `select job_id::text from private.job_keys where queue_name = 'billing' and idempotency_key = $1`, [`refund:${cn.refund_id}`]);
    const runs = () => q<{ attempt: number; outcome: string; error_message: string | null }>(
      `select attempt, outcome, error_message from private.job_runs where job_id = $1 order by id`, [job_id]);
    await waitFor('the refund job to be acknowledged', async () => {
      const r = await runs();
      return r.length > 0 && r.every((x) => x.outcome !== 'running');
    });
    assert.deepEqual((await runs()).map((r) => [r.attempt, r.outcome, r.error_message]), [[1, 'succeeded', null]], 'one attempt, completed — a refusal is not retried');
    const [key] = await q<{ state: string }>(`select state from private.job_keys where queue_name = 'billing' and idempotency_key = $1`, [`refund:${cn.refund_id}`]);
    assert.equal(key.state, 'succeeded');

    const [refund] = await q<{ status: string; failure_code: string; failure_message: string; failed_at: Date | null; gateway_refund_id: string }>(
      `select status, failure_code, failure_message, failed_at, gateway_refund_id from public.refunds where id = $1`, [cn.refund_id]);
    assert.deepEqual([refund.status, refund.failure_code], ['failed', REFUSAL_CODE[gateway]], JSON.stringify(refund));
    assert.ok(refund.failed_at);
    assert.ok(refund.failure_message.length >= 3, refund.failure_message);
    const [{ n: audited }] = await q<{ n: number }>(`select count(*)::int as n from audit.log where action = 'refund.failed' and entity_id = $1`, [cn.refund_id]);
    assert.equal(audited, 1, 'audited once as refund.failed');

    // the credit note's total is on the customer balance (it used up the invoice's creditable amount)
    const after = await balance();
    assert.equal(Math.round((after - before) * 1000), Math.round(Number(cn.total) * 1000), `balance ${before} → ${after}, credit note total ${cn.total}`);
    const [{ credited }] = await q<{ credited: string }>(`select coalesce(sum(amount), 0)::text as credited from public.customer_balance_transactions where credit_note_id = $1`, [cn.id]);
    assert.equal(Number(credited), Number(cn.total));

    // the same refund asked again (a replayed job): refused again, answered 200 as failed, nothing credited twice
    const [row] = await q<{ gateway_payment_id: string; amount: string; currency: string }>(
      `select gateway_payment_id, amount::text, currency from public.refunds where id = $1`, [cn.refund_id]);
    const again = await checkout({ action: 'refund', refund_id: cn.refund_id, gateway, gateway_payment_id: row.gateway_payment_id, amount: row.amount, currency: row.currency }, SERVICE_KEY);
    assert.equal(again.status, 200, JSON.stringify(again.json));
    assert.deepEqual([again.json.status, again.json.failure_code, again.json.refund_status, again.json.credited_to_balance], ['failed', REFUSAL_CODE[gateway], 'failed', 0]);
    assert.equal(typeof again.json.failure_message, 'string');
    assert.equal(await balance(), after);
    // no refund webhook followed the refusal
    await drainBilling();
    const [{ status }] = await q<{ status: string }>(`select status from public.refunds where id = $1`, [cn.refund_id]);
    assert.equal(status, 'failed');
  });
}
