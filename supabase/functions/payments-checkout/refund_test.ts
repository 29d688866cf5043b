// action 'refund' (the refund credit note's job): refunds through the gateway; a refund the gateway
// refuses at once is failed (public.fail_refund), not retried.
import assert from 'node:assert/strict';
import {
  checkout, drainBilling, invoiceState, itest, q, SERVICE_KEY, SIMULATOR, waitFor,
} from '../_shared/testing.ts';
import { GATEWAYS, tenantWithSavedCard } from './testing.ts';

// ── a refund the gateway refuses at once ────────────────────────────────────────────────────
// Stripe answers 400 (charge_disputed), PayTabs a final 'D', HyperPay 400 with 700.400.200; no
// webhook follows any of them. The refund job marks the refund failed (public.fail_refund), the
// credit note's total goes to the customer balance, and the job is completed, not retried.

const REFUSAL_CODE: Record<typeof GATEWAYS[number], string> = { stripe: 'charge_disputed', paytabs: 'paytabs_D', hyperpay: '700.400.200' };

for (const gateway of GATEWAYS) {
  itest(`refund job (${gateway}): the gateway refuses the refund → refund failed with its code, job completed once, the credit note's total on the balance`, async () => {
    const { inv } = await tenantWithSavedCard(gateway);
    assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
    const control = await fetch(`${SIMULATOR}/${gateway}/_control`, { method: 'POST', body: JSON.stringify({ tenant_id: inv.tenant_id, refund: 'refuse' }) }).then((r) => r.json());
    assert.equal(control.refund, 'refuse');
    const balance = async () => Number((await q<{ b: string }>(`select coalesce((select balance from public.billing_profiles where tenant_id = $1), 0)::text as b`, [inv.tenant_id]))[0].b);
    const before = await balance(); // the Stripe OMR charge's rounding excess may be on it already

    // the credit note enqueues billing.refund_payment; the dispatcher posts it to payments-checkout (pg_net)
    const [{ cn }] = await q<{ cn: { id: string; refund_id: string; total: number } }>(
      `select public.issue_credit_note($1, $2::numeric, 'refund', 'goodwill refund') as cn`, [inv.invoice_id, gateway === 'hyperpay' ? '10.00' : '1.000']);
    const [{ job_id }] = await q<{ job_id: string }>(
      `select job_id::text from private.job_keys where queue_name = 'billing' and idempotency_key = $1`, [`refund:${cn.refund_id}`]);
    const runs = () => q<{ attempt: number; outcome: string; error_message: string | null }>(
      `select attempt, outcome, error_message from private.job_runs where job_id = $1 order by id`, [job_id]);
    await waitFor('the refund job to be acknowledged', async () => {
      const r = await runs();
      return r.length > 0 && r.every((x) => x.outcome !== 'running');
    });
    assert.deepEqual((await runs()).map((r) => [r.attempt, r.outcome, r.error_message]), [[1, 'succeeded', null]], 'one attempt, completed — a refusal is not retried');
    const [key] = await q<{ state: string }>(`select state from private.job_keys where queue_name = 'billing' and idempotency_key = $1`, [`refund:${cn.refund_id}`]);
    assert.equal(key.state, 'succeeded');

    const [refund] = await q<{ status: string; failure_code: string; failure_message: string; failed_at: Date | null; gateway_refund_id: string }>(
      `select status, failure_code, failure_message, failed_at, gateway_refund_id from public.refunds where id = $1`, [cn.refund_id]);
    assert.deepEqual([refund.status, refund.failure_code], ['failed', REFUSAL_CODE[gateway]], JSON.stringify(refund));
    assert.ok(refund.failed_at);
    assert.ok(refund.failure_message.length >= 3, refund.failure_message);
    const [{ n: audited }] = await q<{ n: number }>(`select count(*)::int as n from audit.log where action = 'refund.failed' and entity_id = $1`, [cn.refund_id]);
    assert.equal(audited, 1, 'audited once as refund.failed');

    // the credit note's total is on the customer balance (it used up the invoice's creditable amount)
    const after = await balance();
    assert.equal(Math.round((after - before) * 1000), Math.round(Number(cn.total) * 1000), `balance ${before} → ${after}, credit note total ${cn.total}`);
    const [{ credited }] = await q<{ credited: string }>(`select coalesce(sum(amount), 0)::text as credited from public.customer_balance_transactions where credit_note_id = $1`, [cn.id]);
    assert.equal(Number(credited), Number(cn.total));

    // the same refund asked again (a replayed job): refused again, answered 200 as failed, nothing credited twice
    const [row] = await q<{ gateway_payment_id: string; amount: string; currency: string }>(
      `select gateway_payment_id, amount::text, currency from public.refunds where id = $1`, [cn.refund_id]);
    const again = await checkout({ action: 'refund', refund_id: cn.refund_id, gateway, gateway_payment_id: row.gateway_payment_id, amount: row.amount, currency: row.currency }, SERVICE_KEY);
    assert.equal(again.status, 200, JSON.stringify(again.json));
    assert.deepEqual([again.json.status, again.json.failure_code, again.json.refund_status, again.json.credited_to_balance], ['failed', REFUSAL_CODE[gateway], 'failed', 0]);
    assert.equal(typeof again.json.failure_message, 'string');
    assert.equal(await balance(), after);
    // no refund webhook followed the refusal
    await drainBilling();
    const [{ status }] = await q<{ status: string }>(`select status from public.refunds where id = $1`, [cn.refund_id]);
    assert.equal(status, 'failed');
  });
}
