// Stripe events → the inbox contract.
import assert from 'node:assert/strict';
import { MalformedEvent } from '../normalize.ts';
import { normalizeStripe } from './events.ts';

const INV = '11111111-2222-4333-8444-555555555555';
const PAY = '66666666-7777-4888-9999-000000000000';

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

Deno.test("saved cards (stripe): the customer's reusable payment method on succeeded payments only", () => {
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
});
