// What payments-checkout accepts (zod at the boundary), pure: every refusal is 400 invalid_request
// naming the field at fault.
import assert from 'node:assert/strict';
import { HttpError } from '../_shared/http.ts';
import { chargeAction, checkoutBody, jobEnvelope, refundAction, validate } from './inputs.ts';

const ID = '11111111-2222-4333-8444-555555555555';

function refused(schema: Parameters<typeof validate>[0], value: unknown, field: string) {
  assert.throws(() => validate(schema, value), (err: unknown) => {
    assert.ok(err instanceof HttpError);
    assert.deepEqual([err.status, err.code], [400, 'invalid_request']);
    assert.ok(err.message.startsWith(`${field}: `), err.message);
    return true;
  }, JSON.stringify(value));
}

Deno.test('inputs: a checkout is {invoice_id, gateway?, return_url?} and nothing else', () => {
  assert.deepEqual(validate(checkoutBody, { invoice_id: ID }), { invoice_id: ID });
  assert.equal(validate(checkoutBody, { invoice_id: ID, gateway: 'hyperpay', return_url: 'https://x.test/r' }).gateway, 'hyperpay');
  refused(checkoutBody, {}, 'invoice_id');
  refused(checkoutBody, { invoice_id: 'nope' }, 'invoice_id');
  refused(checkoutBody, { invoice_id: ID, gateway: 'paypal' }, 'gateway');
  refused(checkoutBody, { invoice_id: ID, return_url: 'javascript:alert(1)' }, 'return_url');
  refused(checkoutBody, { invoice_id: ID, extra: 1 }, 'body');
  refused(checkoutBody, [], 'body');
});

Deno.test('inputs: charge and refund actions, and the job envelope', () => {
  assert.equal(validate(chargeAction, { action: 'charge', invoice_id: ID, method_ref: 'pm_1' }).method_ref, 'pm_1');
  refused(chargeAction, { action: 'charge', invoice_id: ID, method_ref: '' }, 'method_ref');
  refused(chargeAction, { action: 'charge', invoice_id: ID, customer_ref: 'c'.repeat(256) }, 'customer_ref');
  const refund = { action: 'refund', refund_id: ID, gateway: 'stripe', gateway_payment_id: 'pi_1', amount: '1.050', currency: 'OMR' };
  assert.equal(validate(refundAction, refund).amount, '1.050');
  assert.equal(validate(refundAction, { ...refund, amount: 2 }).amount, 2);
  refused(refundAction, { ...refund, refund_id: 'x' }, 'refund_id');
  refused(refundAction, { ...refund, amount: '-1' }, 'amount');
  refused(refundAction, { ...refund, amount: 0 }, 'amount');
  refused(refundAction, { ...refund, currency: 'omr' }, 'currency');
  refused(refundAction, { ...refund, gateway: undefined }, 'gateway');
  assert.equal(jobEnvelope.safeParse({ job_id: 1, attempt: 2, payload: { action: 'charge' } }).success, true);
  assert.equal(jobEnvelope.safeParse({ job_id: '1', attempt: 2, payload: {} }).success, false);
  assert.equal(jobEnvelope.safeParse({ action: 'refund' }).success, false);
});
