// Pure helpers for the plans, entitlements, flags and report screens (unit-tested).
import { numberProblem, type NumberRange } from '../../lib/numbers';
import type { PlanFeatureRow, PlanRow, FlagRow, UsageRow } from '../../types/rows';
export type { PlanFeatureRow, PlanRow, FlagRow, UsageRow };

export type FeatureType = 'boolean' | 'limit' | 'enum';
export type LimitType = 'hard' | 'soft' | 'overage';
export type Source = 'plan' | 'add_on' | 'grant' | 'revoke' | 'default' | 'restricted';

export interface Feature {
  key: string; type: FeatureType; name: Record<string, string>; module_code: string | null;
  default_value: unknown; enum_values: string[] | null; period: 'month' | 'none' | null;
  default_limit_type: LimitType | null; unit: string | null; sort_order: number;
}
export interface PlanPrice { currency: string; interval: 'month' | 'year'; amount: number }
export interface LimitDraft { limit: number | null; type: LimitType; overage_prices: Record<string, number> }
export interface PlanDraft {
  name: { en: string; ar: string }; description: { en: string; ar: string };
  tier: number; trial_days: number; is_default: boolean;
  prices: PlanPrice[];
  features: Record<string, boolean | string>;
  limits: Record<string, LimitDraft>;
}

export const LIMIT_TYPES: LimitType[] = ['hard', 'soft', 'overage'];
export const SOURCES: Source[] = ['plan', 'add_on', 'grant', 'revoke', 'default', 'restricted'];
export const SOURCE_COLOR: Record<Source, string> = {
  plan: 'blue', add_on: 'purple', grant: 'green', revoke: 'red', default: 'default', restricted: 'orange',
};
export const PLAN_CODE_RE = /^[a-z][a-z0-9_]*$/;

// The ranges of the plan editor's numbers (save_plan's rules); checked, never clamped.
export const TIER_RANGE: NumberRange = { min: 0, max: 100, integer: true, required: true };
export const TRIAL_DAYS_RANGE: NumberRange = { min: 0, max: 365, integer: true, required: true };
export const PRICE_RANGE: NumberRange = { min: 0, decimals: 3, required: true };
export const LIMIT_RANGE: NumberRange = { min: 0, integer: true, required: true };
export const OVERAGE_PRICE_RANGE: NumberRange = { min: 0, decimals: 3 };
export const PERCENTAGE_RANGE: NumberRange = { min: 0, max: 100, required: true };
/** A tenant override's limit value (Entitlements tab). */
export const OVERRIDE_VALUE_RANGE: NumberRange = { min: 0, integer: true };
export const FLAG_KEY_RE = /^[a-z][a-z0-9_]*([.-][a-z0-9_]+)*$/;

export function emptyDraft(): PlanDraft {
  return { name: { en: '', ar: '' }, description: { en: '', ar: '' }, tier: 0, trial_days: 0, is_default: false,
    prices: [], features: {}, limits: {} };
}

/** The editor's state from a stored plan version. */
export function draftFromPlan(plan: PlanRow, catalogue: Feature[]): PlanDraft {
  const byKey = new Map(catalogue.map((f) => [f.key, f]));
  const features: PlanDraft['features'] = {};
  const limits: PlanDraft['limits'] = {};
  for (const pf of plan.plan_features ?? []) {
    const f = byKey.get(pf.feature_key);
    if (!f) continue;
    if (f.type === 'limit') {
      limits[pf.feature_key] = { limit: pf.value === null ? null : Number(pf.value),
        type: pf.limit_type ?? f.default_limit_type ?? 'hard', overage_prices: { ...(pf.overage_prices ?? {}) } };
    } else {
      features[pf.feature_key] = pf.value as boolean | string;
    }
  }
  return {
    name: { en: plan.name?.en ?? '', ar: plan.name?.ar ?? '' },
    description: { en: plan.description?.en ?? '', ar: plan.description?.ar ?? '' },
    tier: plan.tier, trial_days: plan.trial_days, is_default: plan.is_default,
    prices: (plan.plan_prices ?? []).map((p) => ({ currency: p.currency, interval: p.interval, amount: Number(p.amount) }))
      .sort((a, b) => a.currency.localeCompare(b.currency) || a.interval.localeCompare(b.interval)),
    features, limits,
  };
}

