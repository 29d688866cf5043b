// deno-lint-ignore-file no-explicit-any -- gateway JSON bodies are loosely typed on purpose
// Stripe's API for checkout (Checkout Sessions), off-session charges (PaymentIntents) and refunds.
// STRIPE_API_BASE: the real API by default; devstack points it at its simulator.
import { env, HttpError } from '../../http.ts';
import { majorToMinor, stripeChargeableMinor } from '../../money.ts';
import { apiBase, formEncode, readJson } from '../api.ts';
import {
  type ChargeInput, type ChargeResult, type CheckoutInput, type CheckoutResult, type GatewayClient, paymentDescription,
  type RefundInput, type RefundResult,
} from '../contract.ts';

/**
 * Stripe 4xx answers that are not a refusal of the refund but our own problem — keys, account,
 * permissions, request parameters, idempotency keys — or a conflict that passes (409, 429): retried
 * and reported, never recorded as the customer's refund having failed.
 */
const STRIPE_OUR_ERROR_TYPES: ReadonlySet<string> = new Set(['authentication_error', 'permission_error', 'rate_limit_error', 'idempotency_error', 'api_error', 'api_connection_error']);
const STRIPE_OUR_ERROR_CODES: ReadonlySet<string> = new Set([
  'api_key_expired', 'api_key_invalid', 'secret_key_required', 'livemode_mismatch', 'testmode_charges_only', 'account_invalid',
  'platform_account_required', 'platform_api_key_expired', 'parameter_missing', 'parameter_unknown', 'parameter_invalid_integer',
  'parameter_invalid_empty', 'parameter_invalid_string_empty', 'parameter_invalid_string_blank', 'parameters_exclusive',
  // the payment intent a signed webhook told us about, missing: the key is another account's or mode's
  'resource_missing', 'idempotency_key_in_use', 'lock_timeout', 'rate_limit', 'url_invalid',
]);

/** A Stripe error answer that refuses this request for good (400 / 402 invalid_request_error or card_error). */
export function stripeRefusal(status: number, error: Record<string, any>): boolean {
  if (status !== 400 && status !== 402) return false; // 401/403 ours, 404 a missing object (ours), 409/429 passing, 5xx theirs
  if (error.type && STRIPE_OUR_ERROR_TYPES.has(String(error.type))) return false;
  if (error.code && STRIPE_OUR_ERROR_CODES.has(String(error.code))) return false;
  return true;
}

/** Our ids on the Stripe objects (metadata), read back from the webhooks. */
const metadataOf = (input: { invoice_id: string; payment_id: string; tenant_id: string }) =>
  ({ invoice_id: input.invoice_id, payment_id: input.payment_id, tenant_id: input.tenant_id });

export class StripeClient implements GatewayClient {
  gateway = 'stripe' as const;
  constructor(private base = apiBase('STRIPE_API_BASE', 'https://api.stripe.com'), private key = env('STRIPE_SECRET_KEY')) {}

  private async post(path: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<{ status: number; body: Record<string, any> }> {
    if (!this.key) throw new HttpError(500, 'not_configured', 'STRIPE_SECRET_KEY is not set');
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.key}`, 'Content-Type': 'application/x-www-form-urlencoded',
        // Pinned so a Checkout Session creates its PaymentIntent at once (our gateway payment id).
        'Stripe-Version': '2020-08-27',
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      },
      body: formEncode(body).toString(),
    });
    return { status: res.status, body: await readJson(res, 'stripe') };
  }

  private minor(input: { amount: number | string; amount_minor?: number | null; currency: string }): number {
    const minor = input.amount_minor ?? majorToMinor(input.amount, input.currency);
    return stripeChargeableMinor(minor, input.currency);
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    const meta = metadataOf(input);
    const r = await this.post('/v1/checkout/sessions', {
      mode: 'payment',
      client_reference_id: input.payment_id,
      success_url: input.return_url,
      cancel_url: input.cancel_url,
      line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: this.minor(input), product_data: { name: paymentDescription(input) } } }],
      metadata: meta,
      payment_intent_data: { metadata: meta, setup_future_usage: 'off_session' },
    }, `checkout:${input.payment_id}`);
    if (r.status >= 400) throw new HttpError(502, 'gateway_error', `stripe: ${r.body?.error?.message ?? r.status}`);
    const pi = typeof r.body.payment_intent === 'string' ? r.body.payment_intent : r.body.payment_intent?.id;
    return { gateway_payment_id: pi ?? r.body.id, checkout_url: r.body.url };
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    const r = await this.post('/v1/payment_intents', {
      amount: this.minor(input), currency: input.currency.toLowerCase(), confirm: 'true', off_session: 'true',
      customer: input.customer ?? undefined, payment_method: input.payment_method ?? undefined,
      description: input.description ?? undefined,
      metadata: metadataOf(input),
    }, input.idempotency_key);
    // A declined off-session charge is a 402 card_error carrying the PaymentIntent.
    if (r.status === 402 && r.body?.error?.payment_intent?.id) {
      const e = r.body.error;
      return { gateway_payment_id: e.payment_intent.id, status: 'failed', failure_code: e.decline_code ?? e.code ?? 'card_declined', failure_message: e.message ?? null };
    }
    if (r.status >= 400) throw new HttpError(502, 'gateway_error', `stripe: ${r.body?.error?.message ?? r.status}`);
    const status = r.body.status === 'succeeded' ? 'succeeded' : r.body.status === 'processing' ? 'pending' : 'failed';
    return { gateway_payment_id: r.body.id, status };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const r = await this.post('/v1/refunds', {
      payment_intent: input.gateway_payment_id, amount: stripeChargeableMinor(majorToMinor(input.amount, input.currency), input.currency),
      metadata: { refund_id: input.refund_id, cmx_refund_id: input.refund_id, payment_id: input.payment_id ?? undefined, invoice_id: input.invoice_id ?? undefined },
    }, input.idempotency_key);
    if (r.status >= 400) {
      const e = r.body?.error ?? {};
      // Stripe refused this refund (amount_too_large, charge_already_refunded, charge_disputed, …):
      // it never will succeed, and no refund exists to report on later.
      if (stripeRefusal(r.status, e)) {
        return { gateway_refund_id: null, status: 'failed', failure_code: String(e.code ?? e.type ?? `stripe_${r.status}`), failure_message: e.message ?? null };
      }
      throw new HttpError(502, 'gateway_error', `stripe: ${e.message ?? r.status}`);
    }
    const status = r.body.status === 'succeeded' ? 'succeeded' : r.body.status === 'failed' || r.body.status === 'canceled' ? 'failed' : 'pending';
    if (status !== 'failed') return { gateway_refund_id: r.body.id, status };
    const reason = r.body.failure_reason ?? r.body.status;
    return { gateway_refund_id: r.body.id, status, failure_code: String(reason), failure_message: `Stripe could not refund the payment (${reason})` };
  }
}
