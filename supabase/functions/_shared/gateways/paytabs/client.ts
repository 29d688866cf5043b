// deno-lint-ignore-file no-explicit-any -- gateway JSON bodies are loosely typed on purpose
// PayTabs' payment request API (/payment/request) for hosted checkout, recurring sales with a saved
// token, and refunds. PAYTABS_API_BASE: the real API by default; devstack points it at its simulator.
import { env, HttpError } from '../../http.ts';
import { apiBase, fixed, need, readJson } from '../api.ts';
import {
  type ChargeInput, type ChargeResult, type CheckoutInput, type CheckoutResult, type GatewayClient, paymentDescription,
  type RefundInput, type RefundResult,
} from '../contract.ts';

/** The cart of a sale: our payment id is the cart id, our invoice and tenant ride in user_defined. */
const saleCart = (input: ChargeInput | CheckoutInput) => ({
  tran_type: 'sale', cart_id: input.payment_id, cart_currency: input.currency,
  cart_amount: Number(fixed(input.amount, input.currency)), cart_description: paymentDescription(input),
  user_defined: { udf1: input.invoice_id, udf4: input.tenant_id },
});

export class PaytabsClient implements GatewayClient {
  gateway = 'paytabs' as const;
  constructor(private base = apiBase('PAYTABS_API_BASE', 'https://secure.paytabs.com')) {}

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
      ...saleCart(input), tran_class: 'ecom', callback: this.callback(), return: input.return_url, tokenise: 2,
    });
    return { gateway_payment_id: r.tran_ref, checkout_url: r.redirect_url };
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    // Recurring sale with the token saved at the first payment (tokenise).
    const r = await this.request({
      ...saleCart(input), tran_class: 'recurring',
      token: input.payment_method ?? undefined, tran_ref: input.customer ?? undefined, callback: this.callback(),
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
