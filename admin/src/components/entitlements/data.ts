// Catalogue reads shared by the plan, tenant and flag screens.
import { useList } from '@refinedev/core';
import type { Feature, PlanRow } from './model';
import type { AddOnRow } from '../../types/rows';
export type { AddOnRow };


export function useFeatures() {
  const { result, query } = useList<Feature>({
    resource: 'features', sorters: [{ field: 'sort_order', order: 'asc' }], pagination: { mode: 'off' },
  });
  return { features: result?.data ?? [], loading: query.isLoading };
}

export function useAddOns() {
  const { result, query } = useList<AddOnRow>({
    resource: 'add_ons', meta: { select: '*, add_on_features(feature_key, value)' }, sorters: [{ field: 'code', order: 'asc' }],
    pagination: { mode: 'off' },
  });
  return { addOns: result?.data ?? [], loading: query.isLoading };
}

/** Current versions of every plan (active and archived), cheapest tier first. */
export function useCurrentPlans() {
  const { result, query } = useList<PlanRow>({
    resource: 'plans', meta: { select: '*, plan_prices(*), plan_features(*)' },
    filters: [{ field: 'is_current', operator: 'eq', value: true }],
    sorters: [{ field: 'tier', order: 'asc' }, { field: 'code', order: 'asc' }], pagination: { mode: 'off' },
  });
  return { plans: result?.data ?? [], loading: query.isLoading, refetch: query.refetch };
}

/** A value for display: booleans as ✓ / ✗, null limits as ∞. */
export function displayValue(value: unknown, t: (k: string) => string): string {
  if (value === true) return '✓';
  if (value === false) return '✗';
  if (value === null) return '∞';
  if (typeof value === 'string') return t(`plans.enum_values.${value}`);
  return String(value);
}
