// The simulated payment gateways (devstack/src/gateway/simulator) on their own HTTP server: the API
// answers HQ's clients rely on, the checkout pages, and the webhooks they post back — signed or
// encrypted exactly as the real gateways do, checked here with node:crypto.
import { createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewaySimulator, parseForm } from '../src/gateway/simulator/index.ts';

// Two test accounts per gateway: the platform's (the functions' own keys; Stripe's with a rolled
// second key, the same account) and one more merchant account (SIMULATOR_<GATEWAY>_ACCOUNTS).
const ACCOUNTS = {
  stripe: ['sk_test_x', 'sk_test_second_account'],
  paytabs: [{ key: 'SIM-TEST-PAYTABS-KEY', profile: 1 }, { key: 'SIM-SECOND-PAYTABS-KEY', profile: 2 }],
  hyperpay: [{ token: 'hp-token', entity: 'hp-entity' }, { token: 'hp-token-2', entity: 'hp-entity-2' }],
};
const STRIPE_ROLLED = 'sk_test_x_rolled';
const SECRETS = {
  STRIPE_WEBHOOK_SECRET: 'whsec_simulatorTest0001',
  STRIPE_SECRET_KEY: `${ACCOUNTS.stripe[0]},${STRIPE_ROLLED}`,
  PAYTABS_SERVER_KEY: ACCOUNTS.paytabs[0].key,
  PAYTABS_PROFILE_ID: String(ACCOUNTS.paytabs[0].profile),
  HYPERPAY_WEBHOOK_SECRET: randomBytes(32).toString('hex').toUpperCase(),
  HYPERPAY_ACCESS_TOKEN: ACCOUNTS.hyperpay[0].token,
  HYPERPAY_ENTITY_ID: ACCOUNTS.hyperpay[0].entity,
};
const FILE_SECRETS = {
  ...SECRETS,
  SIMULATOR_STRIPE_ACCOUNTS: ACCOUNTS.stripe[1],
  SIMULATOR_PAYTABS_ACCOUNTS: `${ACCOUNTS.paytabs[1].profile}:${ACCOUNTS.paytabs[1].key}`,
  SIMULATOR_HYPERPAY_ACCOUNTS: `${ACCOUNTS.hyperpay[1].entity}:${ACCOUNTS.hyperpay[1].token}`,
};

interface Received { path: string; headers: IncomingMessage['headers']; body: string }
let server: Server;
let base = '';
let sim: GatewaySimulator;
let received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-'));
  fs.writeFileSync(path.join(dir, '.env.local'), Object.entries(FILE_SECRETS).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  sim = new GatewaySimulator({ functionsDir: dir });
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname.startsWith('/simulator')) return sim.handle(req, res, url.pathname.slice('/simulator'.length), url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString() });
    if (failNext > 0) { failNext--; res.writeHead(500).end('{}'); return; }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.setBaseUrl(base);
});
afterAll(async () => { await sim.settle(); await new Promise((r) => server.close(r)); });
beforeEach(() => { received = []; failNext = 0; });

