// Webhook authentication, pure: Stripe (headers from the official stripe package), PayTabs, HyperPay.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { stripeHeader } from './testing.ts';
import { decryptHyperpay, stripeSignatureHeader, verifyPaytabsSignature, verifyStripeSignature } from './signatures.ts';

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

Deno.test('paytabs: Signature is the hex HMAC-SHA256 of the raw body with the server key', () => {
  const key = 'SDJN-unit-server-key';
  const raw = new TextEncoder().encode('{"tran_ref":"TST1","cart_amount":"1.000"}');
  const sig = createHmac('sha256', key).update(raw).digest('hex');
  assert.deepEqual(verifyPaytabsSignature(raw, sig, [key]), { ok: true });
  assert.deepEqual(verifyPaytabsSignature(raw, sig.toUpperCase(), [key]), { ok: true });
  assert.deepEqual(verifyPaytabsSignature(raw, sig, ['other-key']), { ok: false, reason: 'mismatch' });
  const tampered = new TextEncoder().encode('{"tran_ref":"TST1","cart_amount":"9.000"}');
  assert.deepEqual(verifyPaytabsSignature(tampered, sig, [key]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyPaytabsSignature(raw, undefined, [key]), { ok: false, reason: 'missing' });
  assert.deepEqual(verifyPaytabsSignature(raw, 'xyz', [key]), { ok: false, reason: 'malformed' });
});

function encrypt(plaintext: string, keyHex: string, iv = randomBytes(12)) {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { body: new TextEncoder().encode(ct.toString('hex').toUpperCase()), iv: iv.toString('hex').toUpperCase(), tag: cipher.getAuthTag().toString('hex').toUpperCase() };
}

Deno.test('hyperpay: AES-256-GCM body decrypts with the right key, IV and tag only', () => {
  const key = randomBytes(32).toString('hex').toUpperCase();
  const plain = JSON.stringify({ type: 'PAYMENT', payload: { id: 'X1' } });
  const e = encrypt(plain, key);
  assert.deepEqual(decryptHyperpay(e.body, e.iv, e.tag, [key]), { ok: true, plaintext: plain });
  const wrongTag = e.tag.slice(0, -2) + (e.tag.endsWith('00') ? '01' : '00');
  assert.deepEqual(decryptHyperpay(e.body, e.iv, wrongTag, [key]), { ok: false, reason: 'mismatch' });
  const wrongIv = randomBytes(12).toString('hex');
  assert.deepEqual(decryptHyperpay(e.body, wrongIv, e.tag, [key]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(decryptHyperpay(e.body, e.iv, e.tag, [randomBytes(32).toString('hex')]), { ok: false, reason: 'mismatch' });
  const flipped = new TextDecoder().decode(e.body);
  const tampered = new TextEncoder().encode((flipped[0] === 'A' ? 'B' : 'A') + flipped.slice(1));
  assert.deepEqual(decryptHyperpay(tampered, e.iv, e.tag, [key]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(decryptHyperpay(e.body, null, e.tag, [key]), { ok: false, reason: 'missing' });
  assert.deepEqual(decryptHyperpay(e.body, e.iv, undefined, [key]), { ok: false, reason: 'missing' });
  assert.deepEqual(decryptHyperpay(e.body, 'zz', e.tag, [key]), { ok: false, reason: 'malformed' });
  assert.deepEqual(decryptHyperpay(new TextEncoder().encode('not hex'), e.iv, e.tag, [key]), { ok: false, reason: 'malformed' });
});
