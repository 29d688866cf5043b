// The job envelope through pg_net: the dispatcher posts billing jobs to payments-checkout, which
// acknowledges them (complete_job / fail_job).
import assert from 'node:assert/strict';
import {
  drainBilling, invoiceState, itest, openInvoice, q, SIMULATOR, waitFor,
} from '../_shared/testing.ts';
import { tenantWithSavedCard } from './testing.ts';

itest('jobs through pg_net: billing.retry_payment charges, a refund credit note refunds through the gateway', async () => {
  const { inv: first, method } = await tenantWithSavedCard('stripe');
  const inv = await openInvoice('12.345', 'OMR', first.tenant_id);
  await fetch(`${SIMULATOR}/stripe/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, outcome: 'succeed' }) }).then((r) => r.body?.cancel());
  const key = `test-retry:${inv.invoice_id}`;
  await q(`select private.enqueue('billing', 'billing.retry_payment', jsonb_build_object('action', 'charge', 'invoice_id', $1::text,
             'gateway', 'stripe', 'customer_ref', $3::text, 'method_ref', $4::text), $2)`, [inv.invoice_id, key, method.customer_ref, method.method_ref]);
  await waitFor('the retry job acknowledged', async () =>
    (await q(`select 1 from private.job_runs where job_type = 'billing.retry_payment' and outcome = 'succeeded' and job_id in
              (select (m.message ->> 'job_id')::bigint from pgmq.q_billing m where m.message ->> 'idempotency_key' = $1
               union select r.job_id from private.job_runs r where r.job_type = 'billing.retry_payment')`, [key])).length > 0);
  await waitFor('the invoice paid by the retry', async () => (await invoiceState(inv.invoice_id)).status === 'paid');
  const [p] = await q<{ id: string; gateway_payment_id: string; amount: string }>(
    `select id, gateway_payment_id, amount::text from public.payments where invoice_id = $1 and status = 'succeeded'`, [inv.invoice_id]);
  assert.ok(p.gateway_payment_id.startsWith('pi_sim_'));

  // a credit note refunded through the gateway: the job posts {action: refund} → the simulator → refund webhooks
  const [{ cn }] = await q<{ cn: { refund_id: string; total: number } }>(`select public.issue_credit_note($1, 1.000, 'refund', 'goodwill refund') as cn`, [inv.invoice_id]);
  const refund = await waitFor('the refund to succeed', async () => {
    const [r] = await q<{ status: string; gateway_refund_id: string; amount: string }>(
      `select status, gateway_refund_id, amount::text from public.refunds where id = $1`, [cn.refund_id]);
    return r?.status === 'succeeded' ? r : null;
  });
  assert.ok(refund.gateway_refund_id.startsWith('re_sim_'), refund.gateway_refund_id);
  assert.equal(Number(refund.amount), Number(cn.total)); // the credit note's total, VAT included
  await drainBilling();
  const [after] = await q<{ amount_refunded: string }>(`select amount_refunded::text from public.payments where id = $1`, [p.id]);
  assert.equal(Number(after.amount_refunded), Number(cn.total));
  // one refund row, not one per webhook (charge.refunded and refund.created both arrive)
  const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from public.refunds where gateway_payment_id = $1`, [p.gateway_payment_id]);
  assert.equal(n, 1);
});