const stripe = (p: string, form: Record<string, string>, key = 'sk_test_x') =>
  fetch(`${base}/simulator/stripe/v1/${p}`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

function checkStripeSignature(r: Received) {
  const header = String(r.headers['stripe-signature']);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(m).not.toBeNull();
  expect(createHmac('sha256', SECRETS.STRIPE_WEBHOOK_SECRET).update(`${m![1]}.${r.body}`).digest('hex')).toBe(m![2]);
  expect(Math.abs(Date.now() / 1000 - Number(m![1]))).toBeLessThan(300);
}

describe('form bodies', () => {
  it('parses Stripe bracket nesting', () => {
    expect(parseForm('a=1&metadata[invoice_id]=x&line_items[0][price_data][unit_amount]=10')).toEqual({
      a: '1', metadata: { invoice_id: 'x' }, line_items: { 0: { price_data: { unit_amount: '10' } } },
    });
  });
});

describe('stripe', () => {
  it('refuses a missing or malformed API key like Stripe', async () => {
    const res = await stripe('payment_intents', { amount: '100', currency: 'usd' }, 'nope');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('api_key_invalid');
  });

  it('creates a Checkout Session with its PaymentIntent; the page pays it and posts a signed payment_intent.succeeded', async () => {
    const res = await stripe('checkout/sessions', {
      mode: 'payment', success_url: 'http://app/ok', cancel_url: 'http://app/cancel',
      'line_items[0][quantity]': '1', 'line_items[0][price_data][currency]': 'omr', 'line_items[0][price_data][unit_amount]': '12970',
      'line_items[0][price_data][product_data][name]': 'Invoice HQ-1', 'payment_intent_data[metadata][invoice_id]': 'inv-1',
    });
    expect(res.status).toBe(200);
    const session = await res.json();
    expect(session.payment_intent).toMatch(/^pi_sim_/);
    expect(session.url).toBe(`${base}/simulator/stripe/pay/${session.id}`);
    const page = await (await fetch(session.url)).text();
    expect(page).toContain('12.970 OMR');
    expect(page).toMatch(/>Pay</);
    expect(page).toMatch(/>Decline</);
    const html = await (await fetch(`${session.url}/pay`, { method: 'POST' })).text();
    expect(html).toContain('Payment succeeded');
    expect(html).toContain('http://app/ok');
    await sim.settle();
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/functions/v1/payments-stripe');
    checkStripeSignature(received[0]);
    const event = JSON.parse(received[0].body);
    expect(event.type).toBe('payment_intent.succeeded');
    expect(event.data.object).toMatchObject({ id: session.payment_intent, amount: 12970, amount_received: 12970, currency: 'omr', metadata: { invoice_id: 'inv-1' } });
    // paid: the page has no buttons any more and a second payment is refused
    expect((await fetch(`${session.url}/pay`, { method: 'POST', headers: { Accept: 'application/json' } })).status).toBe(409);
  });

  it('refuses 3-decimal amounts that do not end in 0, as Stripe does', async () => {
    const res = await stripe('payment_intents', { amount: '12345', currency: 'kwd' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_amount');
  });

  /** A Checkout Session paid with setup_future_usage: the card saved on a new Customer, from the webhook. */
  async function savedCard(): Promise<{ customer: string; payment_method: string; event: any }> {
    const s = await (await stripe('checkout/sessions', {
      mode: 'payment', success_url: 'http://app/ok', 'line_items[0][quantity]': '1', 'line_items[0][price_data][currency]': 'sar',
      'line_items[0][price_data][unit_amount]': '1000', 'payment_intent_data[setup_future_usage]': 'off_session',
    })).json();
    await fetch(`${s.url}/pay`, { method: 'POST', headers: { Accept: 'application/json' } });
    await sim.settle();
    const event = JSON.parse(received.at(-1)!.body);
    received = [];
    return { customer: event.data.object.customer, payment_method: event.data.object.payment_method, event };
  }

  it('a Checkout Session with setup_future_usage saves the card: customer, payment_method and the charge’s card details', async () => {
    const { customer, payment_method, event } = await savedCard();
    expect(customer).toMatch(/^cus_sim_/);
    expect(payment_method).toMatch(/^pm_sim_/);
    const charge = event.data.object.charges.data[0];
    expect(charge).toMatchObject({ status: 'succeeded', payment_method, customer });
    expect(charge.payment_method_details.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12 });
    expect(charge.payment_method_details.card.exp_year).toBeGreaterThan(new Date().getUTCFullYear());
    // without setup_future_usage no customer is made: nothing reusable
    const s = await (await stripe('checkout/sessions', { mode: 'payment', success_url: 'http://app/ok', 'line_items[0][price_data][currency]': 'sar', 'line_items[0][price_data][unit_amount]': '1000' })).json();
    await fetch(`${s.url}/pay`, { method: 'POST', headers: { Accept: 'application/json' } });
    await sim.settle();
    expect(JSON.parse(received[0].body).data.object.customer).toBeNull();
  });

  it('off-session charges need a saved payment method of the given customer', async () => {
    const { customer, payment_method } = await savedCard();
    const missing = await stripe('payment_intents', { amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true' });
    expect([missing.status, (await missing.json()).error.code]).toEqual([400, 'parameter_missing']);
    const unknown = await stripe('payment_intents', { amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true', customer, payment_method: 'pm_nope' });
    expect([unknown.status, (await unknown.json()).error.code]).toEqual([400, 'resource_missing']);
    const foreign = await stripe('payment_intents', { amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true', customer: 'cus_other', payment_method });
    expect([foreign.status, (await foreign.json()).error.code]).toEqual([400, 'payment_method_not_attached']);
    const ok = await (await stripe('payment_intents', { amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true', customer, payment_method })).json();
    expect(ok).toMatchObject({ status: 'succeeded', customer, payment_method });
    expect(ok.charges.data[0].payment_method_details.card.last4).toBe('4242');
    await sim.settle();
  });

  it('off-session charges follow the control endpoint per tenant; a decline is a 402 card_error and a payment_failed webhook', async () => {
    const { customer, payment_method } = await savedCard();
    await fetch(`${base}/simulator/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: 't-decline', outcome: 'decline' }) });
    const declined = await stripe('payment_intents', { amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true', customer, payment_method, 'metadata[tenant_id]': 't-decline' });
    expect(declined.status).toBe(402);
    const body = await declined.json();
    expect(body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    expect(body.error.payment_intent.id).toMatch(/^pi_sim_/);
    const ok = await stripe('payment_intents', { amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true', customer, payment_method, 'metadata[tenant_id]': 't-other' });
    expect((await ok.json()).status).toBe('succeeded');
    await sim.settle();
    expect(received.map((r) => JSON.parse(r.body).type).sort()).toEqual(['payment_intent.payment_failed', 'payment_intent.succeeded']);
    received.forEach(checkStripeSignature);
    // an Idempotency-Key replays the first answer
    const once = () => fetch(`${base}/simulator/stripe/v1/payment_intents`, { method: 'POST', headers: { Authorization: 'Bearer sk_test_x', 'Idempotency-Key': 'k1' }, body: 'amount=100&currency=usd' }).then((r) => r.json());
    expect((await once()).id).toBe((await once()).id);
    // as Stripe: the same key with other parameters is refused, and nothing is charged
    const other = await fetch(`${base}/simulator/stripe/v1/payment_intents`, { method: 'POST', headers: { Authorization: 'Bearer sk_test_x', 'Idempotency-Key': 'k1' }, body: 'amount=200&currency=usd' });
    expect(other.status).toBe(400);
    expect((await other.json()).error.type).toBe('idempotency_error');
    // a declined off-session charge repeated with its key: the same 402, one PaymentIntent, one webhook
    received = [];
    const declineOnce = () => fetch(`${base}/simulator/stripe/v1/payment_intents`, {
      method: 'POST', headers: { Authorization: 'Bearer sk_test_x', 'Idempotency-Key': 'k-decline' },
      body: new URLSearchParams({ amount: '5000', currency: 'sar', confirm: 'true', off_session: 'true', customer, payment_method, 'metadata[tenant_id]': 't-decline' }),
    });
    const [d1, d2] = [await declineOnce(), await declineOnce()];
    expect([d1.status, d2.status, d2.headers.get('idempotent-replayed')]).toEqual([402, 402, 'true']);
    expect((await d2.json()).error.payment_intent.id).toBe((await d1.json()).error.payment_intent.id);
    await sim.settle();
    expect(received.length).toBe(1);
    // GET /v1/payment_intents?customer= lists that customer's PaymentIntents, newest first
    const list = await fetch(`${base}/simulator/stripe/v1/payment_intents?customer=${customer}&limit=100`, { headers: { Authorization: 'Bearer sk_test_x' } }).then((r) => r.json());
    expect(list.object).toBe('list');
    // the page's, the declined, the succeeded and the keyed declined charge (once)
    expect(list.data.map((pi: { customer: string; status: string }) => pi.status)).toEqual(['requires_payment_method', 'succeeded', 'requires_payment_method', 'succeeded']);
    expect(list.data.every((pi: { customer: string }) => pi.customer === customer)).toBe(true);
  });

  it('refunds post charge.refunded and refund.created; webhooks are retried after a failure', async () => {
    const pi = await (await stripe('payment_intents', { amount: '2000', currency: 'usd', confirm: 'true' })).json();
    await sim.settle();
    received = [];
    failNext = 1;
    const refund = await (await stripe('refunds', { payment_intent: pi.id, amount: '500', 'metadata[cmx_refund_id]': 'r-1' })).json();
    expect(refund).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded', payment_intent: pi.id });
    await sim.settle();
    const types = received.map((r) => JSON.parse(r.body).type);
    expect(types).toEqual(['charge.refunded', 'charge.refunded', 'refund.created']);
    const deliveries = await (await fetch(`${base}/simulator/_deliveries?gateway=stripe`)).json();
    expect(deliveries.deliveries.find((d: { event: string }) => d.event.startsWith('charge.refunded')).attempts).toBe(2);
    expect((await stripe('refunds', { payment_intent: pi.id, amount: '1600' })).status).toBe(400);
  });
});

describe('paytabs', () => {
  const request = (body: unknown, key = SECRETS.PAYTABS_SERVER_KEY) =>
    fetch(`${base}/simulator/paytabs/payment/request`, { method: 'POST', headers: { authorization: key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const sale = { profile_id: 1, tran_type: 'sale', tran_class: 'ecom', cart_id: 'pay-1', cart_currency: 'OMR', cart_amount: 12.962, cart_description: 'Invoice', callback: '', return: 'http://app/back', user_defined: { udf1: 'inv-1' } };

  it('refuses a wrong server key', async () => {
    expect((await request(sale, 'wrong')).status).toBe(401);
  });

  it('hosts the payment page and posts an IPN signed with the server key to the callback', async () => {
    const r = await (await request({ ...sale, callback: `${base}/functions/v1/payments-paytabs?account=x` })).json();
    expect(r.redirect_url).toBe(`${base}/simulator/paytabs/pay/${r.tran_ref}`);
    const result = await (await fetch(`${r.redirect_url}/decline`, { method: 'POST', headers: { Accept: 'application/json' } })).json();
    expect(result.status).toBe('D');
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/functions/v1/payments-paytabs');
    expect(received[0].headers.signature).toBe(createHmac('sha256', SECRETS.PAYTABS_SERVER_KEY).update(received[0].body).digest('hex'));
    const ipn = JSON.parse(received[0].body);
    expect(ipn).toMatchObject({ tran_ref: r.tran_ref, cart_id: 'pay-1', cart_amount: '12.962', tran_type: 'Sale', payment_result: { response_status: 'D' }, user_defined: { udf1: 'inv-1' } });
    // a refund needs an authorised sale
    expect((await request({ ...sale, tran_type: 'refund', tran_ref: r.tran_ref })).status).toBe(400);
  });

  it('a tokenised sale returns the token and card; recurring sales charge a known token only', async () => {
    const callback = `${base}/functions/v1/payments-paytabs`;
    const r = await (await request({ ...sale, callback, tokenise: 2 })).json();
    await fetch(`${r.redirect_url}/pay`, { method: 'POST', headers: { Accept: 'application/json' } });
    const ipn = JSON.parse(received[0].body);
    expect(ipn.token).toMatch(/^[0-9A-F]{32}$/);
    expect(ipn.payment_info).toMatchObject({ card_scheme: 'Visa', payment_description: '4111 11## #### 1111', expiryMonth: 12 });
    const recurring = { ...sale, tran_class: 'recurring', cart_id: 'pay-2', callback, token: ipn.token, tran_ref: ipn.tran_ref };
    expect((await request({ ...recurring, token: 'NOPE' })).status).toBe(400);
    expect((await request({ ...recurring, tran_ref: undefined })).status).toBe(400);
    const charged = await (await request(recurring)).json();
    expect(charged).toMatchObject({ tran_type: 'Sale', tran_class: 'recurring', cart_id: 'pay-2', payment_result: { response_status: 'A' } });
    await sim.settle();
    // an untokenised sale carries no token
    received = [];
    const plain = await (await request({ ...sale, callback })).json();
    await fetch(`${plain.redirect_url}/pay`, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(JSON.parse(received[0].body).token).toBeUndefined();
  });
});

describe('hyperpay', () => {
  const post = (p: string, form: Record<string, string>, token = SECRETS.HYPERPAY_ACCESS_TOKEN) =>
    fetch(`${base}/simulator/hyperpay/v1/${p}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ entityId: SECRETS.HYPERPAY_ENTITY_ID, ...form }) });

  it('creates a checkout, pays it on the page and posts an AES-256-GCM encrypted notification', async () => {
    expect((await post('checkouts', { amount: '10.00', currency: 'SAR', paymentType: 'DB' }, 'bad')).status).toBe(401);
    expect((await post('checkouts', { amount: '10.0', currency: 'SAR', paymentType: 'DB' })).status).toBe(400);
    const c = await (await post('checkouts', { amount: '46.00', currency: 'SAR', paymentType: 'DB', merchantTransactionId: 'pay-9', 'customParameters[invoice_id]': 'inv-9' })).json();
    expect(c.result.code).toBe('000.200.100');
    const page = await (await fetch(`${base}/simulator/hyperpay/pay/${c.id}`)).text();
    expect(page).toContain('46.00 SAR');
    await fetch(`${base}/simulator/hyperpay/pay/${c.id}/pay`, { method: 'POST' });
    expect(received).toHaveLength(1);
    const r = received[0];
    const iv = String(r.headers['x-initialization-vector']);
    const tag = String(r.headers['x-authentication-tag']);
    expect(iv).toMatch(/^[0-9A-F]{24}$/);
    expect(tag).toMatch(/^[0-9A-F]{32}$/);
    const d = createDecipheriv('aes-256-gcm', Buffer.from(SECRETS.HYPERPAY_WEBHOOK_SECRET, 'hex'), Buffer.from(iv, 'hex'));
    d.setAuthTag(Buffer.from(tag, 'hex'));
    const n = JSON.parse(Buffer.concat([d.update(Buffer.from(r.body, 'hex')), d.final()]).toString());
    expect(n).toMatchObject({ type: 'PAYMENT', payload: { paymentType: 'DB', amount: '46.00', currency: 'SAR', merchantTransactionId: 'pay-9', customParameters: { invoice_id: 'inv-9' } } });
    expect(n.payload.result.code).toMatch(/^000\.100\.1/);
    // a refund of it
    const rf = await (await post(`payments/${n.payload.id}`, { amount: '6.00', currency: 'SAR', paymentType: 'RF' })).json();
    expect(rf.referencedId).toBe(n.payload.id);
    expect(rf.result.code).toMatch(/^000\.100\.1/);
    // no createRegistration: nothing saved
    expect(n.payload.registrationId).toBeUndefined();
  });

  it('createRegistration returns registrationId and card; registration payments need a known registration', async () => {
    await sim.settle();  // the previous test's refund notification
    received = [];
    const c = await (await post('checkouts', { amount: '46.00', currency: 'SAR', paymentType: 'DB', merchantTransactionId: 'pay-10', createRegistration: 'true' })).json();
    await fetch(`${base}/simulator/hyperpay/pay/${c.id}/pay`, { method: 'POST' });
    const r = received[0];
    const d = createDecipheriv('aes-256-gcm', Buffer.from(SECRETS.HYPERPAY_WEBHOOK_SECRET, 'hex'), Buffer.from(String(r.headers['x-initialization-vector']), 'hex'));
    d.setAuthTag(Buffer.from(String(r.headers['x-authentication-tag']), 'hex'));
    const n = JSON.parse(Buffer.concat([d.update(Buffer.from(r.body, 'hex')), d.final()]).toString());
    expect(n.payload.registrationId).toMatch(/^[0-9a-f]{32}$/);
    expect(n.payload.card).toMatchObject({ bin: '411111', last4Digits: '1111', expiryMonth: '12' });
    expect((await (await post('registrations/nope/payments', { amount: '5.00', currency: 'SAR', paymentType: 'DB' })).json()).result.code).toBe('100.150.200');
    const p = await (await post(`registrations/${n.payload.registrationId}/payments`, { amount: '5.00', currency: 'SAR', paymentType: 'DB', merchantTransactionId: 'pay-11' })).json();
    expect(p.result.code).toMatch(/^000\.100\.1/);
    expect(p).toMatchObject({ registrationId: n.payload.registrationId, merchantTransactionId: 'pay-11', card: { last4Digits: '1111' } });
    await sim.settle();
  });
});

describe('refused refunds (_control {refund: refuse})', () => {
  const control = (gw: string, body: unknown) => fetch(`${base}/simulator/${gw}/_control`, { method: 'POST', body: JSON.stringify(body) });

  it('validates the control: outcome and/or refund', async () => {
    expect((await control('stripe', { tenant_id: 't', refund: 'maybe' })).status).toBe(400);
    expect((await control('stripe', { tenant_id: 't' })).status).toBe(400);
    expect(await (await control('stripe', { tenant_id: 't', refund: 'succeed' })).json()).toEqual({ gateway: 'stripe', key: 't', refund: 'succeed' });
    expect(await (await control('stripe', { tenant_id: 't', outcome: 'succeed' })).json()).toEqual({ gateway: 'stripe', key: 't', outcome: 'succeed' });
  });

  it('stripe: a 400 invalid_request_error charge_disputed, no refund and no webhook; other tenants refund', async () => {
    await control('stripe', { tenant_id: 't-refuse', refund: 'refuse' });
    const pi = await (await stripe('payment_intents', { amount: '2000', currency: 'usd', confirm: 'true', 'metadata[tenant_id]': 't-refuse' })).json();
    const other = await (await stripe('payment_intents', { amount: '2000', currency: 'usd', confirm: 'true', 'metadata[tenant_id]': 't-ok' })).json();
    await sim.settle();
    received = [];
    const refused = await stripe('refunds', { payment_intent: pi.id, amount: '500' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'charge_disputed' });
    const ok = await stripe('refunds', { payment_intent: other.id, amount: '500' });
    expect((await ok.json()).status).toBe('succeeded');
    await sim.settle();
    expect(received.map((r) => JSON.parse(r.body).data.object.payment_intent ?? JSON.parse(r.body).data.object.id).every((id: string) => id === other.id)).toBe(true);
    await control('stripe', { tenant_id: 't-refuse', refund: 'succeed' });
    expect((await stripe('refunds', { payment_intent: pi.id, amount: '500' })).status).toBe(200);
    await sim.settle();
  });

  it('paytabs: a refund answered with a final response_status D, and no IPN', async () => {
    const request = (body: unknown) => fetch(`${base}/simulator/paytabs/payment/request`, { method: 'POST', headers: { authorization: SECRETS.PAYTABS_SERVER_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const callback = `${base}/functions/v1/payments-paytabs`;
    const sale = { profile_id: 1, tran_type: 'sale', tran_class: 'ecom', cart_id: 'pay-r', cart_currency: 'OMR', cart_amount: 5.25, cart_description: 'Invoice', callback, user_defined: { udf1: 'inv-r', udf4: 't-refuse' } };
    const r = await (await request(sale)).json();
    await fetch(`${r.redirect_url}/pay`, { method: 'POST', headers: { Accept: 'application/json' } });
    await control('paytabs', { tenant_id: 't-refuse', refund: 'refuse' });
    received = [];
    const refund = await request({ ...sale, tran_type: 'refund', cart_id: 'refund-r', cart_amount: 1.05, tran_ref: r.tran_ref, user_defined: { udf2: 'refund-r' } });
    expect(refund.status).toBe(200);
    const body = await refund.json();
    expect(body).toMatchObject({ tran_type: 'Refund', previous_tran_ref: r.tran_ref, payment_result: { response_status: 'D' } });
    expect(body.payment_result.response_message).toMatch(/declined/i);
    await sim.settle();
    expect(received).toHaveLength(0);
  });

  it('hyperpay: a 400 with result 700.400.200, no refund payment and no notification', async () => {
    const post = (p: string, form: Record<string, string>) =>
      fetch(`${base}/simulator/hyperpay/v1/${p}`, { method: 'POST', headers: { Authorization: `Bearer ${SECRETS.HYPERPAY_ACCESS_TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ entityId: SECRETS.HYPERPAY_ENTITY_ID, ...form }) });
    await control('hyperpay', { tenant_id: 't-refuse', refund: 'refuse' });
    const c = await (await post('checkouts', { amount: '40.00', currency: 'SAR', paymentType: 'DB', 'customParameters[tenant_id]': 't-refuse' })).json();
    await fetch(`${base}/simulator/hyperpay/pay/${c.id}/pay`, { method: 'POST' });
    const payment = await (await fetch(`${base}/simulator/hyperpay/v1/checkouts/${c.id}/payment`, { headers: { Authorization: `Bearer ${SECRETS.HYPERPAY_ACCESS_TOKEN}` } })).json();
    await sim.settle();
    received = [];
    const refund = await post(`payments/${payment.id}`, { amount: '10.00', currency: 'SAR', paymentType: 'RF' });
    expect(refund.status).toBe(400);
    const body = await refund.json();
    expect(body.result.code).toBe('700.400.200');
    expect(body.id).toBeUndefined();
    await sim.settle();
    expect(received).toHaveLength(0);
  });
});

describe('test keys and accounts (issue 14 §6)', () => {
  const stripeAs = (key: string | null, p: string, init: RequestInit = {}) => fetch(`${base}/simulator/stripe/v1/${p}`, {
    ...init, headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), 'Content-Type': 'application/x-www-form-urlencoded', ...(init.headers as Record<string, string> ?? {}) },
  });
  const [stripeA, stripeB] = ACCOUNTS.stripe;

  it('Stripe answers only its configured secret keys, as Stripe answers an unknown or missing key', async () => {
    const before = (await (await stripeAs(stripeA, 'payment_intents?limit=100')).json()).data.length;
    const unknown = await stripeAs('sk_test_anything_else_1234', 'payment_intents', { method: 'POST', body: 'amount=100&currency=usd&confirm=true' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { type: 'invalid_request_error', code: 'api_key_invalid', message: 'Invalid API Key provided: sk_test_**************1234' } });
    const missing = await stripeAs(null, 'payment_intents', { method: 'POST', body: 'amount=100&currency=usd' });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.message).toMatch(/^You did not provide an API key/);
    // nothing was created by the refused requests
    expect((await (await stripeAs(stripeA, 'payment_intents?limit=100')).json()).data.length).toBe(before);
    // Basic auth with the key as user name is Stripe's other form
    const basic = await fetch(`${base}/simulator/stripe/v1/payment_intents?limit=1`, { headers: { Authorization: `Basic ${Buffer.from(`${stripeA}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
  });

  it('Stripe shows each key only its own account: payment intents, sessions, lists, refunds, idempotency keys', async () => {
    const pi = await (await stripeAs(stripeA, 'payment_intents', { method: 'POST', body: 'amount=700&currency=usd&confirm=true&customer=cus_shared' })).json();
    const session = await (await stripeAs(stripeA, 'checkout/sessions', {
      method: 'POST', body: new URLSearchParams({ success_url: 'http://x/ok', 'line_items[0][price_data][currency]': 'usd', 'line_items[0][price_data][unit_amount]': '100', 'line_items[0][quantity]': '1' }).toString(),
    })).json();
    await sim.settle();
    expect((await stripeAs(stripeA, `payment_intents/${pi.id}`)).status).toBe(200);
    // a rolled key of the same account sees the same payments
    expect((await stripeAs(STRIPE_ROLLED, `payment_intents/${pi.id}`)).status).toBe(200);
    const hidden = await stripeAs(stripeB, `payment_intents/${pi.id}`);
    expect(hidden.status).toBe(404);
    expect((await hidden.json()).error).toMatchObject({ code: 'resource_missing', message: `No such payment_intent: '${pi.id}'` });
    expect((await stripeAs(stripeB, `checkout/sessions/${session.id}`)).status).toBe(404);
    const listB = await (await stripeAs(stripeB, 'payment_intents?customer=cus_shared&limit=100')).json();
    expect(listB.data).toEqual([]);
    const listA = await (await stripeAs(stripeA, 'payment_intents?customer=cus_shared&limit=100')).json();
    expect(listA.data.map((x: { id: string }) => x.id)).toContain(pi.id);
    expect((await stripeAs(stripeB, 'refunds', { method: 'POST', body: `payment_intent=${pi.id}` })).status).toBe(404);
    // the same Idempotency-Key under two accounts is two requests
    const keyed = (key: string) => stripeAs(key, 'payment_intents', { method: 'POST', headers: { 'Idempotency-Key': 'shared-key' }, body: 'amount=100&currency=usd' }).then((r) => r.json());
    const [a, b] = [await keyed(stripeA), await keyed(stripeB)];
    expect(a.id).not.toBe(b.id);
    expect((await stripeAs(stripeB, `payment_intents/${b.id}`)).status).toBe(200);
  });

  it('PayTabs answers only a configured server key with its own profile, and queries only its own transactions', async () => {
    const [one, two] = ACCOUNTS.paytabs;
    const call = (key: string, p: string, body: unknown) => fetch(`${base}/simulator/paytabs/${p}`, { method: 'POST', headers: { authorization: key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const sale = { tran_type: 'sale', tran_class: 'ecom', cart_id: 'acct-1', cart_currency: 'OMR', cart_amount: 1.5, cart_description: 'Invoice', callback: '' };
    const wrongProfile = await call(one.key, 'payment/request', { ...sale, profile_id: two.profile });
    expect(wrongProfile.status).toBe(401);
    expect(await wrongProfile.json()).toMatchObject({ code: 1, message: 'Authentication failed. Check authentication header.' });
    const t = await (await call(one.key, 'payment/request', { ...sale, profile_id: one.profile })).json();
    expect(t.tran_ref).toMatch(/^TST/);
    expect((await call(one.key, 'payment/query', { profile_id: one.profile, tran_ref: t.tran_ref })).status).toBe(200);
    const other = await call(two.key, 'payment/query', { profile_id: two.profile, tran_ref: t.tran_ref });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ code: 4, message: 'Transaction not found' });
    // the second account's own payments work, and their IPN is signed with its own server key
    const t2 = await (await call(two.key, 'payment/request', { ...sale, profile_id: two.profile, callback: `${base}/functions/v1/payments-paytabs` })).json();
    received = [];
    await fetch(`${base}/simulator/paytabs/pay/${t2.tran_ref}/pay`, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(received[0].headers.signature).toBe(createHmac('sha256', two.key).update(received[0].body).digest('hex'));
  });

  it('HyperPay answers only a configured token with its own entity, and shows only its own checkouts and payments', async () => {
    const [one, two] = ACCOUNTS.hyperpay;
    const post = (acct: { token: string; entity: string }, p: string, form: Record<string, string>) => fetch(`${base}/simulator/hyperpay/v1/${p}`, {
      method: 'POST', headers: { Authorization: `Bearer ${acct.token}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ entityId: acct.entity, ...form }),
    });
    const crossed = await post({ token: one.token, entity: two.entity }, 'checkouts', { amount: '5.00', currency: 'SAR', paymentType: 'DB' });
    expect(crossed.status).toBe(400);
    expect((await crossed.json()).result.code).toBe('800.900.300');
    const c = await (await post(one, 'checkouts', { amount: '5.00', currency: 'SAR', paymentType: 'DB' })).json();
    await fetch(`${base}/simulator/hyperpay/pay/${c.id}/pay`, { method: 'POST' });
    const get = (acct: { token: string }) => fetch(`${base}/simulator/hyperpay/v1/checkouts/${c.id}/payment`, { headers: { Authorization: `Bearer ${acct.token}` } });
    const mine = await (await get(one)).json();
    expect(mine.result.code).toMatch(/^000\.100\.1/);
    expect((await get(two)).status).toBe(404);
    const refund = await post(two, `payments/${mine.id}`, { amount: '5.00', currency: 'SAR', paymentType: 'RF' });
    expect(refund.status).toBe(400);
    expect((await post(one, `payments/${mine.id}`, { amount: '5.00', currency: 'SAR', paymentType: 'RF' })).status).toBe(200);
  });
});
