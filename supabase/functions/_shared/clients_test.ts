// The gateway clients' refund answers against a tiny local HTTP server that answers as the real
// APIs do: a refusal of the refund is a result ({status: 'failed', failure_code, failure_message}),
// while our own setup problems (keys, permissions, parameters, idempotency) and transient trouble
// (Stripe 409/429/5xx, OPPWA system errors) are thrown as 502 gateway_error, which the refund job
// retries (payments-checkout: fail_job with retry for any 5xx).
import assert from 'node:assert/strict';
import { HyperpayClient, PaytabsClient, type RefundInput, type RefundResult, StripeClient } from './clients.ts';
import { HttpError } from './http.ts';

interface Canned { status: number; body: unknown }
let next: Canned = { status: 200, body: {} };
let seen: { path: string; body: string } | null = null;

const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, async (req) => {
  seen = { path: new URL(req.url).pathname, body: await req.text() };
  return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'Content-Type': 'application/json' } });
});
const BASE = `http://127.0.0.1:${server.addr.port}`;

// PayTabs and HyperPay read their credentials from the environment (the functions' secrets).
for (const [k, v] of Object.entries({ PAYTABS_SERVER_KEY: 'unit-paytabs-key', PAYTABS_PROFILE_ID: '1', HYPERPAY_ACCESS_TOKEN: 'unit-token', HYPERPAY_ENTITY_ID: 'unit-entity' })) {
  if (!Deno.env.get(k)) Deno.env.set(k, v);
}
if (!Deno.env.get('PAYTABS_CALLBACK_URL') && !Deno.env.get('SUPABASE_URL')) Deno.env.set('PAYTABS_CALLBACK_URL', `${BASE}/callback`);

const input: RefundInput = {
  refund_id: '00000000-0000-4000-8000-000000000001', gateway_payment_id: 'pay_1', amount: '1.050', currency: 'OMR',
  payment_id: null, invoice_id: null, idempotency_key: 'refund:00000000-0000-4000-8000-000000000001',
};

async function refundWith(client: { refund(i: RefundInput): Promise<RefundResult> }, status: number, body: unknown, i = input): Promise<RefundResult> {
  next = { status, body };
  return await client.refund(i);
}

async function rejectsAsGatewayError(p: Promise<unknown>, what: string) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HttpError, `${what}: ${err}`);
    assert.deepEqual([err.status, err.code], [502, 'gateway_error'], what);
    return true;
  }, what);
}

const t = (name: string, fn: () => Promise<void>) => Deno.test({ name, fn, sanitizeResources: false, sanitizeOps: false });

t('stripe refund: a 400/402 refusal is a failed refund with error.code and error.message, no refund id', async () => {
  const stripe = new StripeClient(BASE, 'sk_test_unit');
  for (const [status, code, message] of [
    [400, 'amount_too_large', 'Refund amount (€20.00) is greater than unrefunded amount on charge (€10.00)'],
    [400, 'charge_already_refunded', 'Charge ch_1 has already been refunded.'],
    [400, 'charge_disputed', 'Charge ch_1 has been charged back; cannot issue a refund.'],
    [402, 'expired_or_canceled_card', 'The card is expired.'],
  ] as const) {
    const r = await refundWith(stripe, status, { error: { type: status === 402 ? 'card_error' : 'invalid_request_error', code, message } });
    assert.deepEqual(r, { gateway_refund_id: null, status: 'failed', failure_code: code, failure_message: message }, code);
  }
  assert.equal(seen?.path, '/v1/refunds');
  assert.match(seen!.body, /payment_intent=pay_1/);
  // no code at all: still a refusal, named by its type
  const bare = await refundWith(stripe, 400, { error: { type: 'invalid_request_error', message: 'This charge cannot be refunded.' } });
  assert.deepEqual([bare.status, bare.failure_code], ['failed', 'invalid_request_error']);
});

