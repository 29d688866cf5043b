// Number inputs never change what was typed. antd's InputNumber `min`/`max` clamp on blur (−1 saved
// as 0, 150 % as 100 %), so the console gives ranges as validation instead: an out-of-range value
// stays as typed, is marked next to its field, and is not saved.
import type { Rule } from 'antd/es/form';
import type { Translate } from './errors';

export interface NumberRange {
  min?: number;
  max?: number;
  /** whole numbers only */
  integer?: boolean;
  /** at most this many decimals (a currency's minor unit) */
  decimals?: number;
  /** an empty field is a problem */
  required?: boolean;
}

export interface NumberProblem { key: string; values: Record<string, number> }

/** What is wrong with a value for a range (null when it fits). */
export function numberProblem(value: unknown, r: NumberRange): NumberProblem | null {
  if (value === null || value === undefined || value === '') {
    return r.required ? { key: 'common.number.required', values: {} } : null;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return { key: 'common.number.not_a_number', values: {} };
  if (r.integer && !Number.isInteger(n)) return { key: 'common.number.integer', values: {} };
  const below = r.min !== undefined && n < r.min;
  const above = r.max !== undefined && n > r.max;
  if (below || above) {
    if (r.min !== undefined && r.max !== undefined) return { key: 'common.number.between', values: { min: r.min, max: r.max } };
    return below ? { key: 'common.number.min', values: { min: r.min! } } : { key: 'common.number.max', values: { max: r.max! } };
  }
  if (r.decimals !== undefined) {
    const [, frac = ''] = String(n).split('.');
    if (frac.length > r.decimals) return { key: 'common.number.decimals', values: { decimals: r.decimals } };
  }
  return null;
}

/** The translated problem, or null. */
export function numberMessage(value: unknown, r: NumberRange, t: Translate): string | null {
  const p = numberProblem(value, r);
  return p ? t(p.key, p.values) : null;
}

/** An antd Form rule for a range (use instead of InputNumber min/max). */
export function numberRule(r: NumberRange, t: Translate): Rule {
  return {
    validator: (_rule, value) => {
      const m = numberMessage(value, r, t);
      return m ? Promise.reject(new Error(m)) : Promise.resolve();
    },
  };
}