/** What a feature reads on this plan: the plan's value, else the catalogue default. */
export function featureValue(draft: PlanDraft, f: Feature): { value: unknown; inherited: boolean } {
  if (f.type === 'limit') {
    const l = draft.limits[f.key];
    return l ? { value: l.limit, inherited: false } : { value: f.default_value, inherited: true };
  }
  return f.key in draft.features ? { value: draft.features[f.key], inherited: false } : { value: f.default_value, inherited: true };
}

/** Client-side checks before save_plan (the server checks again): translation keys under plans.validation. */
export function planDraftErrors(code: string, draft: PlanDraft): string[] {
  const errors: string[] = [];
  if (!PLAN_CODE_RE.test(code)) errors.push('plans.validation.code');
  if (!draft.name.en.trim()) errors.push('plans.validation.name_en');
  if (numberProblem(draft.tier, TIER_RANGE)) errors.push('plans.validation.tier');
  if (numberProblem(draft.trial_days, TRIAL_DAYS_RANGE)) errors.push('plans.validation.trial_days');
  const seen = new Set<string>();
  for (const p of draft.prices) {
    if (!/^[A-Z]{3}$/.test(p.currency) || numberProblem(p.amount, PRICE_RANGE)) { errors.push('plans.validation.price'); continue; }
    const k = `${p.currency}/${p.interval}`;
    if (seen.has(k)) errors.push('plans.validation.price_duplicate');
    seen.add(k);
  }
  for (const l of Object.values(draft.limits)) {
    if (l.limit !== null && numberProblem(l.limit, LIMIT_RANGE)) errors.push('plans.validation.limit');
    if (l.type === 'overage' && Object.values(l.overage_prices).some((v) => numberProblem(v, OVERAGE_PRICE_RANGE))) {
      errors.push('plans.validation.overage_price');
    }
    if (l.type === 'overage' && Object.keys(l.overage_prices).length === 0) errors.push('plans.validation.overage_prices');
  }
  return [...new Set(errors)];
}

/** The save_plan definition. */
export function definitionFromDraft(draft: PlanDraft) {
  const name: Record<string, string> = { en: draft.name.en.trim() };
  if (draft.name.ar.trim()) name.ar = draft.name.ar.trim();
  const description: Record<string, string> = {};
  if (draft.description.en.trim()) description.en = draft.description.en.trim();
  if (draft.description.ar.trim()) description.ar = draft.description.ar.trim();
  const limits: Record<string, { limit: number | null; type: LimitType; overage_prices?: Record<string, number> }> = {};
  for (const [k, l] of Object.entries(draft.limits)) {
    limits[k] = { limit: l.limit, type: l.type };
    if (l.type === 'overage') limits[k].overage_prices = l.overage_prices;
  }
  return { name, description, tier: draft.tier, trial_days: draft.trial_days, is_default: draft.is_default,
    prices: draft.prices, features: { ...draft.features }, limits };
}

/** Distinct currencies of a price list, sorted. */
export const currencies = (prices: PlanPrice[]) => [...new Set(prices.map((p) => p.currency))].sort();

// ── entitlements ──────────────────────────────────────────────────────────────────────────

export interface LimitState {
  limit: number | null; type: LimitType; period: string; period_start?: string | null; used: number;
  remaining: number | null; source: Source; restricted: boolean; unit_price?: number | null; currency?: string | null;
}
export interface Entitlements {
  tenant_id: string; plan: string | null; plan_version: number | null; status: string; status_restriction: string | null;
  modules: string[]; add_ons: { code: string; quantity: number }[]; features: Record<string, unknown>;
  sources: Record<string, Source>; limits: Record<string, LimitState>; version: number;
}

/** Progress of a limit: percent (capped at 100), and how it reads. */
export function usage(l: Pick<LimitState, 'limit' | 'used' | 'type'>): { percent: number; status: 'normal' | 'exception' | 'active' | 'success'; over: boolean; unlimited: boolean } {
  if (l.limit === null) return { percent: 0, status: 'normal', over: false, unlimited: true };
  const used = Number(l.used) || 0;
  const limit = Number(l.limit);
  const ratio = limit === 0 ? (used > 0 ? Infinity : 0) : used / limit;
  const over = used > limit;
  const percent = Math.min(100, Math.round((Number.isFinite(ratio) ? ratio : 1) * 100));
  const status = over ? (l.type === 'hard' ? 'exception' : 'active') : ratio >= 0.8 ? 'active' : 'normal';
  return { percent, status, over, unlimited: false };
}

