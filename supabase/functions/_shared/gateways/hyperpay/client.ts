// deno-lint-ignore-file no-explicit-any -- gateway JSON bodies are loosely typed on purpose
// HyperPay (OPPWA): COPYandPAY checkouts, payments with a saved registration, refunds (RF).
// HYPERPAY_API_BASE: OPPWA's test host by default; devstack points it at its simulator.
import { env, HttpError } from '../../http.ts';
import { apiBase, fixed, formEncode, need, readJson } from '../api.ts';
import type { ChargeInput, ChargeResult, CheckoutInput, CheckoutResult, GatewayClient, RefundInput, RefundResult } from '../contract.ts';
import { HYPERPAY_CHECKOUT_CREATED, HYPERPAY_OURS, hyperpayOutcome } from './results.ts';

/** A debit (DB) of the invoice's amount: our payment id is the merchant transaction id. */
const debit = (input: ChargeInput | CheckoutInput) => ({
  amount: fixed(input.amount, input.currency), currency: input.currency, paymentType: 'DB', merchantTransactionId: input.payment_id,
  'customParameters[invoice_id]': input.invoice_id, 'customParameters[tenant_id]': input.tenant_id,
});

export class HyperpayClient implements GatewayClient {
  gateway = 'hyperpay' as const;
  constructor(private base = apiBase('HYPERPAY_API_BASE', 'https://eu-test.oppwa.com')) {}

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

  async createCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    const r = await this.post('/v1/checkouts', { ...debit(input), createRegistration: 'true', shopperResultUrl: input.return_url });
    if (!HYPERPAY_CHECKOUT_CREATED.test(r.result.code)) throw new HttpError(502, 'gateway_error', `hyperpay: ${r.result.description ?? r.result.code}`);
    // COPYandPAY renders the widget on a page we host; HYPERPAY_CHECKOUT_PAGE is its URL template.
    const page = env('HYPERPAY_CHECKOUT_PAGE', `${this.base}/pay/{id}`)!;
    return { gateway_payment_id: r.id, checkout_url: page.replace('{id}', encodeURIComponent(r.id)) };
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    if (!input.payment_method) throw new HttpError(400, 'invalid_request', 'no saved HyperPay registration (payment_method) for this tenant');
    const r = await this.post(`/v1/registrations/${encodeURIComponent(input.payment_method)}/payments`, {
      ...debit(input), standingInstruction: { mode: 'REPEATED', type: 'UNSCHEDULED', source: 'MIT' },
    });
    // A refusal before any payment exists (e.g. an unknown registration) has no payment id.
    if (!r.id) throw new HttpError(502, 'gateway_error', `hyperpay: ${r.result.description ?? r.result.code}`);
    const status = hyperpayOutcome(r.result.code);
    return { gateway_payment_id: r.id, status, failure_code: status === 'failed' ? r.result.code : null, failure_message: status === 'failed' ? r.result.description : null };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const r = await this.post(`/v1/payments/${encodeURIComponent(input.gateway_payment_id)}`, {
      amount: fixed(input.amount, input.currency), currency: input.currency, paymentType: 'RF', merchantTransactionId: input.refund_id,
      'customParameters[payment_id]': input.payment_id ?? undefined, 'customParameters[invoice_id]': input.invoice_id ?? undefined,
    });
    const code: string = r.result.code;
    const outcome = hyperpayOutcome(code);
    if (outcome !== 'failed') return { gateway_refund_id: r.id ?? null, status: outcome };
    if (HYPERPAY_OURS.test(code)) { // incl. 800.900.300, OPPWA's 401/403 answer
      throw new HttpError(502, 'gateway_error', `hyperpay: ${code} ${r.result.description ?? ''}`.trim());
    }
    // Refused (e.g. 700.400.200 "cannot refund", a 400 with no refund made, or a declined RF payment)
    return { gateway_refund_id: r.id ?? null, status: 'failed', failure_code: code, failure_message: r.result.description ?? null };
  }
}
