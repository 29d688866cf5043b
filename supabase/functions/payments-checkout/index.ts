// payments-checkout (verify_jwt = true).
//   User call:  POST {invoice_id, gateway?, return_url?} with the caller's JWT → begin_checkout as
//               the caller (SQL checks permission) → the gateway creates the payment →
//               attach_checkout with the service key → {payment_id, checkout_url}.
//   Jobs (pg_net, service key): the dispatcher's body {job_id, attempt, payload: {action, …}}, or a
//   bare {action, …}: action 'charge' charges the tenant's saved method off-session; 'refund'
//   refunds through the gateway. Results arrive later as webhooks; jobs are acknowledged with
//   complete_job / fail_job.
//   charge: {action:'charge', invoice_id, gateway, payment_method_id, customer_ref, method_ref} as the
//   dunning tick sends it (the tenant's default public.payment_methods row): Stripe customer +
//   payment_method (off_session, confirm), PayTabs token + tran_ref (tran_class recurring), HyperPay
//   /v1/registrations/<method_ref>/payments. Without method_ref: 409 no_payment_method (nothing is
//   begun, the gateway is not called).
//   refund: {action:'refund', refund_id, gateway, gateway_payment_id, amount, currency} →
//   {refund_id, gateway, gateway_refund_id, status, failure_code?, failure_message?}. A refund the
//   gateway refuses at once (Stripe 400/402 like amount_too_large, charge_already_refunded; PayTabs
//   a final non-A response_status; HyperPay a result code neither OK nor pending, e.g. 700.400.200)
//   is marked failed with public.fail_refund (its credit note's total goes to the customer balance),
//   answered 200 with refund_status and credited_to_balance, and its job completed. Our own setup
//   problems (Stripe 401/403, bad keys or parameters) and transient ones (429, 5xx) stay 502
//   gateway_error: the job is retried and, in the end, dead-lettered for an operator.
//   When the gateway call fails after begin_checkout, the pending payment is cancelled
//   (public.cancel_checkout) so no orphan is left, and the error is answered (502 gateway_error).
//   Every attempt of one job is one payment: begin_checkout gets the job's key (`job:<job_id>`) and
//   returns the payment the first attempt made (reopened if our failed call cancelled it), so the
//   gateway gets the same idempotency key (`job:<job_id>:<payment_id>`) and answers a retry with
//   its first answer instead of charging again. Once the gateway has answered for that payment
//   (attached, or reported by webhook) a retry does not call it at all; PayTabs and HyperPay take no
//   idempotency key, so for them a retry never calls the gateway again (their webhook, which names
//   our payment id, settles the payment; the next dunning retry charges if nothing was taken).
import { z } from 'npm:zod@3.25.76';
import { clientFor } from '../_shared/clients.ts';
import type { Gateway } from '../_shared/events.ts';
import { corsHeaders, env, error, HttpError, json, methodNotAllowed, readBodyLimited } from '../_shared/http.ts';
import { isServiceKey, rpc, RpcError, serviceClient, userClient } from '../_shared/supabase.ts';

const uuid = z.string().uuid();
const gateway = z.enum(['stripe', 'paytabs', 'hyperpay']);
const httpUrl = z.string().url().max(2000).refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

const checkoutBody = z.object({ invoice_id: uuid, gateway: gateway.nullish(), return_url: httpUrl.nullish() }).strict();
const chargeAction = z.object({
  action: z.literal('charge'), invoice_id: uuid, gateway: gateway.nullish(),
  payment_method_id: uuid.nullish(),
  customer_ref: z.string().min(1).max(255).nullish(), method_ref: z.string().min(1).max(255).nullish(),
  // older payloads
  customer: z.string().max(255).nullish(), payment_method: z.string().max(255).nullish(),
}).passthrough();
const refundAction = z.object({
  action: z.literal('refund'), refund_id: uuid, gateway, gateway_payment_id: z.string().min(1).max(255),
  amount: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)]), currency: z.string().regex(/^[A-Z]{3}$/),
  payment_id: uuid.nullish(), invoice_id: uuid.nullish(),
}).passthrough();
/** A checkout request or a job is a few hundred bytes; a larger body is refused (413) unread. */
const MAX_BODY_BYTES = 64 * 1024;
const jobEnvelope = z.object({ job_id: z.number().int(), attempt: z.number().int(), payload: z.record(z.unknown()) }).passthrough();