/** Parses a value typed for a grant into the JSON the database wants, or null when it does not fit. */
export function grantValue(f: Pick<Feature, 'type' | 'enum_values'>, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (f.type === 'boolean') return typeof raw === 'boolean' ? { ok: true, value: raw } : { ok: false };
  if (f.type === 'enum') return typeof raw === 'string' && (f.enum_values ?? []).includes(raw) ? { ok: true, value: raw } : { ok: false };
  if (raw === null || raw === 'unlimited') return { ok: true, value: null };
  const n = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(n) && n >= 0 && raw !== '' ? { ok: true, value: n } : { ok: false };
}

// ── plan change (one rule: public.change_plan; preview: public.preview_plan_change) ─────────

/** The server's proration of a change 'now' (by day in the tenant's timezone). */
export interface PlanChangeProration {
  currency: string; days_in_period: number; days_remaining: number; old_amount: number; new_amount: number; credit: number;
  charge: number; net: number; tax_rate: number; tax: number; total: number;
}
/** preview_plan_change's answer: through the subscription (billed) or the plan alone. */
export interface PlanChangePreview {
  billed: boolean; subscription_id: string | null; subscription_status?: string; plan_code: string; from_plan_code: string | null;
  direction: 'new' | 'upgrade' | 'downgrade' | 'lateral' | 'keep'; default_effective: 'now' | 'period_end';
  currency: string; old_amount: number | null; new_amount: number | null; proration: PlanChangeProration | null;
  violations: string[] | null;
}
export type PlanChangeNote = 'billed_now' | 'billed_at_period_end' | 'trial_no_proration' | 'plan_alone_now' | 'plan_alone_at_period_end';

/** What the change will do, as the modal says it: which note, and whether the proration table shows. */
export function planChangeOutlook(p: PlanChangePreview, effective: 'now' | 'period_end'): { note: PlanChangeNote; showProration: boolean } {
  if (!p.billed) return { note: effective === 'now' ? 'plan_alone_now' : 'plan_alone_at_period_end', showProration: false };
  if (p.subscription_status === 'trialing') return { note: 'trial_no_proration', showProration: false };
  if (effective === 'period_end') return { note: 'billed_at_period_end', showProration: false };
  return { note: 'billed_now', showProration: !!p.proration };
}

/** change_plan's arguments from the modal's state (an empty reason is no reason). */
export function planChangeArgs(tenantId: string, planCode: string, effective: 'now' | 'period_end', reason: string) {
  return { tenant_id: tenantId, plan_code: planCode, effective, reason: reason.trim() || null };
}

// ── flags ─────────────────────────────────────────────────────────────────────────────────

export type RuleType = 'tenant_allow' | 'tenant_deny' | 'plan' | 'region' | 'percentage';
export const RULE_TYPES: RuleType[] = ['tenant_allow', 'tenant_deny', 'plan', 'region', 'percentage'];
export interface FlagRule { type: RuleType; tenants?: string[]; plans?: string[]; regions?: string[]; percentage?: number; enabled?: boolean }

export function newRule(type: RuleType): FlagRule {
  switch (type) {
    case 'tenant_allow': case 'tenant_deny': return { type, tenants: [] };
    case 'plan': return { type, plans: [], enabled: true };
    case 'region': return { type, regions: [], enabled: true };
    default: return { type, percentage: 10 };
  }
}

/** Problems with a rule list: [rule index, translation key] pairs (empty when valid). */
export function flagRuleErrors(rules: FlagRule[]): [number, string][] {
  const out: [number, string][] = [];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  rules.forEach((r, i) => {
    if (r.type === 'tenant_allow' || r.type === 'tenant_deny') {
      if (!r.tenants?.length || r.tenants.some((x) => !uuid.test(x))) out.push([i, 'feature_flags.validation.tenants']);
    } else if (r.type === 'plan') {
      if (!r.plans?.length) out.push([i, 'feature_flags.validation.plans']);
    } else if (r.type === 'region') {
      if (!r.regions?.length) out.push([i, 'feature_flags.validation.regions']);
    } else if (r.type === 'percentage') {
      if (numberProblem(r.percentage, PERCENTAGE_RANGE)) out.push([i, 'feature_flags.validation.percentage']);
    } else {
      out.push([i, 'feature_flags.validation.type']);
    }
  });
  return out;
}

/** Moves an item up (-1) or down (+1); out-of-range moves return the list unchanged. */
export function move<T>(list: T[], index: number, by: -1 | 1): T[] {
  const j = index + by;
  if (index < 0 || index >= list.length || j < 0 || j >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[j]] = [copy[j], copy[index]];
  return copy;
}
