// What every gateway folder provides, and what the rest of the functions see of a gateway:
//   - a GatewayClient (client.ts): checkout, off-session charge, refund over the gateway's API;
//   - a PaymentEvent normaliser (events.ts): the gateway's webhook JSON → the inbox contract of
//     public.ingest_payment_event;
//   - a signature check (signature.ts) and a WebhookSpec (spec.ts) that ties the two together.

/** The gateways, once: the zod enum at each boundary and the Gateway type are made from it. */
export const GATEWAYS = ['stripe', 'paytabs', 'hyperpay'] as const;
export type Gateway = typeof GATEWAYS[number];

// ── incoming: the inbox contract (public.ingest_payment_event) ──────────────────────────────
//   {gateway, event_id, event_type, kind|null, object_id, invoice_id|null, refund_id|null, amount,
//    currency, failure_code, failure_message, occurred_at, payload}
// refund_id is the gateway's refund id (re_…, the refund's tran_ref, the RF payment id); our own
// refund id travels in the raw payload's metadata. One extra key: payment_id (our payments.id from
// the metadata, when present). kind null = an event type we do not act on (stored as ignored).
// A succeeded payment that left a reusable card carries payment_method (saved by the apply job for
// off-session dunning retries).

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

// ── outgoing: calls to the gateway's API ────────────────────────────────────────────────────

export interface CheckoutInput {
  payment_id: string; invoice_id: string; invoice_number: string | null; tenant_id: string;
  amount: number | string; amount_minor?: number | null; currency: string; description: string | null;
  return_url: string; cancel_url: string;
}
export interface ChargeInput extends Omit<CheckoutInput, 'return_url' | 'cancel_url'> {
  customer?: string | null; payment_method?: string | null; idempotency_key: string;
}
export interface RefundInput {
  refund_id: string; gateway_payment_id: string; amount: number | string; currency: string;
  payment_id?: string | null; invoice_id?: string | null; idempotency_key: string;
}
export interface CheckoutResult { gateway_payment_id: string; checkout_url: string }
export interface ChargeResult { gateway_payment_id: string; status: 'succeeded' | 'failed' | 'pending'; failure_code?: string | null; failure_message?: string | null }
/**
 * A refund as the gateway answered the request. 'failed': the gateway refused it for good (no
 * retry can succeed and, for a refusal before it made a refund, no webhook will follow) —
 * failure_code / failure_message say why, and gateway_refund_id is null when it made no refund.
 * Our own setup problems (keys, permissions, parameters) and transient trouble (429, 5xx) are
 * thrown as 502 gateway_error instead, so the job retries and, in the end, reports them.
 */
export interface RefundResult {
  gateway_refund_id: string | null; status: 'succeeded' | 'failed' | 'pending';
  failure_code?: string | null; failure_message?: string | null;
}

export interface GatewayClient {
  gateway: Gateway;
  createCheckout(input: CheckoutInput): Promise<CheckoutResult>;
  charge(input: ChargeInput): Promise<ChargeResult>;
  refund(input: RefundInput): Promise<RefundResult>;
}

/** What a payment is called at the gateway when the invoice gives no description. */
export const paymentDescription = (input: { description: string | null; invoice_number: string | null; invoice_id: string }) =>
  input.description ?? `Invoice ${input.invoice_number ?? input.invoice_id}`;
