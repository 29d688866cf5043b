// Gateway events → the contract's shape, and money conversion.
import assert from 'node:assert/strict';
import { MalformedEvent, normalizeHyperpay, normalizePaytabs, normalizeStripe } from './events.ts';
import { currencyExponent, majorToMinor, minorToMajor, stripeChargeableMinor } from './money.ts';

const INV = '11111111-2222-4333-8444-555555555555';
const PAY = '66666666-7777-4888-9999-000000000000';

Deno.test('money: Stripe currency exponents and exact conversion', () => {
  assert.equal(currencyExponent('omr'), 3);
  assert.equal(currencyExponent('KWD'), 3);
  assert.equal(currencyExponent('SAR'), 2);
  assert.equal(currencyExponent('JPY'), 0);
  assert.equal(minorToMajor(12340, 'OMR'), '12.340');
  assert.equal(minorToMajor(5, 'BHD'), '0.005');
  assert.equal(minorToMajor(1999, 'SAR'), '19.99');
  assert.equal(minorToMajor(500, 'JPY'), '500');
  assert.equal(majorToMinor('12.345', 'OMR'), 12345);
  assert.equal(majorToMinor(19.99, 'AED'), 1999);
  assert.equal(majorToMinor('0.015', 'USD'), 2);
  assert.equal(stripeChargeableMinor(12345, 'OMR'), 12350);
  assert.equal(stripeChargeableMinor(12340, 'KWD'), 12340);
  assert.equal(stripeChargeableMinor(12345, 'SAR'), 12345);
});

function stripeEvent(type: string, object: Record<string, unknown>) {
  return { id: 'evt_test_1', object: 'event', type, created: 1_795_000_000, data: { object } };
}

Deno.test('stripe: payment_intent events map to kinds with major-unit amounts', () => {
  const pi = { id: 'pi_1', object: 'payment_intent', amount: 12340, amount_received: 12340, currency: 'omr', metadata: { invoice_id: INV, payment_id: PAY } };
  const ok = normalizeStripe(stripeEvent('payment_intent.succeeded', pi));
  assert.equal(ok.kind, 'payment_succeeded');
  assert.equal(ok.amount, 12.34);
  assert.equal(ok.currency, 'OMR');
  assert.equal(ok.object_id, 'pi_1');
  assert.equal(ok.invoice_id, INV);
  assert.equal(ok.payment_id, PAY);
  assert.equal(ok.occurred_at, new Date(1_795_000_000_000).toISOString());
  const failed = normalizeStripe(stripeEvent('payment_intent.payment_failed', { ...pi, amount_received: 0, last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'no money' } }));
  assert.equal(failed.kind, 'payment_failed');
  assert.equal(failed.amount, 12.34);
  assert.equal(failed.failure_code, 'insufficient_funds');
  assert.equal(failed.failure_message, 'no money');
  assert.equal(normalizeStripe(stripeEvent('payment_intent.processing', pi)).kind, 'payment_pending');
  // metadata that is not one of our ids is dropped, not trusted
  assert.equal(normalizeStripe(stripeEvent('payment_intent.succeeded', { ...pi, metadata: { invoice_id: 'x' } })).invoice_id, null);
});

Deno.test('stripe: refunds (charge.refunded, refund.created / refund.updated with status)', () => {
  const refund = { id: 're_1', object: 'refund', amount: 500, currency: 'sar', status: 'succeeded', payment_intent: 'pi_1', metadata: { refund_id: PAY } };
  const charge = { id: 'ch_1', object: 'charge', amount: 2000, amount_refunded: 500, currency: 'sar', payment_intent: 'pi_1', metadata: { invoice_id: INV }, refunds: { data: [refund] } };
  const a = normalizeStripe(stripeEvent('charge.refunded', charge));
  assert.deepEqual([a.kind, a.object_id, a.refund_id, a.amount, a.currency, a.invoice_id], ['refund_succeeded', 'pi_1', 're_1', 5, 'SAR', INV]);
  const b = normalizeStripe(stripeEvent('refund.created', refund));
  assert.deepEqual([b.kind, b.object_id, b.refund_id, b.amount], ['refund_succeeded', 'pi_1', 're_1', 5]);
  assert.equal(normalizeStripe(stripeEvent('refund.updated', { ...refund, status: 'failed', failure_reason: 'expired_or_canceled_card' })).kind, 'refund_failed');
  assert.equal(normalizeStripe(stripeEvent('refund.updated', { ...refund, status: 'pending' })).kind, null);
});

Deno.test('stripe: unknown types are kept with kind null; malformed known types throw', () => {
  const e = normalizeStripe(stripeEvent('customer.created', { id: 'cus_1' }));
  assert.equal(e.kind, null);
  assert.equal(e.event_type, 'customer.created');
  assert.throws(() => normalizeStripe({ id: 'evt', type: 'payment_intent.succeeded' }), MalformedEvent);
  assert.throws(() => normalizeStripe(stripeEvent('payment_intent.succeeded', { id: 'pi', object: 'payment_intent', amount: '12', currency: 'omr' })), MalformedEvent);
  assert.throws(() => normalizeStripe([]), MalformedEvent);
});

function ipn(over: Record<string, unknown> = {}, status = 'A') {
  return {
    tran_ref: 'TST2233', tran_type: 'Sale', cart_id: PAY, cart_currency: 'OMR', cart_amount: '12.345',
    payment_result: { response_status: status, response_code: '831000', response_message: 'Authorised', transaction_time: '2026-11-23T10:00:00Z' },
    user_defined: { udf1: INV }, ...over,
  };
}

