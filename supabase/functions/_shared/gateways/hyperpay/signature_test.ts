// HyperPay (OPPWA) notification decryption, pure (bodies encrypted as OPPWA sends them).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { hyperpayEncrypt } from '../../testing.ts';
import { decryptHyperpay } from './signature.ts';

Deno.test('hyperpay: AES-256-GCM body decrypts with the right key, IV and tag only', () => {
  const key = randomBytes(32).toString('hex').toUpperCase();
  const plain = JSON.stringify({ type: 'PAYMENT', payload: { id: 'X1' } });
  const e = hyperpayEncrypt(plain, key);
  const body = new TextEncoder().encode(e.body);
  assert.deepEqual(decryptHyperpay(body, e.iv, e.tag, [key]), { ok: true, plaintext: plain });
  const wrongTag = e.tag.slice(0, -2) + (e.tag.endsWith('00') ? '01' : '00');
  assert.deepEqual(decryptHyperpay(body, e.iv, wrongTag, [key]), { ok: false, reason: 'mismatch' });
  const wrongIv = randomBytes(12).toString('hex');
  assert.deepEqual(decryptHyperpay(body, wrongIv, e.tag, [key]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(decryptHyperpay(body, e.iv, e.tag, [randomBytes(32).toString('hex')]), { ok: false, reason: 'mismatch' });
  const flipped = e.body;
  const tampered = new TextEncoder().encode((flipped[0] === 'A' ? 'B' : 'A') + flipped.slice(1));
  assert.deepEqual(decryptHyperpay(tampered, e.iv, e.tag, [key]), { ok: false, reason: 'mismatch' });
  assert.deepEqual(decryptHyperpay(body, null, e.tag, [key]), { ok: false, reason: 'missing' });
  assert.deepEqual(decryptHyperpay(body, e.iv, undefined, [key]), { ok: false, reason: 'missing' });
  assert.deepEqual(decryptHyperpay(body, 'zz', e.tag, [key]), { ok: false, reason: 'malformed' });
  assert.deepEqual(decryptHyperpay(new TextEncoder().encode('not hex'), e.iv, e.tag, [key]), { ok: false, reason: 'malformed' });
});
