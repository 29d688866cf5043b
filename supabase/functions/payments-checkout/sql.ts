// The SQL functions payments-checkout calls (the rules live there), with their failures turned
// into our stable errors. SQL's detail and hint are passed through.
import type { SupabaseClient } from 'npm:@supabase/supabase-js@2';
import type { Gateway } from '../_shared/gateways/contract.ts';
import { HttpError } from '../_shared/http.ts';
import { rpc, RpcError, serviceClient } from '../_shared/supabase.ts';

/** What public.begin_checkout answers: the payment to make at the gateway. */
export interface BegunPayment {
  payment_id: string; invoice_id: string; invoice_number: string | null; tenant_id: string;
  amount: number | string; amount_minor: number | null; currency: string; gateway: Gateway; description: string | null;
  /** begin_checkout returned the payment an earlier call with the same idempotency key made */
  reused?: boolean; status?: string; gateway_payment_id?: string | null;
}

/** An RPC failure as our stable error: 403 forbidden, 404 not_found, 409 conflict, 400 invalid_request, 500. */
export function fromRpc(err: unknown): never {
  if (!(err instanceof RpcError)) throw err;
  const f = err.failure;
  const extra = { detail: f.detail, hint: f.hint };
  if (f.status === 401 || f.status === 403) throw new HttpError(403, 'forbidden', f.message, extra);
  if (f.status === 404) throw new HttpError(404, 'not_found', f.message, extra);
  if (f.status === 409) throw new HttpError(409, 'conflict', f.message, extra);
  if (f.status >= 400 && f.status < 500) throw new HttpError(400, 'invalid_request', f.message, extra);
  throw new HttpError(500, 'internal_error', f.message, extra);
}

/** public.begin_checkout as `caller` (a user's checkout: their JWT, so SQL checks their right). */
export function beginCheckout(caller: SupabaseClient, args: { invoice_id: string; gateway: Gateway | null; idempotency_key?: string }): Promise<BegunPayment> {
  return rpc<BegunPayment>(caller, 'begin_checkout', args).catch(fromRpc);
}

/** public.attach_checkout: the gateway's payment id (and page) on our payment. */
export async function attachCheckout(paymentId: string, gatewayPaymentId: string, checkoutUrl: string | null): Promise<string> {
  const attached = await rpc<{ payment_id: string }>(serviceClient(), 'attach_checkout', {
    payment_id: paymentId, gateway_payment_id: gatewayPaymentId, checkout_url: checkoutUrl,
  }).catch(fromRpc);
  return attached?.payment_id ?? paymentId;
}

/**
 * The gateway call after begin_checkout: if it throws, the pending payment is cancelled
 * (public.cancel_checkout) before the error goes on, so a failed call leaves no orphan.
 */
export async function orCancel<T>(paymentId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const why = err instanceof HttpError ? `${err.code}: ${err.message}` : `gateway call failed: ${(err as Error)?.message ?? err}`;
    await rpc(serviceClient(), 'cancel_checkout', { payment_id: paymentId, reason: why.slice(0, 1000) }).catch((cancel) =>
      console.error('[payments-checkout] could not cancel payment', paymentId, cancel));
    if (err instanceof HttpError) throw err;
    throw new HttpError(502, 'gateway_error', (err as Error)?.message ?? 'the gateway call failed');
  }
}

/** public.fail_refund: what our refund is now and what went to the customer balance. */
export function failRefund(args: { refund_id: string; code: string; message: string }) {
  return rpc<{ status: string; changed: boolean; credited_to_balance: number | string }>(serviceClient(), 'fail_refund', args).catch(fromRpc);
}

/** public.complete_job / public.fail_job: the dispatcher's job acknowledged. */
export function completeJob(job_id: number, attempt: number): Promise<unknown> {
  return rpc(serviceClient(), 'complete_job', { job_id, attempt });
}
export function failJob(job_id: number, attempt: number, error: string, retry: boolean): Promise<unknown> {
  return rpc(serviceClient(), 'fail_job', { job_id, attempt, error, retry });
}
