// action 'charge': charges the tenant's saved method off-session ({action:'charge', invoice_id,
// gateway, payment_method_id, customer_ref, method_ref} as the dunning tick sends it, from the
// tenant's default public.payment_methods row): Stripe customer + payment_method (off_session,
// confirm), PayTabs token + tran_ref (tran_class recurring), HyperPay
// /v1/registrations/<method_ref>/payments. Without method_ref: 409 no_payment_method (nothing is
// begun, the gateway is not called). The result arrives later as a webhook.
//
// Every attempt of one job is one payment: begin_checkout gets the job's key (`job:<job_id>`) and
// returns the payment the first attempt made (reopened if our failed call cancelled it), so the
// gateway gets the same idempotency key (`job:<job_id>:<payment_id>`) and answers a retry with its
// first answer instead of charging again. Once the gateway has answered for that payment
// (attached, or reported by webhook) a retry does not call it at all; PayTabs and HyperPay take no
// idempotency key, so for them a retry never calls the gateway again (their webhook, which names
// our payment id, settles the payment; the next dunning retry charges if nothing was taken).
import type { Gateway } from '../_shared/gateways/contract.ts';
import { clientFor } from '../_shared/gateways/index.ts';
import { HttpError } from '../_shared/http.ts';
import { serviceClient } from '../_shared/supabase.ts';
import type { ChargeAction } from './inputs.ts';
import { attachCheckout, beginCheckout, orCancel } from './sql.ts';

/** Gateways whose API answers a repeated Idempotency-Key with its first answer (no second charge). */
const IDEMPOTENT_CHARGES: ReadonlySet<Gateway> = new Set<Gateway>(['stripe']);

export async function charge(action: ChargeAction, idempotencyKey: string) {
  const method = action.method_ref ?? action.payment_method ?? null;
  const customer = action.customer_ref ?? action.customer ?? null;
  if (!method) throw new HttpError(409, 'no_payment_method', 'no payment method on file for this tenant', { detail: 'billing.no_payment_method' });
  // One payment per job (idempotencyKey = job:<job_id>), whichever attempt this is.
  const begun = await beginCheckout(serviceClient(), { invoice_id: action.invoice_id, gateway: action.gateway ?? null, idempotency_key: idempotencyKey });
  if (begun.reused && (begun.gateway_payment_id || begun.status !== 'pending' || !IDEMPOTENT_CHARGES.has(begun.gateway))) {
    // An earlier attempt began this payment and the gateway has answered for it (or it was
    // superseded), or the gateway could not tell a retry from a new charge: nothing is charged.
    return { payment_id: begun.payment_id, gateway: begun.gateway, gateway_payment_id: begun.gateway_payment_id ?? null, status: begun.status, replayed: true };
  }
  const result = await orCancel(begun.payment_id, () => clientFor(begun.gateway).charge({
    ...begun, customer, payment_method: method, idempotency_key: `${idempotencyKey}:${begun.payment_id}`,
  }));
  const paymentId = await attachCheckout(begun.payment_id, result.gateway_payment_id, null);
  return { payment_id: paymentId, gateway: begun.gateway, ...result };
}
