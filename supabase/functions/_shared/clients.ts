// deno-lint-ignore-file no-explicit-any -- gateway JSON bodies are loosely typed on purpose
// Gateway HTTP clients behind one interface. Base URLs come from STRIPE_API_BASE, PAYTABS_API_BASE,
// HYPERPAY_API_BASE (the real APIs by default; devstack points them at its simulator).
import type { Gateway } from './events.ts';
import { env, HttpError } from './http.ts';
import { majorToMinor, minorToMajor, stripeChargeableMinor } from './money.ts';

/** The amount as a fixed decimal string with the currency's exponent ("12.340" OMR, "12.30" SAR). */
export const fixed = (amount: number | string, currency: string) => minorToMajor(majorToMinor(amount, currency), currency);

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

function need(name: string): string {
  const v = env(name);
  if (!v) throw new HttpError(500, 'not_configured', `${name} is not set`);
  return v;
}

async function readJson(res: Response, gateway: Gateway): Promise<Record<string, any>> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(502, 'gateway_error', `${gateway} answered ${res.status} with a non-JSON body`);
  }
}

/** Stripe's form encoding with bracketed nesting: metadata[invoice_id]=…, line_items[0][price_data][currency]=… */
export function formEncode(value: Record<string, unknown>, prefix = '', out = new URLSearchParams()): URLSearchParams {
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) v.forEach((item, i) => typeof item === 'object' ? formEncode(item as Record<string, unknown>, `${key}[${i}]`, out) : out.append(`${key}[${i}]`, String(item)));
    else if (typeof v === 'object') formEncode(v as Record<string, unknown>, key, out);
    else out.append(key, String(v));
  }
  return out;
}

// ── Stripe ──────────────────────────────────────────────────────────────────────────────────

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

export class StripeClient implements GatewayClient {
  gateway = 'stripe' as const;
  constructor(private base = env('STRIPE_API_BASE', 'https://api.stripe.com')!.replace(/\/$/, ''), private key = env('STRIPE_SECRET_KEY')) {}

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
    const meta = { invoice_id: input.invoice_id, payment_id: input.payment_id, tenant_id: input.tenant_id };
    const r = await this.post('/v1/checkout/sessions', {
      mode: 'payment',
      client_reference_id: input.payment_id,
      success_url: input.return_url,
      cancel_url: input.cancel_url,
      line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: this.minor(input), product_data: { name: input.description ?? `Invoice ${input.invoice_number ?? input.invoice_id}` } } }],
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
      metadata: { invoice_id: input.invoice_id, payment_id: input.payment_id, tenant_id: input.tenant_id },
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

// ── PayTabs ─────────────────────────────────────────────────────────────────────────────────

export class PaytabsClient implements GatewayClient {
  gateway = 'paytabs' as const;
  constructor(private base = env('PAYTABS_API_BASE', 'https://secure.paytabs.com')!.replace(/\/$/, '')) {}

  private async request(body: Record<string, unknown>): Promise<Record<string, any>> {
    const res = await fetch(`${this.base}/payment/request`, {
      method: 'POST',
      headers: { authorization: need('PAYTABS_SERVER_KEY').split(',')[0].trim(), 'content-type': 'application/json' },
      body: JSON.stringify({ profile_id: Number(need('PAYTABS_PROFILE_ID')), ...body }),
    });
    const json = await readJson(res, 'paytabs');
    if (res.status >= 400 || json.code) throw new HttpError(502, 'gateway_error', `paytabs: ${json.message ?? res.status}`);
    return json;
  }

  private callback(): string {
    return env('PAYTABS_CALLBACK_URL') ?? `${need('SUPABASE_URL')}/functions/v1/payments-paytabs`;
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    const r = await this.request({
      tran_type: 'sale', tran_class: 'ecom', cart_id: input.payment_id, cart_currency: input.currency,
      cart_amount: Number(fixed(input.amount, input.currency)), cart_description: input.description ?? `Invoice ${input.invoice_number ?? input.invoice_id}`,
      callback: this.callback(), return: input.return_url, tokenise: 2,
      user_defined: { udf1: input.invoice_id, udf4: input.tenant_id },
    });
    return { gateway_payment_id: r.tran_ref, checkout_url: r.redirect_url };
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    // Recurring sale with the token saved at the first payment (tokenise).
    const r = await this.request({
      tran_type: 'sale', tran_class: 'recurring', cart_id: input.payment_id, cart_currency: input.currency,
      cart_amount: Number(fixed(input.amount, input.currency)), cart_description: input.description ?? `Invoice ${input.invoice_number ?? input.invoice_id}`,
      token: input.payment_method ?? undefined, tran_ref: input.customer ?? undefined, callback: this.callback(),
      user_defined: { udf1: input.invoice_id, udf4: input.tenant_id },
    });
    const s = r.payment_result?.response_status;
    if (!r.tran_ref) throw new HttpError(502, 'gateway_error', `paytabs: ${r.message ?? 'no transaction reference'}`);
    return {
      gateway_payment_id: r.tran_ref, status: s === 'A' ? 'succeeded' : s === 'P' || s === 'H' ? 'pending' : 'failed',
      failure_code: s === 'A' ? null : `paytabs_${s}`, failure_message: r.payment_result?.response_message ?? null,
    };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const r = await this.request({
      tran_type: 'refund', tran_class: 'ecom', cart_id: input.refund_id, cart_currency: input.currency,
      cart_amount: Number(fixed(input.amount, input.currency)), cart_description: 'Refund', tran_ref: input.gateway_payment_id, callback: this.callback(),
      user_defined: { udf1: input.invoice_id ?? undefined, udf2: input.refund_id, udf3: input.payment_id ?? undefined },
    });
    const s = String(r.payment_result?.response_status ?? '').toUpperCase();
    if (!s) throw new HttpError(502, 'gateway_error', `paytabs: ${r.message ?? 'no payment_result in the refund answer'}`);
    if (s === 'A') return { gateway_refund_id: r.tran_ref ?? null, status: 'succeeded' };
    if (s === 'P' || s === 'H') return { gateway_refund_id: r.tran_ref ?? null, status: 'pending' };
    // D(eclined), E(rror), V(oided), X (expired): final, the refund was refused
    return { gateway_refund_id: r.tran_ref ?? null, status: 'failed', failure_code: `paytabs_${s}`, failure_message: r.payment_result?.response_message ?? null };
  }
}