interface Checkout {
  payment_id: string; invoice_id: string; invoice_number: string | null; tenant_id: string;
  amount: number | string; amount_minor: number | null; currency: string; gateway: Gateway; description: string | null;
  /** begin_checkout returned the payment an earlier call with the same idempotency key made */
  reused?: boolean; status?: string; gateway_payment_id?: string | null;
}

/** Gateways whose API answers a repeated Idempotency-Key with its first answer (no second charge). */
const IDEMPOTENT_CHARGES: ReadonlySet<Gateway> = new Set<Gateway>(['stripe']);

function validate<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, 'invalid_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return r.data;
}

/** begin_checkout / attach_checkout failures as our stable errors (SQL's detail kept). */
function fromRpc(err: unknown): never {
  if (!(err instanceof RpcError)) throw err;
  const f = err.failure;
  const extra = { detail: f.detail, hint: f.hint };
  if (f.status === 401 || f.status === 403) throw new HttpError(403, 'forbidden', f.message, extra);
  if (f.status === 404) throw new HttpError(404, 'not_found', f.message, extra);
  if (f.status === 409) throw new HttpError(409, 'conflict', f.message, extra);
  if (f.status >= 400 && f.status < 500) throw new HttpError(400, 'invalid_request', f.message, extra);
  throw new HttpError(500, 'internal_error', f.message, extra);
}

function returnUrls(invoiceId: string, given?: string | null) {
  const template = env('PAYMENTS_RETURN_URL', 'http://127.0.0.1:3001/billing/invoices/show/{invoice_id}')!;
  const ret = given ?? template.replace('{invoice_id}', invoiceId);
  const sep = ret.includes('?') ? '&' : '?';
  return { return_url: `${ret}${sep}payment=done`, cancel_url: `${ret}${sep}payment=cancelled` };
}

/**
 * The gateway call after begin_checkout: if it throws, the pending payment is cancelled
 * (public.cancel_checkout) before the error goes on, so a failed call leaves no orphan.
 */
