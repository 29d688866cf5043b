// Gateway events → the contract's event shape (public.ingest_payment_event):
//   {gateway, event_id, event_type, kind|null, object_id, invoice_id|null, refund_id|null, amount,
//    currency, failure_code, failure_message, occurred_at, payload}
// refund_id is the gateway's refund id (re_…, the refund's tran_ref, the RF payment id); our own
// refund id travels in the raw payload's metadata. One extra key: payment_id (our payments.id from
// the metadata, when present). kind null = an event type we do not act on (stored as ignored).
// A succeeded payment that left a reusable card carries payment_method (saved by the apply job for
// off-session dunning retries): Stripe customer + payment_method (card from the charge's
// payment_method_details), PayTabs token (customer_ref = the tokenising tran_ref, card from
// payment_info), HyperPay registrationId (card from card.last4Digits / expiryMonth / expiryYear).
import { z } from 'npm:zod@3.25.76';
import { decimalNumber, minorToMajor } from './money.ts';

export type Gateway = 'stripe' | 'paytabs' | 'hyperpay';
export type Kind = 'payment_succeeded' | 'payment_failed' | 'payment_pending' | 'refund_succeeded' | 'refund_failed';

export interface PaymentMethodInfo {
  customer_ref: string | null;
  method_ref: string;
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
}

export interface PaymentEvent {
  gateway: Gateway;
  event_id: string;
  event_type: string;
  kind: Kind | null;
  object_id: string | null;
  invoice_id: string | null;
  payment_id: string | null;
  refund_id: string | null;
  amount: number | null;
  currency: string | null;
  failure_code: string | null;
  failure_message: string | null;
  occurred_at: string;
  payload: unknown;
  payment_method: PaymentMethodInfo | null;
}

// deno-lint-ignore no-explicit-any
type Loose = Record<string, any>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const last4Of = (v: unknown): string | null => {
  const m = typeof v === 'string' ? /(\d{4})\s*$/.exec(v) : null;
  return m ? m[1] : null;
};
const idOf = (v: unknown): string | null => str(v) ?? (v && typeof v === 'object' ? str((v as Loose).id) : null);

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

export class MalformedEvent extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null);
const currency = z.string().regex(/^[A-Za-z]{3}$/).transform((c) => c.toUpperCase());

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new MalformedEvent(`${what}: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return r.data;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedEvent('body is not JSON');
  }
}

// ── Stripe ──────────────────────────────────────────────────────────────────────────────────

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
  const event = parse(stripeEnvelope, body, 'Stripe event');
  const base = {
    gateway: 'stripe' as const, event_id: event.id, event_type: event.type,
    occurred_at: new Date(event.created * 1000).toISOString(), payload: body,
    refund_id: null, failure_code: null, failure_message: null, payment_method: null,
  };
  if (event.type in STRIPE_PAYMENT_KINDS) {
    const pi = parse(stripePaymentIntent, event.data.object, `Stripe ${event.type}`);
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
    const charge = parse(stripeCharge, event.data.object, 'Stripe charge.refunded');
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
    const refund = parse(stripeRefund, event.data.object, `Stripe ${event.type}`);
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

// ── PayTabs ─────────────────────────────────────────────────────────────────────────────────

const decimalString = z.union([z.string(), z.number()]).transform((v) => String(v).trim())
  .refine((v) => /^\d+(\.\d+)?$/.test(v), 'must be a decimal amount');

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
  const ipn = parse(paytabsIpn, body, 'PayTabs IPN');
  const status = ipn.payment_result.response_status.toUpperCase();
  const type = ipn.tran_type.toLowerCase();
  const udf = (ipn.user_defined ?? {}) as Record<string, unknown>;
  const pending = status === 'P' || status === 'H';
  let kind: Kind | null = null;
  if (type === 'sale' || type === 'capture') kind = status === 'A' ? 'payment_succeeded' : pending ? 'payment_pending' : 'payment_failed';
  else if (type === 'refund') kind = status === 'A' ? 'refund_succeeded' : pending ? null : 'refund_failed';
  const isRefund = type === 'refund';
  const failed = kind === 'payment_failed' || kind === 'refund_failed';
  const when = ipn.payment_result.transaction_time ? new Date(ipn.payment_result.transaction_time) : new Date();
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
    occurred_at: Number.isNaN(when.getTime()) ? new Date().toISOString() : when.toISOString(),
    payload: body,
    payment_method: kind === 'payment_succeeded' ? paytabsPaymentMethod(ipn) : null,
  };
}

// ── HyperPay ────────────────────────────────────────────────────────────────────────────────

export const HYPERPAY_SUCCESS = /^(000\.000\.|000\.100\.1|000\.[36])/;
export const HYPERPAY_PENDING = /^(000\.200)/;

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
  const n = parse(hyperpayNotification, body, 'HyperPay notification');
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
  const p = parse(hyperpayPayment, n.payload, 'HyperPay payment');
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
  const when = p.timestamp ? new Date(p.timestamp.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : new Date();
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
    occurred_at: Number.isNaN(when.getTime()) ? new Date().toISOString() : when.toISOString(),
    payment_method: kind === 'payment_succeeded' ? hyperpayPaymentMethod(p) : null,
  };
}