// ── HyperPay (OPPWA) ────────────────────────────────────────────────────────────────────────

const HP_OK = /^(000\.000\.|000\.100\.1|000\.[36])/;
const HP_PENDING = /^(000\.200)/;
/** OPPWA's "waiting for confirmation / non-instant" results: not final either. */
const HP_WAITING = /^(800\.400\.5|100\.400\.500)/;
/**
 * OPPWA result groups that are our setup or their trouble, not a refusal of the refund: format
 * errors (invalid parameters, authentication 800.900.3xx), configuration errors, system and
 * communication errors. Retried and reported like a 5xx.
 */
const HP_OURS = /^(200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500|600\.[23]|500\.[12]|800\.121|800\.[56]|999\.|600\.1|800\.800\.[84]|900\.[1234]00|000\.400\.030)/;

export class HyperpayClient implements GatewayClient {
  gateway = 'hyperpay' as const;
  constructor(private base = env('HYPERPAY_API_BASE', 'https://eu-test.oppwa.com')!.replace(/\/$/, '')) {}

  private async post(path: string, body: Record<string, unknown>): Promise<Record<string, any>> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${need('HYPERPAY_ACCESS_TOKEN')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formEncode({ entityId: need('HYPERPAY_ENTITY_ID'), ...body }).toString(),
    });
    const json = await readJson(res, 'hyperpay');
    const code = json.result?.code ?? '';
    if (res.status >= 500 || !code) throw new HttpError(502, 'gateway_error', `hyperpay: ${json.result?.description ?? res.status}`);
    return json;
  }

  private status(code: string): 'succeeded' | 'pending' | 'failed' {
    return HP_OK.test(code) ? 'succeeded' : HP_PENDING.test(code) ? 'pending' : 'failed';
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    const r = await this.post('/v1/checkouts', {
      amount: fixed(input.amount, input.currency), currency: input.currency, paymentType: 'DB', merchantTransactionId: input.payment_id,
      createRegistration: 'true', shopperResultUrl: input.return_url,
      'customParameters[invoice_id]': input.invoice_id, 'customParameters[tenant_id]': input.tenant_id,
    });
    if (!/^000\.200\.100/.test(r.result.code)) throw new HttpError(502, 'gateway_error', `hyperpay: ${r.result.description ?? r.result.code}`);
    // COPYandPAY renders the widget on a page we host; HYPERPAY_CHECKOUT_PAGE is its URL template.
    const page = env('HYPERPAY_CHECKOUT_PAGE', `${this.base}/pay/{id}`)!;
    return { gateway_payment_id: r.id, checkout_url: page.replace('{id}', encodeURIComponent(r.id)) };
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    if (!input.payment_method) throw new HttpError(400, 'invalid_request', 'no saved HyperPay registration (payment_method) for this tenant');
    const r = await this.post(`/v1/registrations/${encodeURIComponent(input.payment_method)}/payments`, {
      amount: fixed(input.amount, input.currency), currency: input.currency, paymentType: 'DB', merchantTransactionId: input.payment_id,
      standingInstruction: { mode: 'REPEATED', type: 'UNSCHEDULED', source: 'MIT' },
      'customParameters[invoice_id]': input.invoice_id, 'customParameters[tenant_id]': input.tenant_id,
    });
    // A refusal before any payment exists (e.g. an unknown registration) has no payment id.
    if (!r.id) throw new HttpError(502, 'gateway_error', `hyperpay: ${r.result.description ?? r.result.code}`);
    const status = this.status(r.result.code);
    return { gateway_payment_id: r.id, status, failure_code: status === 'failed' ? r.result.code : null, failure_message: status === 'failed' ? r.result.description : null };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const r = await this.post(`/v1/payments/${encodeURIComponent(input.gateway_payment_id)}`, {
      amount: fixed(input.amount, input.currency), currency: input.currency, paymentType: 'RF', merchantTransactionId: input.refund_id,
      'customParameters[payment_id]': input.payment_id ?? undefined, 'customParameters[invoice_id]': input.invoice_id ?? undefined,
    });
    const code: string = r.result.code;
    if (HP_OK.test(code)) return { gateway_refund_id: r.id ?? null, status: 'succeeded' };
    if (HP_PENDING.test(code) || HP_WAITING.test(code)) return { gateway_refund_id: r.id ?? null, status: 'pending' };
    if (HP_OURS.test(code)) { // incl. 800.900.300, OPPWA's 401/403 answer
      throw new HttpError(502, 'gateway_error', `hyperpay: ${code} ${r.result.description ?? ''}`.trim());
    }
    // Refused (e.g. 700.400.200 "cannot refund", a 400 with no refund made, or a declined RF payment)
    return { gateway_refund_id: r.id ?? null, status: 'failed', failure_code: code, failure_message: r.result.description ?? null };
  }
}

export function clientFor(gateway: Gateway): GatewayClient {
  if (gateway === 'stripe') return new StripeClient();
  if (gateway === 'paytabs') return new PaytabsClient();
  return new HyperpayClient();
}