Deno.test('paytabs: IPN statuses, refunds and the dedupe key', () => {
  const ok = normalizePaytabs(ipn());
  assert.deepEqual([ok.event_id, ok.kind, ok.object_id, ok.amount, ok.currency, ok.invoice_id, ok.payment_id], ['TST2233:sale', 'payment_succeeded', 'TST2233', 12.345, 'OMR', INV, PAY]);
  const declined = normalizePaytabs(ipn({}, 'D'));
  assert.equal(declined.kind, 'payment_failed');
  assert.equal(declined.event_id, 'TST2233:sale');
  assert.equal(declined.failure_code, 'paytabs_D_831000');
  assert.equal(normalizePaytabs(ipn({}, 'E')).kind, 'payment_failed');
  const pending = normalizePaytabs(ipn({}, 'P'));
  assert.deepEqual([pending.kind, pending.event_id], ['payment_pending', 'TST2233:sale:pending']);
  const refund = normalizePaytabs(ipn({ tran_ref: 'TST9', tran_type: 'Refund', previous_tran_ref: 'TST2233', cart_amount: '2.000' }));
  assert.deepEqual([refund.kind, refund.object_id, refund.refund_id, refund.amount, refund.event_id], ['refund_succeeded', 'TST2233', 'TST9', 2, 'TST9:refund']);
  assert.equal(normalizePaytabs(ipn({ tran_type: 'Auth' })).kind, null);
  assert.throws(() => normalizePaytabs(ipn({ cart_amount: 'twelve' })), MalformedEvent);
  assert.throws(() => normalizePaytabs({ tran_ref: 'x' }), MalformedEvent);
});

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

Deno.test('saved cards: each gateway\'s reusable method on succeeded payments only', () => {
  const pi = {
    id: 'pi_1', object: 'payment_intent', amount: 2000, amount_received: 2000, currency: 'sar', status: 'succeeded',
    metadata: { invoice_id: INV, payment_id: PAY }, customer: 'cus_1', payment_method: 'pm_1',
    charges: { data: [{ id: 'ch_1', status: 'succeeded', payment_method_details: { card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 } } }] },
  };
  assert.deepEqual(normalizeStripe(stripeEvent('payment_intent.succeeded', pi)).payment_method,
    { customer_ref: 'cus_1', method_ref: 'pm_1', brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 });
  // expanded objects work too; without a customer the method is not reusable
  assert.equal(normalizeStripe(stripeEvent('payment_intent.succeeded', { ...pi, customer: { id: 'cus_2' }, payment_method: { id: 'pm_2' } })).payment_method?.customer_ref, 'cus_2');
  assert.equal(normalizeStripe(stripeEvent('payment_intent.succeeded', { ...pi, customer: null })).payment_method, null);
  assert.equal(normalizeStripe(stripeEvent('payment_intent.payment_failed', pi)).payment_method, null);

  const tokenised = normalizePaytabs(ipn({ token: '2C4654BC67A3E935C6B691FD6C8374BF',
    payment_info: { card_scheme: 'Mada', payment_description: '4111 11## #### 0004', expiryMonth: 3, expiryYear: 2029 } }));
  assert.deepEqual(tokenised.payment_method,
    { customer_ref: 'TST2233', method_ref: '2C4654BC67A3E935C6B691FD6C8374BF', brand: 'Mada', last4: '0004', exp_month: 3, exp_year: 2029 });
  assert.equal(normalizePaytabs(ipn({})).payment_method, null);
  assert.equal(normalizePaytabs(ipn({ token: 'T1' }, 'D')).payment_method, null);

  const registered = normalizeHyperpay(hp({ registrationId: '8ac7a4a0reg', paymentBrand: 'MADA',
    card: { bin: '446404', last4Digits: '0004', expiryMonth: '05', expiryYear: '2031' } }));
  assert.deepEqual(registered.payment_method,
    { customer_ref: null, method_ref: '8ac7a4a0reg', brand: 'MADA', last4: '0004', exp_month: 5, exp_year: 2031 });
  assert.equal(normalizeHyperpay(hp({})).payment_method, null);
  assert.equal(normalizeHyperpay(hp({ registrationId: 'r', result: { code: '800.100.151' } })).payment_method, null);
});

Deno.test('stripe: charge.refunded without its refunds list (API ≥ 2022-11-15) is stored as ignored, not as a refund of the cumulative amount', () => {
  // Since 2022-11-15 a Charge no longer embeds `refunds`: the event carries only amount_refunded, the
  // running total of every refund so far. Read as one refund it is counted again next to the
  // refund.created / refund.updated events that carry each refund (and again at every later refund).
  const charge = { id: 'ch_1', object: 'charge', amount: 2000, amount_refunded: 800, currency: 'sar', payment_intent: 'pi_1', metadata: { invoice_id: INV }, refunded: false };
  const e = normalizeStripe(stripeEvent('charge.refunded', charge));
  assert.deepEqual([e.kind, e.refund_id, e.amount, e.object_id], [null, null, null, 'pi_1']);
  // with the list (older API versions, the simulator), the newest refund is still read
  const withList = normalizeStripe(stripeEvent('charge.refunded', { ...charge, refunds: { object: 'list', data: [{ id: 're_2', object: 'refund', amount: 300, currency: 'sar', status: 'succeeded', payment_intent: 'pi_1', metadata: {} }] } }));
  assert.deepEqual([withList.kind, withList.refund_id, withList.amount], ['refund_succeeded', 're_2', 3]);
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
