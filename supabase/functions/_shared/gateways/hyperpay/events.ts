// HyperPay (OPPWA) notifications → the inbox contract (contract.ts). A succeeded payment made with
// createRegistration=true carries its registrationId as payment_method (card from card.*).
import { decimalNumber } from '../../money.ts';
import { uuidOrNull, z } from '../../validation.ts';
import type { Kind, PaymentEvent, PaymentMethodInfo } from '../contract.ts';
import { currency, decimalString, isoOrNow, type Loose, num, parseEvent, str } from '../normalize.ts';
import { HYPERPAY_PENDING, HYPERPAY_SUCCESS } from './results.ts';

/** HyperPay: a payment made with createRegistration=true returns the registrationId. */
export function hyperpayPaymentMethod(p: Loose): PaymentMethodInfo | null {
  const reg = str(p.registrationId);
  if (!reg) return null;
  const card: Loose = p.card ?? {};
  return {
    customer_ref: str(p.customer?.merchantCustomerId), method_ref: reg, brand: str(p.paymentBrand),
    last4: str(card.last4Digits), exp_month: num(card.expiryMonth), exp_year: num(card.expiryYear),
  };
}

const hyperpayNotification = z.object({
  type: z.string().min(1).max(32),
  action: z.string().max(32).nullish(),
  payload: z.object({ id: z.string().min(1).max(64) }).passthrough(),
}).passthrough();

const hyperpayPayment = z.object({
  id: z.string().min(1).max(64),
  paymentType: z.string().min(1).max(4),
  amount: decimalString,
  currency,
  merchantTransactionId: z.string().max(255).nullish(),
  referencedId: z.string().max(64).nullish(),
  timestamp: z.string().nullish(),
  result: z.object({ code: z.string().min(1).max(32), description: z.string().nullish() }).passthrough(),
  customParameters: z.record(z.unknown()).nullish(),
}).passthrough();

export function normalizeHyperpay(body: unknown): PaymentEvent {
  const n = parseEvent(hyperpayNotification, body, 'HyperPay notification');
  const base = {
    gateway: 'hyperpay' as const, event_id: n.payload.id, payload: body,
    refund_id: null, failure_code: null, failure_message: null, payment_method: null,
  };
  if (n.type !== 'PAYMENT') {
    return {
      ...base, event_type: `${n.type}${n.action ? `.${n.action}` : ''}`, kind: null, object_id: n.payload.id,
      invoice_id: null, payment_id: null, amount: null, currency: null, occurred_at: new Date().toISOString(),
    };
  }
  const p = parseEvent(hyperpayPayment, n.payload, 'HyperPay payment');
  const type = p.paymentType.toUpperCase();
  const code = p.result.code;
  const ok = HYPERPAY_SUCCESS.test(code);
  const pending = HYPERPAY_PENDING.test(code);
  const custom = (p.customParameters ?? {}) as Record<string, unknown>;
  let kind: Kind | null = null;
  if (type === 'DB' || type === 'CP') kind = ok ? 'payment_succeeded' : pending ? 'payment_pending' : 'payment_failed';
  else if (type === 'RF' || type === 'RV') kind = ok ? 'refund_succeeded' : pending ? null : 'refund_failed';
  const isRefund = type === 'RF' || type === 'RV';
  const failed = kind === 'payment_failed' || kind === 'refund_failed';
  // OPPWA timestamps: "2026-11-23 10:00:00+0000"
  const when = p.timestamp ? new Date(p.timestamp.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : null;
  return {
    ...base,
    // OPPWA notifies a payment "when it is created or updated", with the same id: an asynchronous
    // payment's pending notice is its own event, or it would make the final one a duplicate.
    event_id: pending ? `${p.id}:pending` : p.id,
    event_type: `${n.type}.${n.action ?? 'UPDATED'}.${type}`,
    kind,
    object_id: isRefund ? (p.referencedId ?? null) : p.id,
    invoice_id: uuidOrNull(custom.invoice_id ?? custom.SHOPPER_invoice_id),
    payment_id: isRefund ? uuidOrNull(custom.payment_id ?? custom.SHOPPER_payment_id) : uuidOrNull(p.merchantTransactionId),
    refund_id: isRefund ? p.id : null,
    amount: decimalNumber(p.amount),
    currency: p.currency,
    failure_code: failed ? code : null,
    failure_message: failed ? (p.result.description ?? null) : null,
    occurred_at: isoOrNow(when),
    payment_method: kind === 'payment_succeeded' ? hyperpayPaymentMethod(p) : null,
  };
}
