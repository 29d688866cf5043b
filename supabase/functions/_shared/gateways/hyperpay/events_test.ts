// HyperPay notifications → the inbox contract.
import assert from 'node:assert/strict';
import { MalformedEvent } from '../normalize.ts';
import { normalizeHyperpay } from './events.ts';

const INV = '11111111-2222-4333-8444-555555555555';
const PAY = '66666666-7777-4888-9999-000000000000';

function hp(payload: Record<string, unknown>, type = 'PAYMENT') {
  return { type, action: 'CREATED', payload: { id: '8ac7a4a1', paymentType: 'DB', amount: '20.00', currency: 'SAR', merchantTransactionId: PAY, result: { code: '000.100.110', description: 'ok' }, customParameters: { invoice_id: INV }, timestamp: '2026-11-23 10:00:00+0000', ...payload } };
}

Deno.test('hyperpay: result codes, refunds, other notification types', () => {
  const ok = normalizeHyperpay(hp({}));
  assert.deepEqual([ok.event_id, ok.kind, ok.object_id, ok.amount, ok.invoice_id, ok.payment_id, ok.occurred_at], ['8ac7a4a1', 'payment_succeeded', '8ac7a4a1', 20, INV, PAY, '2026-11-23T10:00:00.000Z']);
  for (const code of ['000.000.000', '000.100.110', '000.300.000', '000.600.000']) assert.equal(normalizeHyperpay(hp({ result: { code } })).kind, 'payment_succeeded', code);
  assert.equal(normalizeHyperpay(hp({ result: { code: '000.200.000' } })).kind, 'payment_pending');
  const bad = normalizeHyperpay(hp({ result: { code: '800.100.151', description: 'invalid card' } }));
  assert.deepEqual([bad.kind, bad.failure_code, bad.failure_message], ['payment_failed', '800.100.151', 'invalid card']);
  const rf = normalizeHyperpay(hp({ id: 'RF1', paymentType: 'RF', referencedId: '8ac7a4a1', amount: '5.00' }));
  assert.deepEqual([rf.kind, rf.object_id, rf.refund_id, rf.amount], ['refund_succeeded', '8ac7a4a1', 'RF1', 5]);
  assert.equal(normalizeHyperpay(hp({ paymentType: 'PA' })).kind, null);
  assert.equal(normalizeHyperpay({ type: 'REGISTRATION', action: 'CREATED', payload: { id: 'R1' } }).kind, null);
  assert.throws(() => normalizeHyperpay({ type: 'PAYMENT', payload: {} }), MalformedEvent);
  assert.throws(() => normalizeHyperpay(hp({ amount: '1,00' })), MalformedEvent);
});

Deno.test('hyperpay: a pending notification and the final one for the same payment are two events; redeliveries of each are one', () => {
  // OPPWA sends PAYMENT "when a payment is created or updated": an asynchronous payment is notified
  // pending (000.200.x) and again, with the same id, when it completes.
  const pending = normalizeHyperpay(hp({ result: { code: '000.200.000', description: 'transaction pending' } }));
  const final = normalizeHyperpay(hp({}));
  const failed = normalizeHyperpay(hp({ result: { code: '800.100.151' } }));
  assert.equal(pending.kind, 'payment_pending');
  assert.notEqual(pending.event_id, final.event_id);
  assert.equal(final.event_id, '8ac7a4a1');
  assert.equal(failed.event_id, '8ac7a4a1');
  assert.equal(normalizeHyperpay(hp({ result: { code: '000.200.000' } })).event_id, pending.event_id);
  // a refund's pending notice is its own event too
  const rfPending = normalizeHyperpay(hp({ id: 'RF9', paymentType: 'RF', referencedId: '8ac7a4a1', result: { code: '000.200.100' } }));
  assert.notEqual(rfPending.event_id, normalizeHyperpay(hp({ id: 'RF9', paymentType: 'RF', referencedId: '8ac7a4a1' })).event_id);
});

Deno.test('saved cards (hyperpay): the registration on succeeded payments only', () => {
  const registered = normalizeHyperpay(hp({ registrationId: '8ac7a4a0reg', paymentBrand: 'MADA',
    card: { bin: '446404', last4Digits: '0004', expiryMonth: '05', expiryYear: '2031' } }));
  assert.deepEqual(registered.payment_method,
    { customer_ref: null, method_ref: '8ac7a4a0reg', brand: 'MADA', last4: '0004', exp_month: 5, exp_year: 2031 });
  assert.equal(normalizeHyperpay(hp({})).payment_method, null);
  assert.equal(normalizeHyperpay(hp({ registrationId: 'r', result: { code: '800.100.151' } })).payment_method, null);
});

Deno.test('hyperpay: a "waiting for confirmation" notice (800.400.5xx, 100.400.500) is pending, so the final notice for the same payment is not its duplicate', () => {
  // OPPWA lists these with the pending results (waiting for a non-instant payment's confirmation,
  // for an external risk review); the same payment id is notified again when it completes.
  for (const code of ['800.400.500', '100.400.500']) {
    const waiting = normalizeHyperpay(hp({ result: { code, description: 'Waiting for confirmation of non-instant payment. Denied for now.' } }));
    const final = normalizeHyperpay(hp({}));
    assert.deepEqual([waiting.kind, waiting.failure_code], ['payment_pending', null], code);
    assert.notEqual(waiting.event_id, final.event_id, code);
    assert.equal(final.kind, 'payment_succeeded');
  }
});

Deno.test('hyperpay: 000.400.110 / 000.400.120 and the "succeeded, review manually" results are succeeded payments, not failed ones', () => {
  for (const code of ['000.400.110', '000.400.120', '000.400.000', '000.400.010', '000.400.100']) {
    const e = normalizeHyperpay(hp({ result: { code } }));
    assert.deepEqual([e.kind, e.failure_code], ['payment_succeeded', null], code);
  }
  // 000.400.030 "partially failed (reverse manually)" is not a success
  assert.equal(normalizeHyperpay(hp({ result: { code: '000.400.030' } })).kind, 'payment_failed');
});
