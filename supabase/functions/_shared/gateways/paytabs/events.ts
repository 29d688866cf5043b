// PayTabs IPN / callback → the inbox contract (contract.ts). A succeeded tokenised sale carries
// its token as payment_method (customer_ref = the tokenising tran_ref, card from payment_info).
import { decimalNumber } from '../../money.ts';
import { uuidOrNull, z } from '../../validation.ts';
import type { Kind, PaymentEvent, PaymentMethodInfo } from '../contract.ts';
import { currency, decimalString, isoOrNow, last4Of, type Loose, num, parseEvent, str } from '../normalize.ts';

/** PayTabs: a tokenised sale returns the token; recurring sales need it with a previous tran_ref. */
export function paytabsPaymentMethod(ipn: Loose): PaymentMethodInfo | null {
  const token = str(ipn.token);
  if (!token) return null;
  const info: Loose = ipn.payment_info ?? {};
  return {
    customer_ref: str(ipn.tran_ref), method_ref: token, brand: str(info.card_scheme) ?? str(info.payment_method),
    last4: last4Of(info.payment_description), exp_month: num(info.expiryMonth), exp_year: num(info.expiryYear),
  };
}

const paytabsIpn = z.object({
  tran_ref: z.string().min(1).max(64),
  previous_tran_ref: z.string().max(64).nullish(),
  tran_type: z.string().min(1).max(32),
  cart_id: z.string().min(1).max(128),
  cart_currency: currency,
  cart_amount: decimalString,
  tran_currency: currency.nullish(),
  tran_total: decimalString.nullish(),
  payment_result: z.object({
    response_status: z.string().min(1).max(2),
    response_code: z.union([z.string(), z.number()]).nullish(),
    response_message: z.string().nullish(),
    transaction_time: z.string().nullish(),
  }).passthrough(),
  user_defined: z.record(z.unknown()).nullish(),
}).passthrough();

export function normalizePaytabs(body: unknown): PaymentEvent {
  const ipn = parseEvent(paytabsIpn, body, 'PayTabs IPN');
  const status = ipn.payment_result.response_status.toUpperCase();
  const type = ipn.tran_type.toLowerCase();
  const udf = (ipn.user_defined ?? {}) as Record<string, unknown>;
  const pending = status === 'P' || status === 'H';
  let kind: Kind | null = null;
  if (type === 'sale' || type === 'capture') kind = status === 'A' ? 'payment_succeeded' : pending ? 'payment_pending' : 'payment_failed';
  else if (type === 'refund') kind = status === 'A' ? 'refund_succeeded' : pending ? null : 'refund_failed';
  const isRefund = type === 'refund';
  const failed = kind === 'payment_failed' || kind === 'refund_failed';
  const when = ipn.payment_result.transaction_time ? new Date(ipn.payment_result.transaction_time) : null;
  return {
    gateway: 'paytabs',
    // one event per transaction and final status; a pending notice is its own event
    event_id: `${ipn.tran_ref}:${type}${pending ? ':pending' : ''}`,
    event_type: `${type}.${status}`,
    kind,
    object_id: isRefund ? (ipn.previous_tran_ref ?? null) : ipn.tran_ref,
    invoice_id: uuidOrNull(udf.udf1),
    payment_id: isRefund ? uuidOrNull(udf.udf3) : uuidOrNull(ipn.cart_id),
    refund_id: isRefund ? ipn.tran_ref : null,
    amount: decimalNumber(ipn.cart_amount),
    currency: ipn.cart_currency,
    failure_code: failed ? `paytabs_${status}${ipn.payment_result.response_code != null ? `_${ipn.payment_result.response_code}` : ''}` : null,
    failure_message: failed ? (ipn.payment_result.response_message ?? null) : null,
    occurred_at: isoOrNow(when),
    payload: body,
    payment_method: kind === 'payment_succeeded' ? paytabsPaymentMethod(ipn) : null,
  };
}
