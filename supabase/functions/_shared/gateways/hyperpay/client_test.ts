// The HyperPay client's refund answers against a canned API (canned.ts): a result code that refuses
// the refund is a failed refund; OPPWA's format, configuration and system errors are thrown as 502
// gateway_error (retried).
import assert from 'node:assert/strict';
import { answering, cannedTest, rejectsAsGatewayError, refundWith } from '../canned.ts';
import { HyperpayClient } from './client.ts';

cannedTest('hyperpay refund: a result code neither OK nor pending is a failed refund; format, configuration and system errors are thrown', async (api) => {
  const hyperpay = new HyperpayClient(api.base);
  const result = (code: string, description: string, extra: Record<string, unknown> = {}) => ({ ...extra, result: { code, description } });
  const refused = await refundWith(api, hyperpay, 400, result('700.400.200', 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)'));
  assert.deepEqual(refused, { gateway_refund_id: null, status: 'failed', failure_code: '700.400.200', failure_message: 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)' });
  assert.equal(api.seen?.path, '/v1/payments/pay_1');
  assert.match(api.seen!.body, /paymentType=RF/);
  const declined = await refundWith(api, hyperpay, 200, result('800.100.151', 'transaction declined (invalid card)', { id: '8AC7RF' }));
  assert.deepEqual([declined.gateway_refund_id, declined.status, declined.failure_code], ['8AC7RF', 'failed', '800.100.151']);
  assert.deepEqual(await refundWith(api, hyperpay, 200, result('000.100.110', 'Request successfully processed', { id: '8AC7OK' })), { gateway_refund_id: '8AC7OK', status: 'succeeded' });
  assert.deepEqual(await refundWith(api, hyperpay, 200, result('000.200.000', 'transaction pending', { id: '8AC7P' })), { gateway_refund_id: '8AC7P', status: 'pending' });
  for (const [status, code] of [[400, '200.300.404'], [401, '800.900.300'], [400, '600.200.500'], [200, '900.100.300'], [500, '999.999.999']] as const) {
    await rejectsAsGatewayError(refundWith(api, hyperpay, status, result(code, 'not a refusal')), `${status} ${code}`);
  }
});

cannedTest('hyperpay charge: a "waiting for confirmation" answer (800.400.500) is a pending payment, not a failed one; review-manually successes are succeeded', async (api) => {
  const hyperpay = new HyperpayClient(api.base);
  const input = {
    payment_id: '00000000-0000-4000-8000-000000000002', invoice_id: '00000000-0000-4000-8000-000000000003', invoice_number: 'INV-1',
    tenant_id: '00000000-0000-4000-8000-000000000004', amount: '20.00', currency: 'SAR', description: null,
    customer: null, payment_method: 'reg_1', idempotency_key: 'job:1:p',
  };
  const answer = (code: string) => ({ id: '8AC7CH', result: { code, description: code } });
  assert.deepEqual(await answering(api, 200, answer('800.400.500'), () => hyperpay.charge(input)),
    { gateway_payment_id: '8AC7CH', status: 'pending', failure_code: null, failure_message: null });
  assert.equal(api.seen?.path, '/v1/registrations/reg_1/payments');
  assert.equal((await answering(api, 200, answer('000.400.000'), () => hyperpay.charge(input))).status, 'succeeded');
  assert.equal((await answering(api, 200, answer('800.100.151'), () => hyperpay.charge(input))).status, 'failed');
});
