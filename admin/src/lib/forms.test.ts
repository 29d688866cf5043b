// Forms that never lie (issue 13 §7, §8): numbers are checked, never clamped or rounded; invalid
// modal submits stop in the form; confirmations and results are sentences in both languages.
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18n from 'i18next';
import { resources } from '../i18n';
import { numberProblem } from './numbers';
import { validValues } from './forms';
import { LIFECYCLE_FUNCTIONS } from './lifecycle';
import { runState } from '../components/billing/InvoiceRun';
import { OVERAGE_PRICE_RANGE, PERCENTAGE_RANGE, TRIAL_DAYS_RANGE, emptyDraft, flagRuleErrors, planDraftErrors } from '../components/entitlements/model';
import { SLA_RANGE } from './workflow';

const src = join(__dirname, '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.tsx') && !p.endsWith('.test.tsx') ? [p] : [];
});
const sources = files(src).map((p) => ({ p: p.slice(src.length + 1), text: readFileSync(p, 'utf8') }));

const inst = i18n.createInstance();
await inst.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });

describe('numbers are never changed behind the user', () => {
  test('no InputNumber clamps (min/max) or rounds (precision) what was typed', () => {
    const offenders = sources.flatMap(({ p, text }) => [...text.matchAll(/<InputNumber\b[^>]*?\b(min|max|precision)=\{/g)].map((m) => `${p}: ${m[1]}`));
    expect(offenders).toEqual([]);
  });

  test('out-of-range values are problems, not other values', () => {
    expect(numberProblem(-1, TRIAL_DAYS_RANGE)?.key).toBe('common.number.between');
    expect(numberProblem(0, TRIAL_DAYS_RANGE)).toBeNull();
    expect(numberProblem(-10, SLA_RANGE)?.values).toEqual({ min: 1, max: 525600 });
    expect(numberProblem(150, PERCENTAGE_RANGE)?.key).toBe('common.number.between');
    expect(numberProblem(-5, OVERAGE_PRICE_RANGE)?.key).toBe('common.number.min');
    expect(numberProblem(0.0001, OVERAGE_PRICE_RANGE)?.key).toBe('common.number.decimals');
    expect(numberProblem(2.5, { integer: true })?.key).toBe('common.number.integer');
    expect(numberProblem(null, { required: true })?.key).toBe('common.number.required');
    expect(numberProblem(null, {})).toBeNull();
    expect(inst.t('common.number.between', { min: 1, max: 30 })).toBe('Between 1 and 30');
  });

  test('the plan editor and flag rules refuse them at save', () => {
    expect(planDraftErrors('basic', { ...emptyDraft(), name: { en: 'Basic', ar: '' }, trial_days: -1 })).toContain('plans.validation.trial_days');
    expect(planDraftErrors('basic', { ...emptyDraft(), name: { en: 'Basic', ar: '' }, tier: 101 })).toContain('plans.validation.tier');
    const overage = { ...emptyDraft(), name: { en: 'Basic', ar: '' },
      limits: { orders: { limit: 10, type: 'overage' as const, overage_prices: { OMR: -5 } } } };
    expect(planDraftErrors('basic', overage)).toContain('plans.validation.overage_price');
    expect(flagRuleErrors([{ type: 'percentage', percentage: 150 }])).toEqual([[0, 'feature_flags.validation.percentage']]);
  });
});

describe('modals', () => {
  test('no modal awaits validateFields() bare (an invalid submit was an uncaught page error)', () => {
    const offenders = sources.filter(({ text }) => /await\s+\w+\.validateFields\(\)\s*;/.test(text)).map(({ p }) => p);
    expect(offenders).toEqual([]);
  });

  test('validValues answers null for an invalid form, the values otherwise', async () => {
    const bad = { validateFields: () => Promise.reject({ errorFields: [{ name: ['x'], errors: ['required'] }] }) };
    const good = { validateFields: () => Promise.resolve({ x: 1 }) };
    expect(await validValues(bad as any)).toBeNull();
    expect(await validValues(good as any)).toEqual({ x: 1 });
  });
});

describe('sentences', () => {
  const actions = Object.keys(LIFECYCLE_FUNCTIONS);
  test.each(['en', 'ar'])('every lifecycle action has a confirmation question and a success sentence (%s)', (lng) => {
    const t = inst.getFixedT(lng);
    for (const a of actions) {
      const question = t(`tenants.lifecycle.confirm.${a}`);
      expect(question, a).not.toBe(`tenants.lifecycle.confirm.${a}`);
      expect(question.endsWith('?') || question.endsWith('؟'), question).toBe(true);
      const done = t(`tenants.lifecycle.done.${a}`, { status: t('tenants.status.trial') });
      expect(done, a).not.toBe(`tenants.lifecycle.done.${a}`);
      expect(done).toContain(t('tenants.status.trial'));
    }
    expect(inst.getFixedT('en')('tenants.lifecycle.confirm.start_trial')).toBe('Start a trial for this tenant?');
  });

  test('the bank-transfer dialog records the amount received, VAT included', () => {
    const t = inst.getFixedT('en');
    const show = readFileSync(join(src, 'pages', 'billing', 'invoices', 'show.tsx'), 'utf8');
    const manual = show.slice(show.indexOf('function ManualPaymentModal'));
    expect(manual).not.toContain("billing.credit_notes.amount'");
    expect(t('billing.payments.amount_received', { currency: 'OMR' })).toBe('Amount received (OMR, VAT included)');
  });
});

describe('Run invoicing now', () => {
  test('says what it enqueued and how far it is', () => {
    expect(runState({ enqueued: 0, since: '' }, undefined)).toMatchObject({ finished: true, percent: 100 });
    expect(runState({ enqueued: 4, since: '' }, undefined)).toMatchObject({ done: 0, finished: false, percent: 0 });
    expect(runState({ enqueued: 4, since: '' }, { remaining: 3, succeeded: 1, failed: 0 })).toMatchObject({ done: 1, finished: false, percent: 25 });
    expect(runState({ enqueued: 4, since: '' }, { remaining: 1, succeeded: 3, failed: 1 })).toMatchObject({ done: 3, failed: 1, finished: true });
    expect(runState({ enqueued: 4, since: '' }, { remaining: 0, succeeded: 4, failed: 0 })).toMatchObject({ finished: true, percent: 100 });
  });
});
