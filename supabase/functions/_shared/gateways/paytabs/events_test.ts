// PayTabs IPNs → the inbox contract.
import assert from 'node:assert/strict';
import { MalformedEvent } from '../normalize.ts';
import { normalizePaytabs } from './events.ts';

const INV = '11111111-2222-4333-8444-555555555555';
const PAY = '66666666-7777-4888-9999-000000000000';

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

Deno.test('saved cards (paytabs): the token on succeeded tokenised sales only', () => {
  const tokenised = normalizePaytabs(ipn({ token: '2C4654BC67A3E935C6B691FD6C8374BF',
    payment_info: { card_scheme: 'Mada', payment_description: '4111 11## #### 0004', expiryMonth: 3, expiryYear: 2029 } }));
  assert.deepEqual(tokenised.payment_method,
    { customer_ref: 'TST2233', method_ref: '2C4654BC67A3E935C6B691FD6C8374BF', brand: 'Mada', last4: '0004', exp_month: 3, exp_year: 2029 });
  assert.equal(normalizePaytabs(ipn({})).payment_method, null);
  assert.equal(normalizePaytabs(ipn({ token: 'T1' }, 'D')).payment_method, null);
});
