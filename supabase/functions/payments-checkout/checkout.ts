// A user's checkout: begin_checkout as the caller (SQL checks their right) → the gateway creates
// its hosted payment page → attach_checkout with the service key → {payment_id, checkout_url}.
// When the gateway call fails, the pending payment is cancelled (sql.ts orCancel).
import { clientFor } from '../_shared/gateways/index.ts';
import { env } from '../_shared/http.ts';
import { serviceClient, userClient } from '../_shared/supabase.ts';
import type { CheckoutBody } from './inputs.ts';
import { attachCheckout, beginCheckout, orCancel } from './sql.ts';

/** Where the payer returns: the given URL or PAYMENTS_RETURN_URL's template, marked done or cancelled. */
export function returnUrls(invoiceId: string, given?: string | null) {
  const template = env('PAYMENTS_RETURN_URL', 'http://127.0.0.1:3001/billing/invoices/show/{invoice_id}')!;
  const ret = given ?? template.replace('{invoice_id}', invoiceId);
  const sep = ret.includes('?') ? '&' : '?';
  return { return_url: `${ret}${sep}payment=done`, cancel_url: `${ret}${sep}payment=cancelled` };
}

export async function checkout(token: string, body: CheckoutBody, asService: boolean) {
  const caller = asService ? serviceClient() : userClient(token);
  const begun = await beginCheckout(caller, { invoice_id: body.invoice_id, gateway: body.gateway ?? null });
  const client = clientFor(begun.gateway);
  const created = await orCancel(begun.payment_id, () => client.createCheckout({ ...begun, ...returnUrls(begun.invoice_id, body.return_url) }));
  const paymentId = await attachCheckout(begun.payment_id, created.gateway_payment_id, created.checkout_url);
  return { payment_id: paymentId, gateway: begun.gateway, gateway_payment_id: created.gateway_payment_id, checkout_url: created.checkout_url };
}