async function orCancel<T>(paymentId: string, call: () => Promise<T>): Promise<T> {
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

async function checkout(token: string, body: z.infer<typeof checkoutBody>, asService: boolean) {
  const caller = asService ? serviceClient() : userClient(token);
  const begun = await rpc<Checkout>(caller, 'begin_checkout', { invoice_id: body.invoice_id, gateway: body.gateway ?? null }).catch(fromRpc);
  const client = clientFor(begun.gateway);
  const created = await orCancel(begun.payment_id, () => client.createCheckout({ ...begun, ...returnUrls(begun.invoice_id, body.return_url) }));
  const attached = await rpc<{ payment_id: string }>(serviceClient(), 'attach_checkout', {
    payment_id: begun.payment_id, gateway_payment_id: created.gateway_payment_id, checkout_url: created.checkout_url,
  }).catch(fromRpc);
  return { payment_id: attached?.payment_id ?? begun.payment_id, gateway: begun.gateway, gateway_payment_id: created.gateway_payment_id, checkout_url: created.checkout_url };
}

async function charge(action: z.infer<typeof chargeAction>, idempotencyKey: string) {
  const method = action.method_ref ?? action.payment_method ?? null;
  const customer = action.customer_ref ?? action.customer ?? null;
  if (!method) throw new HttpError(409, 'no_payment_method', 'no payment method on file for this tenant', { detail: 'billing.no_payment_method' });
  // One payment per job (idempotencyKey = job:<job_id>), whichever attempt this is.
  const begun = await rpc<Checkout>(serviceClient(), 'begin_checkout', {
    invoice_id: action.invoice_id, gateway: action.gateway ?? null, idempotency_key: idempotencyKey,
  }).catch(fromRpc);
  if (begun.reused && (begun.gateway_payment_id || begun.status !== 'pending' || !IDEMPOTENT_CHARGES.has(begun.gateway))) {
    // An earlier attempt began this payment and the gateway has answered for it (or it was
    // superseded), or the gateway could not tell a retry from a new charge: nothing is charged.
    return { payment_id: begun.payment_id, gateway: begun.gateway, gateway_payment_id: begun.gateway_payment_id ?? null, status: begun.status, replayed: true };
  }
  const result = await orCancel(begun.payment_id, () => clientFor(begun.gateway).charge({
    ...begun, customer, payment_method: method, idempotency_key: `${idempotencyKey}:${begun.payment_id}`,
  }));
  const attached = await rpc<{ payment_id: string }>(serviceClient(), 'attach_checkout', { payment_id: begun.payment_id, gateway_payment_id: result.gateway_payment_id, checkout_url: null }).catch(fromRpc);
  return { payment_id: attached?.payment_id ?? begun.payment_id, gateway: begun.gateway, ...result };
}

async function refund(action: z.infer<typeof refundAction>) {
  const result = await clientFor(action.gateway).refund({
    refund_id: action.refund_id, gateway_payment_id: action.gateway_payment_id, amount: action.amount, currency: action.currency,
    payment_id: action.payment_id ?? null, invoice_id: action.invoice_id ?? null, idempotency_key: `refund:${action.refund_id}`,
  });
  if (result.status !== 'failed') return { refund_id: action.refund_id, gateway: action.gateway, ...result };
  // The gateway refused the refund at once: no webhook will settle it, so we mark it failed
  // (public.fail_refund: audited; a credit note's total goes to the customer balance). A refused
  // refund is a finished job, not a failed one: retrying cannot make it succeed.
  const code = (result.failure_code ?? `${action.gateway}_refused`).slice(0, 200);
  const given = (result.failure_message ?? '').trim();
  const message = (given.length >= 3 ? given : `refused by ${action.gateway}: ${code}`).slice(0, 1000);
  const failed = await rpc<{ status: string; changed: boolean; credited_to_balance: number | string }>(serviceClient(), 'fail_refund', {
    refund_id: action.refund_id, code, message,
  }).catch(fromRpc);
  return {
    refund_id: action.refund_id, gateway: action.gateway, ...result, failure_code: code, failure_message: message,
    // what our refund is now (a webhook may have settled it first) and what went to the balance
    refund_status: failed?.status ?? 'failed', credited_to_balance: Number(failed?.credited_to_balance ?? 0),
  };
}

function runAction(payload: Record<string, unknown>, key: string): Promise<Record<string, unknown>> {
  if (payload.action === 'charge') return charge(validate(chargeAction, payload), key);
  if (payload.action === 'refund') return refund(validate(refundAction, payload));
  return Promise.reject(new HttpError(400, 'invalid_request', "action must be 'charge' or 'refund'"));
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
  if (req.method !== 'POST') return methodNotAllowed('use POST');
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '');
  const token = m?.[1]?.trim() ?? null;
  if (!token) return error(401, 'unauthorized', 'sign in first');
  const asService = isServiceKey(token);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBodyLimited(req, MAX_BODY_BYTES)));
  } catch (err) {
    if (err instanceof HttpError) return err.toResponse();
    return error(400, 'invalid_request', 'body must be JSON');
  }
  // A job posted by private.dispatch: acknowledge it whatever happens.
  const job = asService ? jobEnvelope.safeParse(body) : null;
  if (job?.success) {
    const { job_id, attempt, payload } = job.data;
    try {
      const result = await runAction(payload, `job:${job_id}`);
      await rpc(serviceClient(), 'complete_job', { job_id, attempt });
      return json(200, result);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, 'internal_error', (err as Error).message);
      // Nothing left to charge (paid, void, no amount due): the job is done, not failed.
      if (e.status === 409 && payload.action === 'charge' && e.extra.detail === 'billing.invoice_not_payable') {
        await rpc(serviceClient(), 'complete_job', { job_id, attempt });
        return json(200, { skipped: true, code: e.code, message: e.message });
      }
      // Invalid payloads and refusals will not improve with retries; gateway and network errors may.
      const retry = e.status >= 500;
      await rpc(serviceClient(), 'fail_job', { job_id, attempt, error: `${e.code}: ${e.message}`, retry }).catch((ack) =>
        console.error('[payments-checkout] could not acknowledge job', job_id, ack));
      return e.toResponse();
    }
  }
  try {
    if (asService && body && typeof body === 'object' && 'action' in body) {
      return json(200, await runAction(body as Record<string, unknown>, `call:${crypto.randomUUID()}`));
    }
    return json(200, await checkout(token, validate(checkoutBody, body), asService));
  } catch (err) {
    if (err instanceof HttpError) return err.toResponse();
    console.error('[payments-checkout] unexpected error', err);
    return error(500, 'internal_error', (err as Error).message ?? 'unexpected error');
  }
});
