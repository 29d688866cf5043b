// Helpers for the payments-checkout tests (imported by *_test.ts only): a tenant with a card saved
// by a real checkout, the simulator's pages and its Stripe PaymentIntents.
import assert from 'node:assert/strict';
import { GATEWAYS } from '../_shared/gateways/contract.ts';
import { checkout, drainBilling, openInvoice, ownerToken, q, SECRETS, SIMULATOR } from '../_shared/testing.ts';

export { GATEWAYS };

export interface SavedMethod { id: string; gateway: string; customer_ref: string | null; method_ref: string; brand: string | null; last4: string | null; exp_month: number | null; exp_year: number | null; is_default: boolean }
export const methodsOf = (tenantId: string) => q<SavedMethod>(
  `select id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default from public.payment_methods where tenant_id = $1 order by created_at`, [tenantId]);

/** A tenant whose invoice was paid through a real checkout page: its card is saved. */
export async function tenantWithSavedCard(gateway: typeof GATEWAYS[number] = 'stripe') {
  const inv = await openInvoice(gateway === 'hyperpay' ? '40.00' : '12.345', gateway === 'hyperpay' ? 'SAR' : 'OMR');
  const r = await checkout({ invoice_id: inv.invoice_id, gateway }, await ownerToken(inv.tenant_id));
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const paid = await press(r.json.checkout_url, 'pay');
  assert.equal(paid.webhook.status, 200, JSON.stringify(paid.webhook));
  await drainBilling();
  const [method] = await methodsOf(inv.tenant_id);
  assert.ok(method, 'the card is saved');
  return { inv, method };
}

export async function press(checkoutUrl: string, button: 'pay' | 'decline') {
  const res = await fetch(`${checkoutUrl}/${button}`, { method: 'POST', headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  return await res.json();
}

/** The simulator's PaymentIntents for an invoice (GET /v1/payment_intents?customer=, as Stripe lists them). */
export async function stripeIntentsFor(customer: string, invoiceId: string): Promise<{ id: string; status: string }[]> {
  const res = await fetch(`${SIMULATOR}/stripe/v1/payment_intents?customer=${encodeURIComponent(customer)}&limit=100`, {
    headers: { Authorization: `Bearer ${SECRETS.STRIPE_SECRET_KEY.split(',')[0].trim()}` },
  });
  assert.equal(res.status, 200);
  // deno-lint-ignore no-explicit-any
  return (await res.json()).data.filter((pi: any) => pi.metadata?.invoice_id === invoiceId);
}

/** A job id no dispatcher knows: complete_job fails after the charge, as when the acknowledgement is lost. */
export const lostJobId = () => 8_000_000_000_000 + Math.floor(Math.random() * 1e9);
