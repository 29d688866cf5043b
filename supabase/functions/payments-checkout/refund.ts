// action 'refund': {action:'refund', refund_id, gateway, gateway_payment_id, amount, currency} →
// {refund_id, gateway, gateway_refund_id, status, failure_code?, failure_message?}. The result
// normally arrives later as a webhook. A refund the gateway refuses at once (Stripe 400/402 like
// amount_too_large, charge_already_refunded; PayTabs a final non-A response_status; HyperPay a
// result code neither OK nor pending, e.g. 700.400.200) is marked failed with public.fail_refund
// (its credit note's total goes to the customer balance) and answered 200 with refund_status and
// credited_to_balance: its job is completed. Our own setup problems (Stripe 401/403, bad keys or
// parameters) and transient ones (429, 5xx) stay 502 gateway_error: the job is retried and, in
// the end, dead-lettered for an operator.
import { clientFor } from '../_shared/gateways/index.ts';
import type { RefundAction } from './inputs.ts';
import { failRefund } from './sql.ts';

export async function refund(action: RefundAction) {
  const result = await clientFor(action.gateway).refund({
    refund_id: action.refund_id, gateway_payment_id: action.gateway_payment_id, amount: action.amount, currency: action.currency,
    payment_id: action.payment_id ?? null, invoice_id: action.invoice_id ?? null, idempotency_key: `refund:${action.refund_id}`,
  });
  if (result.status !== 'failed') return { refund_id: action.refund_id, gateway: action.gateway, ...result };
  // The gateway refused the refund at once: no webhook will settle it, so we mark it failed
  // (public.fail_refund: audited; a credit note's total goes to the customer balance). A refused
  // refund is a finished job, not a failed one: retrying cannot make it succeed.
  // fail_refund takes a code of at most 200 characters and a message of 3 to 1000.
  const code = (result.failure_code ?? `${action.gateway}_refused`).slice(0, 200);
  const given = (result.failure_message ?? '').trim();
  const message = (given.length >= 3 ? given : `refused by ${action.gateway}: ${code}`).slice(0, 1000);
  const failed = await failRefund({ refund_id: action.refund_id, code, message });
  return {
    refund_id: action.refund_id, gateway: action.gateway, ...result, failure_code: code, failure_message: message,
    // what our refund is now (a webhook may have settled it first) and what went to the balance
    refund_status: failed?.status ?? 'failed', credited_to_balance: Number(failed?.credited_to_balance ?? 0),
  };
}
