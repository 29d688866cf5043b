// Issue 13 §1: one plan-change rule. Both places that change a tenant's plan (the tenant's
// Entitlements tab and its Billing tab) use the same modal, which calls change_plan (the SQL rule
// that bills through the subscription when there is one); nothing calls change_subscription_plan
// or computes a proration of its own any more.
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const SRC = join(__dirname, '..', '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  if (statSync(p).isDirectory()) return files(p);
  return ['.ts', '.tsx'].includes(extname(p)) && !/\.test\.tsx?$/.test(p) && !p.includes(`${join('types', 'database.ts')}`) ? [p] : [];
});
const sources = files(SRC).map((p) => ({ p: p.slice(SRC.length + 1), s: readFileSync(p, 'utf8') }));
const calling = (fn: string) => sources.filter(({ s }) => new RegExp(`['"\`]${fn}['"\`]`).test(s)).map(({ p }) => p).sort();

describe('one plan change', () => {
  test('only the shared modal calls change_plan', () => {
    expect(calling('change_plan')).toEqual([join('components', 'entitlements', 'PlanChangeModal.tsx')]);
  });

  test('nothing calls change_subscription_plan, preview_subscription_change or a client-side proration', () => {
    expect(calling('change_subscription_plan')).toEqual([]);
    expect(calling('preview_subscription_change')).toEqual([]);
    expect(sources.filter(({ s }) => /prorationPreview/.test(s)).map(({ p }) => p)).toEqual([]);
  });

  test('the Entitlements and the Billing tab both use it', () => {
    for (const tab of [join('pages', 'tenants', 'tabs', 'Entitlements.tsx'), join('pages', 'tenants', 'tabs', 'Billing.tsx')]) {
      const s = sources.find((x) => x.p === tab)!.s;
      expect(s, tab).toMatch(/<PlanChangeModal\b/);
    }
  });
});
