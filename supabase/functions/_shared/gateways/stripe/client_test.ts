// The Stripe client's refund answers against a canned API (canned.ts) that answers as Stripe does:
// a refusal of the refund is a result ({status: 'failed', failure_code, failure_message}), while our
// own setup problems (keys, permissions, parameters, idempotency) and transient trouble (409, 429,
// 5xx) are thrown as 502 gateway_error, which the refund job retries (fail_job with retry for any 5xx).
import assert from 'node:assert/strict';
import { cannedTest, rejectsAsGatewayError, refundWith } from '../canned.ts';
import { StripeClient } from './client.ts';

cannedTest('stripe refund: a 400/402 refusal is a failed refund with error.code and error.message, no refund id', async (api) => {
  const stripe = new StripeClient(api.base, 'sk_test_unit');
  for (const [status, code, message] of [
    [400, 'amount_too_large', 'Refund amount (€20.00) is greater than unrefunded amount on charge (€10.00)'],
    [400, 'charge_already_refunded', 'Charge ch_1 has already been refunded.'],
    [400, 'charge_disputed', 'Charge ch_1 has been charged back; cannot issue a refund.'],
    [402, 'expired_or_canceled_card', 'The card is expired.'],
  ] as const) {
    const r = await refundWith(api, stripe, status, { error: { type: status === 402 ? 'card_error' : 'invalid_request_error', code, message } });
    assert.deepEqual(r, { gateway_refund_id: null, status: 'failed', failure_code: code, failure_message: message }, code);
  }
  assert.equal(api.seen?.path, '/v1/refunds');
  assert.match(api.seen!.body, /payment_intent=pay_1/);
  // no code at all: still a refusal, named by its type
  const bare = await refundWith(api, stripe, 400, { error: { type: 'invalid_request_error', message: 'This charge cannot be refunded.' } });
  assert.deepEqual([bare.status, bare.failure_code], ['failed', 'invalid_request_error']);
});

cannedTest('stripe refund: a refund object with status failed carries its failure_reason', async (api) => {
  const stripe = new StripeClient(api.base, 'sk_test_unit');
  const r = await refundWith(api, stripe, 200, { id: 're_1', object: 'refund', status: 'failed', failure_reason: 'expired_or_canceled_card', amount: 1050 });
  assert.equal(r.gateway_refund_id, 're_1');
  assert.equal(r.status, 'failed');
  assert.equal(r.failure_code, 'expired_or_canceled_card');
  assert.ok((r.failure_message ?? '').length >= 3);
  assert.deepEqual(await refundWith(api, stripe, 200, { id: 're_2', object: 'refund', status: 'succeeded' }), { gateway_refund_id: 're_2', status: 'succeeded' });
  assert.deepEqual(await refundWith(api, stripe, 200, { id: 're_3', object: 'refund', status: 'pending' }), { gateway_refund_id: 're_3', status: 'pending' });
});

cannedTest('stripe refund: 429, 5xx, 409 and our own setup errors (401, 403, idempotency, parameters, unknown payment) are thrown → the job retries', async (api) => {
  const stripe = new StripeClient(api.base, 'sk_test_unit');
  const cases: [number, Record<string, string>][] = [
    [429, { type: 'rate_limit_error', code: 'rate_limit', message: 'Too many requests' }],
    [429, { type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now' }],
    [500, { type: 'api_error', message: 'Something went wrong on Stripe’s end.' }],
    [502, { type: 'api_error', message: 'Bad gateway' }],
    [503, { type: 'api_error', message: 'Unavailable' }],
    [409, { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'A request with this key is in progress' }],
    [401, { type: 'invalid_request_error', code: 'api_key_invalid', message: 'Invalid API Key provided' }],
    [403, { type: 'permission_error', message: 'The provided key does not have access' }],
    [400, { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters' }],
    [400, { type: 'invalid_request_error', code: 'parameter_missing', message: 'Missing required param: payment_intent.' }],
    [404, { type: 'invalid_request_error', code: 'resource_missing', message: "No such payment_intent: 'pay_1'" }],
  ];
  for (const [status, error] of cases) await rejectsAsGatewayError(refundWith(api, stripe, status, { error }), `${status} ${error.code ?? error.type}`);
});
