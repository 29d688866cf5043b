// Text the system writes for people, rendered in the reader's language (issue 13 §11):
// audit actions and entity types, reasons written as codes ({"code", "params"}: SQL
// private.reason_code), and payment failure codes. Rows written before reasons became codes hold
// English sentences: LEGACY_REASONS maps them to the same codes. Staff-typed reasons stay as typed.
// Translations: i18n/{en,ar}/audit_labels.json. docs/billing-invoices.md "Reason codes".
import type { Translate } from './errors';

export interface ReasonCode { code: string; params: Record<string, string> }

const has = (t: Translate, key: string) => t(key, { defaultValue: '\u0000' }) !== '\u0000';

/** "Tenant activated" for tenant.activate; the code itself when there is no label yet. */
export function actionLabel(action: string, t: Translate): string {
  const key = `audit_labels.actions.${action}`;
  return has(t, key) ? t(key) : action;
}

export function entityLabel(entityType: string, t: Translate): string {
  const key = `audit_labels.entities.${entityType}`;
  return has(t, key) ? t(key) : entityType;
}

// The English sentences billing wrote before its reasons became codes.
const LEGACY_EXACT: Record<string, string> = {
  'gateway event': 'billing.gateway_event',
  'saved by a succeeded payment': 'billing.saved_by_payment',
  'gateway event names this payment': 'billing.gateway_event_names_payment',
  'the gateway reports another amount for a payment whose money was already applied; nothing was moved': 'billing.gateway_amount_mismatch',
  'gateway refund of a payment held on the customer balance': 'billing.gateway_refund_from_balance',
  'the same checkout retried (idempotency key): the failed gateway call may have been taken': 'billing.checkout_retried',
  'checkout attached to a payment its webhook created first': 'billing.checkout_merged',
  'cancel at period end': 'billing.cancel_at_period_end',
  "usage exceeds the new plan's hard limits": 'billing.downgrade_blocked_by_usage',
  'demo seed': 'seed.demo',
};
const LEGACY_PATTERNS: [RegExp, string, string[]][] = [
  [/^dunning case ([0-9a-f-]{36})$/, 'billing.dunning_case', ['case_id']],
  [/^refund of credit note (\S+) succeeded after it had failed; its balance credit is already spent$/, 'billing.late_refund_balance_spent', ['number']],
  [/^refund of credit note (\S+) succeeded after it had failed$/, 'billing.late_refund', ['number']],
  [/^refund of credit note (\S+) succeeded after all$/, 'billing.late_refund_taken_back', ['number']],
  [/^refund of credit note (\S+) failed: (.*)$/, 'billing.refund_failed_credited', ['number', 'failure']],
  [/^overpayment of invoice (\S+)$/, 'billing.overpayment', ['invoice']],
  [/^payment for (\w+) invoice (\S+)$/, 'billing.payment_for_closed_invoice', ['status', 'invoice']],
  [/^payment ((?=\S*\d)\S+)$/, 'billing.payment_applied', ['payment']],
  [/^credit note (\S+)$/, 'billing.credit_note_applied', ['number']],
  [/^unused time after cancellation \((\d+) of (\d+) days\) — rest of the credit on invoice (\S+)$/, 'billing.unused_time_rest_on_invoice', ['remaining', 'days', 'invoice']],
  [/^unused time after cancellation \((\d+) of (\d+) days\)$/, 'billing.unused_time', ['remaining', 'days']],
  [/^(\d+) × (\S+) add-on removed: unused (\d+) of (\d+) days$/, 'billing.add_on_removed', ['quantity', 'add_on', 'remaining', 'days']],
];

/** The code and parameters of a system-written reason (new JSON form or a legacy sentence); null for a staff-typed reason. */
export function parseReason(reason: string | null | undefined): ReasonCode | null {
  if (!reason) return null;
  const text = reason.trim();
  if (text.startsWith('{')) {
    try {
      const v = JSON.parse(text) as { code?: unknown; params?: unknown };
      if (typeof v.code === 'string' && /^[a-z_]+(\.[a-z_]+)+$/.test(v.code)) {
        const params = v.params && typeof v.params === 'object' ? v.params as Record<string, unknown> : {};
        return { code: v.code, params: Object.fromEntries(Object.entries(params).map(([k, x]) => [k, x == null ? '' : String(x)])) };
      }
    } catch { /* not JSON: a typed reason */ }
    return null;
  }
  if (LEGACY_EXACT[text]) return { code: LEGACY_EXACT[text], params: {} };
  for (const [re, code, names] of LEGACY_PATTERNS) {
    const m = re.exec(text);
    if (m) return { code, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) };
  }
  return null;
}

/** A reason in the reader's language: a code's translation, else the reason as written. */
export function reasonText(reason: string | null | undefined, t: Translate): string {
  if (!reason) return '';
  const parsed = parseReason(reason);
  if (!parsed) return reason;
  const key = `audit_labels.reasons.${parsed.code}`;
  if (!has(t, key)) return reason;
  const params: Record<string, string> = { ...parsed.params };
  if (params.status) params.status = t(`billing.status.invoice.${params.status}`, { defaultValue: params.status });
  return t(key, { ...params, interpolation: { escapeValue: false } });
}

/** A payment's failure in the reader's language; the gateway's own words (detail) for a tooltip. */
export function paymentFailureText(code: string | null | undefined, message: string | null | undefined, t: Translate):
  { text: string; detail: string | null } | null {
  if (!code && !message) return null;
  const c = (code ?? '').trim();
  const key = (k: string) => `audit_labels.payment_failures.${k}`;
  let k = 'other';
  if (c && has(t, key(c))) k = c;
  else if (/_refused$/.test(c)) k = 'refund_refused';
  else if (/^paytabs_|^\d{3}\.\d{3}\.\d{3}$|decline/i.test(c)) k = 'declined';
  const detail = [message, c && c !== k ? c : null].filter(Boolean).join(' · ') || null;
  return { text: t(key(k)), detail };
}
