// For the client tests: a local HTTP server that answers each request with the canned answer the
// test set, as the real APIs do, and records the last request. No database, no simulator.
import assert from 'node:assert/strict';
import { HttpError } from '../http.ts';
import type { GatewayClient, RefundInput, RefundResult } from './contract.ts';

export interface CannedApi {
  base: string;
  /** The answer to the next request. */
  next: { status: number; body: unknown };
  /** The last request's path and body. */
  seen: { path: string; body: string } | null;
}

// PayTabs and HyperPay read their credentials from the environment (the functions' secrets).
for (const [k, v] of Object.entries({ PAYTABS_SERVER_KEY: 'unit-paytabs-key', PAYTABS_PROFILE_ID: '1', HYPERPAY_ACCESS_TOKEN: 'unit-token', HYPERPAY_ENTITY_ID: 'unit-entity' })) {
  if (!Deno.env.get(k)) Deno.env.set(k, v);
}
if (!Deno.env.get('PAYTABS_CALLBACK_URL') && !Deno.env.get('SUPABASE_URL')) Deno.env.set('PAYTABS_CALLBACK_URL', 'http://127.0.0.1/callback');

/** A test with its own canned API server, shut down when the test ends. */
export function cannedTest(name: string, body: (api: CannedApi) => Promise<void>) {
  Deno.test({
    name, sanitizeResources: false, sanitizeOps: false,
    async fn() {
      const api: CannedApi = { base: '', next: { status: 200, body: {} }, seen: null };
      const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, async (req) => {
        api.seen = { path: new URL(req.url).pathname, body: await req.text() };
        return new Response(JSON.stringify(api.next.body), { status: api.next.status, headers: { 'Content-Type': 'application/json' } });
      });
      api.base = `http://127.0.0.1:${server.addr.port}`;
      try {
        await body(api);
      } finally {
        await server.shutdown();
      }
    },
  });
}

/** Sets the next answer and calls. */
export async function answering<T>(api: CannedApi, status: number, body: unknown, call: () => Promise<T>): Promise<T> {
  api.next = { status, body };
  return await call();
}

export async function rejectsAsGatewayError(p: Promise<unknown>, what: string) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HttpError, `${what}: ${err}`);
    assert.deepEqual([err.status, err.code], [502, 'gateway_error'], what);
    return true;
  }, what);
}

/** A refund of 1.050 OMR of the gateway payment pay_1. */
export const refundInput: RefundInput = {
  refund_id: '00000000-0000-4000-8000-000000000001', gateway_payment_id: 'pay_1', amount: '1.050', currency: 'OMR',
  payment_id: null, invoice_id: null, idempotency_key: 'refund:00000000-0000-4000-8000-000000000001',
};

/** The client's refund of `refundInput`, answered with `status` and `body`. */
export function refundWith(api: CannedApi, client: GatewayClient, status: number, body: unknown): Promise<RefundResult> {
  return answering(api, status, body, () => client.refund(refundInput));
}