t('stripe refund: a refund object with status failed carries its failure_reason', async () => {
  const stripe = new StripeClient(BASE, 'sk_test_unit');
  const r = await refundWith(stripe, 200, { id: 're_1', object: 'refund', status: 'failed', failure_reason: 'expired_or_canceled_card', amount: 1050 });
  assert.equal(r.gateway_refund_id, 're_1');
  assert.equal(r.status, 'failed');
  assert.equal(r.failure_code, 'expired_or_canceled_card');
  assert.ok((r.failure_message ?? '').length >= 3);
  assert.deepEqual(await refundWith(stripe, 200, { id: 're_2', object: 'refund', status: 'succeeded' }), { gateway_refund_id: 're_2', status: 'succeeded' });
  assert.deepEqual(await refundWith(stripe, 200, { id: 're_3', object: 'refund', status: 'pending' }), { gateway_refund_id: 're_3', status: 'pending' });
});

t('stripe refund: 429, 5xx, 409 and our own setup errors (401, 403, idempotency, parameters, unknown payment) are thrown → the job retries', async () => {
  const stripe = new StripeClient(BASE, 'sk_test_unit');
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
  for (const [status, error] of cases) await rejectsAsGatewayError(refundWith(stripe, status, { error }), `${status} ${error.code ?? error.type}`);
});

t('paytabs refund: a final non-A response_status is a failed refund paytabs_<status>; P/H pending; request errors thrown', async () => {
  const paytabs = new PaytabsClient(BASE);
  const answer = (status: string, message: string) => ({ tran_ref: 'TST123', tran_type: 'Refund', payment_result: { response_status: status, response_code: '400', response_message: message } });
  for (const s of ['D', 'E', 'V', 'X']) {
    assert.deepEqual(await refundWith(paytabs, 200, answer(s, 'Refund declined')),
      { gateway_refund_id: 'TST123', status: 'failed', failure_code: `paytabs_${s}`, failure_message: 'Refund declined' }, s);
  }
  assert.equal(seen?.path, '/payment/request');
  assert.equal(JSON.parse(seen!.body).tran_type, 'refund');
  assert.deepEqual(await refundWith(paytabs, 200, answer('A', 'Authorised')), { gateway_refund_id: 'TST123', status: 'succeeded' });
  assert.deepEqual(await refundWith(paytabs, 200, answer('P', 'Pending')), { gateway_refund_id: 'TST123', status: 'pending' });
  assert.deepEqual(await refundWith(paytabs, 200, answer('H', 'On hold')), { gateway_refund_id: 'TST123', status: 'pending' });
  await rejectsAsGatewayError(refundWith(paytabs, 401, { code: 1, message: 'Authentication failed. Check authentication header.' }), 'paytabs 401');
  await rejectsAsGatewayError(refundWith(paytabs, 500, {}), 'paytabs 500');
});

t('hyperpay refund: a result code neither OK nor pending is a failed refund; format, configuration and system errors are thrown', async () => {
  const hyperpay = new HyperpayClient(BASE);
  const result = (code: string, description: string, extra: Record<string, unknown> = {}) => ({ ...extra, result: { code, description } });
  const refused = await refundWith(hyperpay, 400, result('700.400.200', 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)'));
  assert.deepEqual(refused, { gateway_refund_id: null, status: 'failed', failure_code: '700.400.200', failure_message: 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)' });
  assert.equal(seen?.path, '/v1/payments/pay_1');
  assert.match(seen!.body, /paymentType=RF/);
  const declined = await refundWith(hyperpay, 200, result('800.100.151', 'transaction declined (invalid card)', { id: '8AC7RF' }));
  assert.deepEqual([declined.gateway_refund_id, declined.status, declined.failure_code], ['8AC7RF', 'failed', '800.100.151']);
  assert.deepEqual(await refundWith(hyperpay, 200, result('000.100.110', 'Request successfully processed', { id: '8AC7OK' })), { gateway_refund_id: '8AC7OK', status: 'succeeded' });
  assert.deepEqual(await refundWith(hyperpay, 200, result('000.200.000', 'transaction pending', { id: '8AC7P' })), { gateway_refund_id: '8AC7P', status: 'pending' });
  for (const [status, code] of [[400, '200.300.404'], [401, '800.900.300'], [400, '600.200.500'], [200, '900.100.300'], [500, '999.999.999']] as const) {
    await rejectsAsGatewayError(refundWith(hyperpay, status, result(code, 'not a refusal')), `${status} ${code}`);
  }
});

t('clients_test: stop the local server', async () => {
  await server.shutdown();
});
