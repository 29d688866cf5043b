import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import i18n from 'i18next';
import { describe, expect, test } from 'vitest';
import { resources } from '../../i18n';
import { billingErrorCode, describeError } from '../../lib/errors';
import { lastResultKey } from './common';
import { paymentFilters } from '../../pages/billing/payments';

const billing = (lang: 'en' | 'ar') => resources[lang].translation.billing as unknown as Record<string, any>;

describe('billing errors', () => {
  test('the code comes from PostgREST `details` or an Edge Function `detail`', () => {
    expect(billingErrorCode({ code: 'PT409', message: 'a coupon X exists already', details: 'billing.coupon_exists' })).toBe('coupon_exists');
    expect(billingErrorCode({ code: 'conflict', message: '…', detail: 'billing.invoice_not_payable' })).toBe('invoice_not_payable');
    expect(billingErrorCode({ code: 'PT409', details: 'tenant.illegal_transition' })).toBeNull();
    expect(billingErrorCode(null)).toBeNull();
    expect(billingErrorCode('boom')).toBeNull();
  });

  test('the console titles a billing error in the reader\'s language, the server\'s message and hint below', async () => {
    const inst = i18n.createInstance();
    await inst.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
    const err = { code: 'PT409', message: 'a coupon WELCOME10 exists already', details: 'billing.coupon_exists', hint: 'pick another code' };
    expect(describeError(err, inst.getFixedT('en'))).toEqual({
      title: billing('en').errors.coupon_exists, description: 'a coupon WELCOME10 exists already — pick another code' });
    expect(describeError(err, inst.getFixedT('ar')).title).toBe(billing('ar').errors.coupon_exists);
    // a code without a translation keeps the server's message as the title
    expect(describeError({ ...err, details: 'billing.not_a_code' }, inst.getFixedT('en')).title).toBe('a coupon WELCOME10 exists already');
  });

  test('the codes operators meet are translated in both languages', () => {
    for (const code of ['coupon_exists', 'invoice_not_voidable', 'same_plan', 'cancel_already_scheduled', 'nothing_to_resume',
      'duplicate_reference', 'overpayment', 'over_credit', 'plan_limits_exceeded', 'forbidden']) {
      expect(billing('en').errors[code], code).toBeTruthy();
      expect(billing('ar').errors[code], code).toBeTruthy();
    }
  });
});

describe('every billing error code the database raises', () => {
  test('has a title in English and in Arabic', () => {
    // the repository's migrations, found upwards from where the tests run (the repo or admin/)
    let root = process.cwd();
    while (!existsSync(join(root, 'supabase', 'migrations')) && dirname(root) !== root) root = dirname(root);
    const dir = join(root, 'supabase', 'migrations');
    const codes = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const sql = readFileSync(join(dir, file), 'utf8');
      for (const m of sql.matchAll(/billing_fail\(\s*'[^']*',\s*'([a-z_]+)'/g)) codes.add(m[1]);
      for (const m of sql.matchAll(/detail\s*=\s*'billing\.([a-z_]+)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(50);
    const missing = [...codes].filter((c) => !billing('en').errors[c] || !billing('ar').errors[c]);
    expect(missing).toEqual([]);
  });
});

describe('dunning last results', () => {
  test('every phrase SQL writes has a translation', () => {
    const phrases = ['warned', 'past_due', 'suspended', 'written off', 'paid', 'invoice voided', 'invoice void', 'invoice uncollectible',
      'retry skipped (no payment method on file)', 'retry skipped (caught up)', 'retry requested', 'reminder skipped (caught up)',
      'reminder queued', 'retry', 'reminder'];
    for (const p of phrases) {
      const k = lastResultKey(p);
      expect(billing('en').dunning.results[k], p).toBeTruthy();
      expect(billing('ar').dunning.results[k], p).toBeTruthy();
    }
    expect(lastResultKey('error: boom')).toBe('error_boom'); // unknown: shown as written
  });
});

describe('payments filters', () => {
  test('reference, tenant, status, gateway', () => {
    expect(paymentFilters({})).toEqual([]);
    expect(paymentFilters({ status: 'failed', gateway: 'manual', tenant_id: 't1', reference: ' pi_1 ' })).toEqual([
      { field: 'status', operator: 'eq', value: 'failed' },
      { field: 'gateway', operator: 'eq', value: 'manual' },
      { field: 'tenant_id', operator: 'eq', value: 't1' },
      { field: 'gateway_payment_id', operator: 'contains', value: 'pi_1' },
    ]);
  });
});
