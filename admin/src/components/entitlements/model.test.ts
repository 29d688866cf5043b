import { describe, expect, test } from 'vitest';
import {
  definitionFromDraft, draftFromPlan, emptyDraft, featureValue, flagRuleErrors, grantValue, move, newRule, planDraftErrors,
  planChangeArgs, planChangeOutlook, usage, type Feature, type PlanChangePreview, type PlanRow,
} from './model';

const F = (key: string, type: Feature['type'], extra: Partial<Feature> = {}): Feature => ({
  key, type, name: { en: key }, module_code: null, default_value: type === 'limit' ? 1 : false, enum_values: null,
  period: type === 'limit' ? 'none' : null, default_limit_type: type === 'limit' ? 'hard' : null, unit: null, sort_order: 1, ...extra,
});
const catalogue = [F('sso', 'boolean'), F('support.tier', 'enum', { enum_values: ['community', 'priority'], default_value: 'community' }),
  F('max_users', 'limit'), F('sms_per_month', 'limit', { default_limit_type: 'overage' })];
const plan: PlanRow = {
  id: 'p', code: 'growth', version: 2, name: { en: 'Growth', ar: 'النمو' }, description: {}, tier: 2, trial_days: 14,
  status: 'active', is_current: true, is_default: false, created_at: '',
  plan_prices: [{ currency: 'SAR', interval: 'month', amount: 185 }, { currency: 'OMR', interval: 'month', amount: 19 }],
  plan_features: [
    { feature_key: 'sso', value: true, limit_type: null, overage_prices: null },
    { feature_key: 'max_users', value: null, limit_type: 'hard', overage_prices: null },
    { feature_key: 'sms_per_month', value: 500, limit_type: 'overage', overage_prices: { OMR: 0.015 } },
    { feature_key: 'gone', value: true, limit_type: null, overage_prices: null },
  ],
};

describe('plan drafts', () => {
  test('round-trip a stored plan into a save_plan definition', () => {
    const d = draftFromPlan(plan, catalogue);
    expect(d.prices.map((p) => p.currency)).toEqual(['OMR', 'SAR']);
    expect(d.features).toEqual({ sso: true });
    expect(d.limits.max_users).toEqual({ limit: null, type: 'hard', overage_prices: {} });
    const def = definitionFromDraft(d);
    expect(def.name).toEqual({ en: 'Growth', ar: 'النمو' });
    expect(def.limits).toEqual({ max_users: { limit: null, type: 'hard' },
      sms_per_month: { limit: 500, type: 'overage', overage_prices: { OMR: 0.015 } } });
    expect(def.features).not.toHaveProperty('gone');
  });

  test('values the plan does not set read the catalogue default', () => {
    const d = draftFromPlan(plan, catalogue);
    expect(featureValue(d, catalogue[1])).toEqual({ value: 'community', inherited: true });
    expect(featureValue(d, catalogue[0])).toEqual({ value: true, inherited: false });
    expect(featureValue(d, catalogue[2])).toEqual({ value: null, inherited: false });
  });

  test('client checks: code, name, prices, overage prices', () => {
    expect(planDraftErrors('growth', draftFromPlan(plan, catalogue))).toEqual([]);
    const d = emptyDraft();
    d.prices = [{ currency: 'omr', interval: 'month', amount: 1 }];
    d.limits = { sms_per_month: { limit: 10, type: 'overage', overage_prices: {} } };
    expect(planDraftErrors('Bad Code', d)).toEqual(['plans.validation.code', 'plans.validation.name_en',
      'plans.validation.price', 'plans.validation.overage_prices']);
    const dup = { ...emptyDraft(), name: { en: 'X', ar: '' }, prices: [
      { currency: 'OMR', interval: 'month' as const, amount: 1 }, { currency: 'OMR', interval: 'month' as const, amount: 2 }] };
    expect(planDraftErrors('x', dup)).toEqual(['plans.validation.price_duplicate']);
  });
});

