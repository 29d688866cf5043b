import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18n from 'i18next';
import { beforeAll, describe, expect, test } from 'vitest';
import { resources } from '../i18n';
import { actionLabel, entityLabel, parseReason, paymentFailureText, reasonText } from './auditLabels';
import type { Translate } from './errors';

// Every audit action, entity type and reason code the SQL writes (issue 13 §11), read from the migrations.
const migrationsDir = join(__dirname, '..', '..', '..', 'supabase', 'migrations');
const sql = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort()
  .map((f) => readFileSync(join(migrationsDir, f), 'utf8')).join('\n');
const literalActions = [...sql.matchAll(/audit\.record\(\s*'([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]);
const literalEntities = [...sql.matchAll(/audit\.record\(\s*(?:'[^']*'|[^,]+),\s*'([a-z_]+)'/g)].map((m) => m[1]);
const reasonCodes = [...sql.matchAll(/reason_code\('([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]);
const lifecycle = [...sql.matchAll(/\('([a-z_]+)', array\['[a-z_', ]+\], '[a-z_]+', 'tenants\.[a-z]+'\)/g)].map((m) => `tenant.${m[1]}`);
// actions built at run time: 'payment.' || status, 'dunning.' || action, 'subscription.' || target, …
const dynamicActions = [
  'payment.pending', 'payment.succeeded', 'payment.failed', 'payment.cancelled', 'refund.pending', 'refund.succeeded', 'refund.failed',
  'subscription.past_due', 'subscription.suspended', 'subscription.active', 'entitlement.grant', 'entitlement.revoke',
  'flag.create', 'flag.update', 'flag.kill', 'flag.revive', 'plan.create', 'plan.version', 'plan.update',
  'dunning.opened', 'dunning.payment_failed', 'dunning.reminder_recorded', 'dunning.recovered', 'dunning.closed',
  'dunning.retry', 'dunning.reminder', 'dunning.warned', 'dunning.past_due', 'dunning.suspended', 'dunning.written_off',
  'catalog.entry_create', 'catalog.entry_update', 'catalog.sync', 'catalog.upgrade', 'catalog.rollback', 'catalog.unpin',
  'support.reply', 'support.note', 'support.ticket_status', 'support.ticket_reopen',
];
const arabic = /[\u0600-\u06FF]/;

let en: Translate;
let ar: Translate;
beforeAll(async () => {
  const inst = i18n.createInstance();
  await inst.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });
  en = inst.getFixedT('en') as Translate;
  ar = inst.getFixedT('ar') as Translate;
});

describe('what the system writes reads in the reader\'s language', () => {
  test('the scan finds the SQL\'s actions, entity types, lifecycle actions and reason codes', () => {
    expect(literalActions.length).toBeGreaterThan(50);
    expect(literalEntities).toContain('invoice');
    expect(lifecycle).toContain('tenant.start_trial');
    expect(reasonCodes).toContain('billing.gateway_event');
  });

  test('every audit action has an English and an Arabic label', () => {
    const all = [...new Set([...literalActions, ...lifecycle, ...dynamicActions])].sort();
    expect(all.filter((a) => actionLabel(a, en) === a)).toEqual([]);
    expect(all.filter((a) => !arabic.test(actionLabel(a, ar)))).toEqual([]);
  });

  test('every audit entity type has an English and an Arabic label', () => {
    const all = [...new Set(literalEntities)].sort();
    expect(all.filter((e) => entityLabel(e, en) === e)).toEqual([]);
    expect(all.filter((e) => !arabic.test(entityLabel(e, ar)))).toEqual([]);
  });

  test('every reason code the SQL writes has an English and an Arabic text', () => {
    const all = [...new Set(reasonCodes)].sort();
    const json = (code: string) => JSON.stringify({ code });
    expect(all.filter((c) => reasonText(json(c), en) === json(c))).toEqual([]);
    expect(all.filter((c) => !arabic.test(reasonText(json(c), ar)))).toEqual([]);
  });

  test('a reason code with parameters renders them', () => {
    const r = '{"code": "billing.overpayment", "params": {"invoice": "HQ-2026-000007"}}';
    expect(parseReason(r)).toEqual({ code: 'billing.overpayment', params: { invoice: 'HQ-2026-000007' } });
    expect(reasonText(r, en)).toBe('Overpayment of invoice HQ-2026-000007');
    expect(reasonText(r, ar)).toContain('HQ-2026-000007');
    expect(reasonText(r, ar)).toMatch(arabic);
  });

  test('rows written before reasons were codes still render in Arabic', () => {
    const legacy = [
      'gateway event', 'saved by a succeeded payment', 'gateway event names this payment',
      'the gateway reports another amount for a payment whose money was already applied; nothing was moved',
      'gateway refund of a payment held on the customer balance', 'checkout attached to a payment its webhook created first',
      'the same checkout retried (idempotency key): the failed gateway call may have been taken', 'cancel at period end',
      "usage exceeds the new plan's hard limits", 'dunning case 3f85d802-900d-4ed2-8449-fafeca4d684b',
      'refund of credit note CN-2026-000001 succeeded after it had failed',
      'refund of credit note CN-2026-000001 succeeded after it had failed; its balance credit is already spent',
      'overpayment of invoice HQ-2026-000002', 'payment for paid invoice HQ-2026-000002', 'payment pi_3Q1',
      'unused time after cancellation (12 of 30 days) — rest of the credit on invoice HQ-2026-000009', 'demo seed',
    ];
    expect(legacy.filter((r) => !parseReason(r))).toEqual([]);
    expect(legacy.filter((r) => !arabic.test(reasonText(r, ar)))).toEqual([]);
    expect(reasonText('dunning case 3f85d802-900d-4ed2-8449-fafeca4d684b', ar)).toContain('3f85d802-900d-4ed2-8449-fafeca4d684b');
    expect(reasonText('payment for void invoice HQ-2026-000002', en)).toBe('Payment for invoice HQ-2026-000002 (Void)');
  });

  test('a reason staff typed is shown as typed', () => {
    expect(parseReason('customer asked for a refund')).toBeNull();
    expect(reasonText('customer asked for a refund', ar)).toBe('customer asked for a refund');
    expect(reasonText('{not json', ar)).toBe('{not json');
    expect(reasonText('payment received', ar)).toBe('payment received');
  });

  test('payment failures: system codes and gateway declines are translated, the gateway\'s words kept for detail', () => {
    expect(paymentFailureText('expired', 'checkout not completed within 24:00:00', ar)?.text).toMatch(arabic);
    expect(paymentFailureText('superseded', 'a new checkout was started for this invoice', ar)?.text).toMatch(arabic);
    const declined = paymentFailureText('800.100.151', 'transaction declined (invalid card)', ar);
    expect(declined?.text).toBe(ar('audit_labels.payment_failures.declined'));
    expect(declined?.detail).toBe('transaction declined (invalid card) · 800.100.151');
    expect(paymentFailureText('paytabs_D_4', null, en)?.text).toBe('Declined by the payment gateway');
    expect(paymentFailureText('card_declined', 'Your card was declined.', en)?.text).toBe('The card was declined');
    expect(paymentFailureText('zz_unknown', 'boom', en)).toEqual({ text: 'The payment failed', detail: 'boom · zz_unknown' });
    expect(paymentFailureText(null, null, en)).toBeNull();
  });
});
