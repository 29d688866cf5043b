// Stripe events → the inbox contract (contract.ts). A succeeded PaymentIntent with a customer and
// a payment method carries it as payment_method (card from the charge's payment_method_details).
import { decimalNumber, minorToMajor } from '../../money.ts';
import { uuidOrNull, z } from '../../validation.ts';
import type { Kind, PaymentEvent, PaymentMethodInfo } from '../contract.ts';
import { currency, idOf, type Loose, num, parseEvent, str } from '../normalize.ts';

/** Stripe: a PaymentIntent with a customer and a payment method is reusable off-session. */
export function stripePaymentMethod(pi: Loose): PaymentMethodInfo | null {
  const method = idOf(pi.payment_method);
  const customer = idOf(pi.customer);
  if (!method || !customer) return null;
  const charges: Loose[] = Array.isArray(pi.charges?.data) ? pi.charges.data : [];
  const charge = charges.find((c) => c?.status === 'succeeded') ?? charges[0];
  const card: Loose = charge?.payment_method_details?.card ?? (typeof pi.payment_method === 'object' ? pi.payment_method?.card : null) ?? {};
  return { customer_ref: customer, method_ref: method, brand: str(card.brand), last4: str(card.last4), exp_month: num(card.exp_month), exp_year: num(card.exp_year) };
}

const stripeEnvelope = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event').optional(),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  data: z.object({ object: z.record(z.unknown()) }),
}).passthrough();

const metadata = z.record(z.string()).nullish().transform((m) => m ?? {});

const stripePaymentIntent = z.object({
  id: z.string().min(1),
  object: z.literal('payment_intent'),
  amount: z.number().int().nonnegative(),
  amount_received: z.number().int().nonnegative().nullish(),
  currency,
  metadata,
  status: z.string().nullish(),
  last_payment_error: z.object({
    code: z.string().nullish(),
    decline_code: z.string().nullish(),
    message: z.string().nullish(),
  }).passthrough().nullish(),
}).passthrough();

const stripeRefund = z.object({
  id: z.string().min(1),
  object: z.literal('refund').optional(),
  amount: z.number().int().positive(),
  currency,
  status: z.string().nullish(),
  payment_intent: z.string().nullish(),
  charge: z.string().nullish(),
  metadata,
  failure_reason: z.string().nullish(),
}).passthrough();

const stripeCharge = z.object({
  id: z.string().min(1),
  object: z.literal('charge'),
  amount: z.number().int().nonnegative(),
  amount_refunded: z.number().int().nonnegative(),
  currency,
  payment_intent: z.string().nullish(),
  metadata,
  refunds: z.object({ data: z.array(stripeRefund) }).passthrough().nullish(),
}).passthrough();

export const STRIPE_PAYMENT_KINDS: Record<string, Kind> = {
  'payment_intent.succeeded': 'payment_succeeded',
  'payment_intent.payment_failed': 'payment_failed',
  'payment_intent.processing': 'payment_pending',
};

export function normalizeStripe(body: unknown): PaymentEvent {
  const event = parseEvent(stripeEnvelope, body, 'Stripe event');
  const base = {
    gateway: 'stripe' as const, event_id: event.id, event_type: event.type,
    occurred_at: new Date(event.created * 1000).toISOString(), payload: body,
    refund_id: null, failure_code: null, failure_message: null, payment_method: null,
  };
  if (event.type in STRIPE_PAYMENT_KINDS) {
    const pi = parseEvent(stripePaymentIntent, event.data.object, `Stripe ${event.type}`);
    const kind = STRIPE_PAYMENT_KINDS[event.type];
    const minor = kind === 'payment_succeeded' && pi.amount_received ? pi.amount_received : pi.amount;
    const err = pi.last_payment_error;
    return {
      ...base, kind, object_id: pi.id,
      invoice_id: uuidOrNull(pi.metadata.invoice_id), payment_id: uuidOrNull(pi.metadata.payment_id),
      amount: decimalNumber(minorToMajor(minor, pi.currency)), currency: pi.currency,
      failure_code: kind === 'payment_failed' ? (err?.decline_code ?? err?.code ?? 'payment_failed') : null,
      failure_message: kind === 'payment_failed' ? (err?.message ?? null) : null,
      payment_method: kind === 'payment_succeeded' ? stripePaymentMethod(pi) : null,
    };
  }
  if (event.type === 'charge.refunded') {
    const charge = parseEvent(stripeCharge, event.data.object, 'Stripe charge.refunded');
    // The newest refund is first in the list. Since API 2022-11-15 a Charge no longer embeds its
    // refunds: all the event tells is amount_refunded, the running total of every refund so far,
    // which is not one refund (read as one it would be counted again beside refund.created /
    // refund.updated, and again at each later refund). Kept as ignored; the refund.* events apply.
    const refund = charge.refunds?.data?.[0];
    if (!refund) {
      return { ...base, kind: null, object_id: charge.payment_intent ?? charge.id, invoice_id: null, payment_id: null, amount: null, currency: null };
    }
    const meta = { ...charge.metadata, ...(refund.metadata ?? {}) };
    return {
      ...base, kind: refund.status && refund.status !== 'succeeded' ? (refund.status === 'failed' ? 'refund_failed' : null) : 'refund_succeeded',
      object_id: charge.payment_intent ?? charge.id,
      invoice_id: uuidOrNull(meta.invoice_id), payment_id: uuidOrNull(meta.payment_id),
      refund_id: refund.id,
      amount: decimalNumber(minorToMajor(refund.amount, charge.currency)), currency: charge.currency,
    };
  }
  if (event.type === 'refund.created' || event.type === 'refund.updated' || event.type === 'charge.refund.updated') {
    const refund = parseEvent(stripeRefund, event.data.object, `Stripe ${event.type}`);
    const kind: Kind | null = refund.status === 'succeeded' ? 'refund_succeeded'
      : refund.status === 'failed' || refund.status === 'canceled' ? 'refund_failed' : null;
    return {
      ...base, kind, object_id: refund.payment_intent ?? refund.charge ?? null,
      invoice_id: uuidOrNull(refund.metadata.invoice_id), payment_id: uuidOrNull(refund.metadata.payment_id),
      refund_id: refund.id,
      amount: decimalNumber(minorToMajor(refund.amount, refund.currency)), currency: refund.currency,
      failure_code: kind === 'refund_failed' ? (refund.failure_reason ?? refund.status ?? 'refund_failed') : null,
    };
  }
  // Any other type: stored as ignored.
  const obj = event.data.object as Record<string, unknown>;
  return {
    ...base, kind: null, object_id: typeof obj.id === 'string' ? obj.id : null,
    invoice_id: null, payment_id: null, amount: null, currency: null,
  };
}