describe('entitlements', () => {
  test('usage bars: unlimited, near, over a hard and over a soft limit', () => {
    expect(usage({ limit: null, used: 5, type: 'hard' })).toMatchObject({ unlimited: true, percent: 0 });
    expect(usage({ limit: 10, used: 5, type: 'hard' })).toMatchObject({ percent: 50, status: 'normal', over: false });
    expect(usage({ limit: 10, used: 9, type: 'hard' })).toMatchObject({ percent: 90, status: 'active' });
    expect(usage({ limit: 10, used: 15, type: 'hard' })).toMatchObject({ percent: 100, status: 'exception', over: true });
    expect(usage({ limit: 0, used: 40, type: 'overage' })).toMatchObject({ percent: 100, status: 'active', over: true });
    expect(usage({ limit: 0, used: 0, type: 'soft' })).toMatchObject({ percent: 0, over: false });
  });

  test('grant values are typed per feature', () => {
    expect(grantValue({ type: 'boolean', enum_values: null }, true)).toEqual({ ok: true, value: true });
    expect(grantValue({ type: 'boolean', enum_values: null }, 'true')).toEqual({ ok: false });
    expect(grantValue({ type: 'enum', enum_values: ['a', 'b'] }, 'b')).toEqual({ ok: true, value: 'b' });
    expect(grantValue({ type: 'enum', enum_values: ['a'] }, 'z')).toEqual({ ok: false });
    expect(grantValue({ type: 'limit', enum_values: null }, 12)).toEqual({ ok: true, value: 12 });
    expect(grantValue({ type: 'limit', enum_values: null }, null)).toEqual({ ok: true, value: null });
    expect(grantValue({ type: 'limit', enum_values: null }, -1)).toEqual({ ok: false });
    expect(grantValue({ type: 'limit', enum_values: null }, '')).toEqual({ ok: false });
  });

  // The client no longer computes a proration of its own (it was by fraction of time, the server's
  // is by day and is what gets invoiced): it says which of the one rule's paths the change takes.
  test('plan change outlook: billed through the subscription, or the plan alone', () => {
    const p: PlanChangePreview = {
      billed: true, subscription_id: 's', subscription_status: 'active', plan_code: 'pro', from_plan_code: 'growth',
      direction: 'upgrade', default_effective: 'now', currency: 'OMR', old_amount: 19, new_amount: 39, violations: [],
      proration: { currency: 'OMR', days_in_period: 30, days_remaining: 15, old_amount: 19, new_amount: 39, credit: -9.5,
        charge: 19.5, net: 10, tax_rate: 5, tax: 0.5, total: 10.5 },
    };
    expect(planChangeOutlook(p, 'now')).toEqual({ note: 'billed_now', showProration: true });
    expect(planChangeOutlook(p, 'period_end')).toEqual({ note: 'billed_at_period_end', showProration: false });
    expect(planChangeOutlook({ ...p, subscription_status: 'trialing' }, 'now')).toEqual({ note: 'trial_no_proration', showProration: false });
    const alone = { ...p, billed: false, subscription_id: null, proration: null };
    expect(planChangeOutlook(alone, 'now')).toEqual({ note: 'plan_alone_now', showProration: false });
    expect(planChangeOutlook(alone, 'period_end')).toEqual({ note: 'plan_alone_at_period_end', showProration: false });
  });

  test('plan change arguments: one call, change_plan, whichever tab', () => {
    expect(planChangeArgs('t', 'pro', 'now', '  ')).toEqual({ tenant_id: 't', plan_code: 'pro', effective: 'now', reason: null });
    expect(planChangeArgs('t', 'starter', 'period_end', ' cost ')).toEqual({ tenant_id: 't', plan_code: 'starter', effective: 'period_end', reason: 'cost' });
  });
});

describe('flags', () => {
  test('rule checks', () => {
    expect(flagRuleErrors([newRule('percentage'), { type: 'plan', plans: ['pro'], enabled: true }])).toEqual([]);
    expect(flagRuleErrors([newRule('tenant_allow'), { type: 'percentage', percentage: 120 }, newRule('region'),
      { type: 'tenant_deny', tenants: ['nope'] }, newRule('plan')])).toEqual([
      [0, 'feature_flags.validation.tenants'], [1, 'feature_flags.validation.percentage'],
      [2, 'feature_flags.validation.regions'], [3, 'feature_flags.validation.tenants'], [4, 'feature_flags.validation.plans']]);
  });

  test('rules move up and down, never off the ends', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const list = ['a', 'b'];
    expect(move(list, 0, -1)).toBe(list);
    expect(move(list, 1, 1)).toBe(list);
  });
});
