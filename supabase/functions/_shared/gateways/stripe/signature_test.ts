// Stripe-Signature verification, pure (headers from the official stripe package).
import assert from 'node:assert/strict';
import { stripeHeader } from '../../testing.ts';
import { stripeSignatureHeader, verifyStripeSignature } from './signature.ts';

const secret = 'whsec_unitTestSecret0123456789';
const body = JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', created: 1, data: { object: {} } });
const bytes = new TextEncoder().encode(body);
const now = Math.floor(Date.now() / 1000);

Deno.test('stripe: a header from stripe.webhooks.generateTestHeaderString is accepted', async () => {
  const header = await stripeHeader(body, secret, now);
  assert.deepEqual(verifyStripeSignature(bytes, header, [secret]), { ok: true });
  // and our own signer agrees with Stripe's
  assert.equal(stripeSignatureHeader(body, secret, now), header);
  assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
});

Deno.test('stripe: tampered body, wrong secret, stale and future timestamps are rejected', async () => {
  const header = await stripeHeader(body, secret, now);
  const tampered = new TextEncoder().encode(body.replace('evt_1', 'evt_2'));
  assert.deepEqual(verifyStripeSignature(tampered, header, [secret]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyStripeSignature(bytes, header, ['whsec_other']), { ok: false, reason: 'mismatch' });
  // the clock is pinned: `now` was read when the module loaded, and the tolerance is counted from it
  const at = { now };
  const stale = await stripeHeader(body, secret, now - 301);
  assert.deepEqual(verifyStripeSignature(bytes, stale, [secret], at), { ok: false, reason: 'stale' });
  const future = await stripeHeader(body, secret, now + 301);
  assert.deepEqual(verifyStripeSignature(bytes, future, [secret], at), { ok: false, reason: 'stale' });
  const edge = await stripeHeader(body, secret, now - 300);
  assert.deepEqual(verifyStripeSignature(bytes, edge, [secret], at), { ok: true });
});

Deno.test('stripe: missing and malformed headers; other schemes are ignored', () => {
  assert.deepEqual(verifyStripeSignature(bytes, null, [secret]), { ok: false, reason: 'missing' });
  assert.deepEqual(verifyStripeSignature(bytes, '', [secret]), { ok: false, reason: 'missing' });
  assert.deepEqual(verifyStripeSignature(bytes, 'garbage', [secret]), { ok: false, reason: 'malformed' });
  const v1 = stripeSignatureHeader(body, secret, now).split(',')[1].slice(3);
  // a v0 with the right HMAC is not a v1
  assert.deepEqual(verifyStripeSignature(bytes, `t=${now},v0=${v1}`, [secret]), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifyStripeSignature(bytes, `t=${now},v0=${v1},v1=${'0'.repeat(64)}`, [secret]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyStripeSignature(bytes, `t=abc,v1=${v1}`, [secret]), { ok: false, reason: 'malformed' });
});

Deno.test('stripe: several v1 during a secret roll — any match passes; we may hold old and new secrets', () => {
  const good = stripeSignatureHeader(body, secret, now).split(',')[1];
  const old = stripeSignatureHeader(body, 'whsec_old', now).split(',')[1];
  assert.deepEqual(verifyStripeSignature(bytes, `t=${now},${old},${good}`, [secret]), { ok: true });
  assert.deepEqual(verifyStripeSignature(bytes, `t=${now},${good},${old}`, [secret]), { ok: true });
  assert.deepEqual(verifyStripeSignature(bytes, `t=${now},${old}`, ['whsec_new', 'whsec_old']), { ok: true });
  assert.deepEqual(verifyStripeSignature(bytes, `t=${now},${old}`, ['whsec_new']), { ok: false, reason: 'mismatch' });
});
