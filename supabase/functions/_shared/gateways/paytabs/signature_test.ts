// PayTabs Signature verification, pure.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyPaytabsSignature } from './signature.ts';

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
