// The webhook request path, pure (no database: a stub inbox): body size limit, method handling.
import assert from 'node:assert/strict';
import { hyperpaySpec } from './gateways/hyperpay/spec.ts';
import { stripeSpec } from './gateways/stripe/spec.ts';
import { stripeSignatureHeader } from './gateways/stripe/signature.ts';
import { hyperpayEncrypt } from './testing.ts';
import { WEBHOOK_MAX_BODY_BYTES, type Ingest, webhookHandler } from './webhook.ts';

const SECRET = 'whsec_webhookHandlerUnitTest';
const URL_ = 'http://fn.test/payments-stripe';

/** Runs `body` with the platform Stripe secret set to ours (restored afterwards). */
async function withSecret<T>(body: () => Promise<T>): Promise<T> {
  const before = Deno.env.get('STRIPE_WEBHOOK_SECRET');
  Deno.env.set('STRIPE_WEBHOOK_SECRET', SECRET);
  try {
    return await body();
  } finally {
    if (before === undefined) Deno.env.delete('STRIPE_WEBHOOK_SECRET');
    else Deno.env.set('STRIPE_WEBHOOK_SECRET', before);
  }
}

function stubInbox() {
  const stored: unknown[] = [];
  const ingest: Ingest = (event) => {
    stored.push(event);
    return Promise.resolve({ status: 'stored', id: stored.length });
  };
  return { stored, ingest };
}

/** A validly signed Stripe event, padded (inside a metadata value) to at least `size` bytes. */
function signedEvent(size = 0) {
  const event = {
    id: `evt_unit_${crypto.randomUUID().slice(0, 8)}`, object: 'event', type: 'customer.updated', created: 1_795_000_000,
    data: { object: { id: 'cus_1', object: 'customer', metadata: { pad: 'x'.repeat(size) } } },
  };
  const body = JSON.stringify(event);
  return { body, header: stripeSignatureHeader(body, SECRET) };
}

Deno.test('webhook: a small signed event passes the handler (the baseline of the size test)', () =>
  withSecret(async () => {
    const { stored, ingest } = stubInbox();
    const { body, header } = signedEvent(1000);
    const res = await webhookHandler(stripeSpec, ingest)(new Request(URL_, { method: 'POST', body, headers: { 'Stripe-Signature': header } }));
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(stored.length, 1);
  }));

Deno.test('webhook: a body over the limit is 413 payload_too_large, neither verified nor stored (with and without Content-Length)', () =>
  withSecret(async () => {
    const { stored, ingest } = stubInbox();
    const handler = webhookHandler(stripeSpec, ingest);
    // correctly signed, so only its size can refuse it
    const { body, header } = signedEvent(WEBHOOK_MAX_BODY_BYTES + 1);
    const declared = await handler(new Request(URL_, { method: 'POST', body, headers: { 'Stripe-Signature': header } }));
    assert.equal(declared.status, 413);
    assert.equal((await declared.json()).code, 'payload_too_large');
    // streamed without a Content-Length: the reader stops at the limit
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const streamed = await handler(new Request(URL_, { method: 'POST', body: stream, headers: { 'Stripe-Signature': header } }));
    assert.equal(streamed.status, 413);
    assert.equal((await streamed.json()).code, 'payload_too_large');
    // a lying Content-Length does not help either
    const lying = await handler(new Request(URL_, { method: 'POST', body, headers: { 'Stripe-Signature': header, 'Content-Length': '10' } }));
    assert.equal(lying.status, 413);
    await lying.body?.cancel();
    assert.equal(stored.length, 0);
  }));

Deno.test('webhook: methods other than POST are 405 with Allow: POST, OPTIONS; OPTIONS is 204', () =>
  withSecret(async () => {
    const { stored, ingest } = stubInbox();
    const handler = webhookHandler(stripeSpec, ingest);
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
      const res = await handler(new Request(URL_, { method }));
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'POST, OPTIONS', method);
      if (method !== 'HEAD') assert.equal((await res.json()).code, 'method_not_allowed');
      else await res.body?.cancel();
    }
    const options = await handler(new Request(URL_, { method: 'OPTIONS' }));
    assert.equal(options.status, 204);
    assert.equal(stored.length, 0);
  }));

Deno.test('webhook (hyperpay): a configured secret that is not a 64-hex key is 500 not_configured, not a forged notification (401)', async () => {
  const before = Deno.env.get('HYPERPAY_WEBHOOK_SECRET');
  Deno.env.set('HYPERPAY_WEBHOOK_SECRET', 'not-a-hex-key');
  try {
    const { stored, ingest } = stubInbox();
    const e = hyperpayEncrypt(JSON.stringify({ type: 'PAYMENT', payload: { id: 'X1' } }), 'ab'.repeat(32));
    const res = await webhookHandler(hyperpaySpec, ingest)(new Request('http://fn.test/payments-hyperpay', {
      method: 'POST', body: e.body, headers: { 'X-Initialization-Vector': e.iv, 'X-Authentication-Tag': e.tag },
    }));
    assert.deepEqual([res.status, (await res.json()).code], [500, 'not_configured']);
    assert.equal(stored.length, 0);
  } finally {
    if (before === undefined) Deno.env.delete('HYPERPAY_WEBHOOK_SECRET');
    else Deno.env.set('HYPERPAY_WEBHOOK_SECRET', before);
  }
});
