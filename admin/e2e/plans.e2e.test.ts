// End to end, plans / entitlements / flags (issue 6): HQ edits the Growth plan (its tenants keep
// version 1, the edit becomes version 2), grants a feature to Al Noor and sees it in the effective
// set with its source, previews and applies a plan change, kills a flag and sees it off for
// everyone, and exports the "who uses what" report.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, pickOption, screenshotOnFailure, signIn } from './session';

const NOOR = '10000000-0000-4000-a000-000000000001';
const FLAG = 'orders.new-checkout';

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let growthV1 = '';
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
/** The <input> of an antd InputNumber, whether the test id sits on the input or on a wrapper. */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

const pick = (select: Locator, text: string | RegExp, search?: string) => pickOption(page, select, text, search);


async function setLang(lang: 'en' | 'ar') {
  await byTestId(`lang-${lang}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const { rows } = await db.query(`select id from public.plans where code = 'growth' and version = 1`);
  growthV1 = rows[0].id;
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('plans', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('plans, entitlements and flags', () => {
  test('signs in', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
  });

  test('lists the plans with their feature matrix', async () => {
    await page.goto(`${BASE}/plans`);
    await byTestId('plan-row-growth').waitFor();
    expect(await byTestId('plans-table').locator('tbody tr').count()).toBe(5);
    await shot('p01-plans');
    await byTestId('tab-matrix').click();
    await page.waitForSelector('[data-testid="plans-matrix"] tbody tr td');
    await shot('p02-plans-matrix');
  });

  test('edits Growth: its tenants keep version 1, the edit is version 2', async () => {
    await page.goto(`${BASE}/plans/edit/${growthV1}`);
    await byTestId('plan-trial-days').waitFor();
    await byTestId('plan-version-1').waitFor();
    // a client-side check first: a price without a currency code
    await byTestId('price-add').click();
    await byTestId('plan-save').click();
    await expect.poll(() => byTestId('plan-errors').textContent()).toContain('Only one price per currency and interval');
    await page.locator('[data-testid="plan-prices"] tbody tr').last().locator('button').click();

    await inputOf('plan-trial-days').fill('21');
    expect(await byTestId('feature-sso').getAttribute('aria-checked')).toBe('false');
    await byTestId('feature-sso').click();
    await inputOf('limit-max_users').fill('20');
    await shot('p03-plan-editor');
    await byTestId('plan-save').click();
    await byTestId('reason-input').fill('e2e: longer trial, SSO on Growth');
    await byTestId('reason-ok').click();
    await expect.poll(() => byTestId('plan-saved').getAttribute('data-version')).toBe('2');
    await expect.poll(() => byTestId('plan-version-2').getAttribute('data-current')).toBe('true');
    expect(await byTestId('plan-version-1').getAttribute('data-current')).toBe('false');
    await shot('p04-plan-versions');
    const { rows } = await db.query(`select p.version, p.trial_days,
        (select value from public.plan_features f where f.plan_id = p.id and f.feature_key = 'sso') as sso,
        (select value from public.plan_features f where f.plan_id = p.id and f.feature_key = 'max_users') as users
      from public.plans p where p.code = 'growth' order by p.version`);
    expect(rows).toEqual([
      { version: 1, trial_days: 14, sso: false, users: 15 },
      { version: 2, trial_days: 21, sso: true, users: 20 },
    ]);
    // Al Noor stays on version 1
    const { rows: tp } = await db.query(`select p.version from public.tenant_plans tp join public.plans p on p.id = tp.plan_id where tp.tenant_id = $1`, [NOOR]);
    expect(tp[0].version).toBe(1);
  });

  test('grants a feature to Al Noor and sees it in the effective set with its source', async () => {
    await page.goto(`${BASE}/tenants/show/${NOOR}`);
    await byTestId('tab-entitlements').click();
    await byTestId('entitlements-tab').waitFor();
    await expect.poll(() => byTestId('ent-plan').textContent()).toBe('growth v1');
    await expect.poll(() => byTestId('ent-source-delivery.routing').getAttribute('data-source')).toBe('grant');
    expect(await byTestId('ent-source-sso').getAttribute('data-source')).toBe('plan');
    expect(await byTestId('ent-value-sso').getAttribute('data-value')).toBe('false');
    expect(await byTestId('ent-source-max_branches').getAttribute('data-source')).toBe('add_on');
    // 9 users of 15
    expect(await byTestId('limit-usage-max_users').getAttribute('data-percent')).toBe('60');

    await byTestId('override-add').click();
    await pick(byTestId('override-feature'), '(sso)', 'sso');
    await byTestId('override-reason').fill('e2e: SSO pilot');
    await byTestId('override-ok').click();
    await expect.poll(() => byTestId('ent-source-sso').getAttribute('data-source')).toBe('grant');
    expect(await byTestId('ent-value-sso').getAttribute('data-value')).toBe('true');
    await byTestId('override-sso').waitFor();
    await shot('p05-tenant-entitlements');
    const { rows } = await db.query(`select kind, value, reason from public.entitlement_overrides where tenant_id = $1 and feature_key = 'sso' and removed_at is null`, [NOOR]);
    expect(rows).toEqual([{ kind: 'grant', value: true, reason: 'e2e: SSO pilot' }]);
  });

  // Al Noor has a subscription: the Entitlements tab's change goes through billing (issue 13 §1)
  test('previews the proration and changes the plan through the subscription', async () => {
    await byTestId('change-plan').click();
    await pick(byTestId('change-plan-target'), 'Pro');
    await expect.poll(() => byTestId('change-plan-preview').getAttribute('data-billed')).toBe('true');
    expect(await byTestId('change-plan-total').textContent()).toMatch(/^OMR \d+\.\d{3}$/);
    await shot('p06-change-plan-preview');
    await byTestId('change-plan-ok').click();
    await byTestId('change-plan-result').waitFor();
    expect(await byTestId('change-plan-result').textContent()).toContain('Upgrade');
    await byTestId('change-plan-ok').click();
    await expect.poll(() => byTestId('ent-plan').textContent()).toBe('pro v1');
    const { rows } = await db.query(`select p.code, (select count(*) from public.invoices i where i.subscription_id = s.id
        and i.billing_reason = 'subscription_update')::int as invoiced
      from public.subscriptions s join public.plans p on p.id = s.plan_id where s.tenant_id = $1 and s.status <> 'cancelled'`, [NOOR]);
    expect(rows).toEqual([{ code: 'pro', invoiced: 1 }]);
  });

  test('kills a flag: it is off for everyone', async () => {
    await page.goto(`${BASE}/flags`);
    await byTestId(`flag-state-${FLAG}`).waitFor();
    expect(await byTestId(`flag-state-${FLAG}`).getAttribute('data-killed')).toBe('false');
    await expect.poll(async () => Number(await byTestId(`flag-exposure-${FLAG}`).getAttribute('data-enabled'))).toBeGreaterThan(0);
    await byTestId(`flag-kill-${FLAG}`).click();
    await byTestId('reason-input').fill('e2e: checkout errors');
    await byTestId('reason-ok').click();
    await expect.poll(() => byTestId(`flag-state-${FLAG}`).getAttribute('data-killed')).toBe('true');
    await expect.poll(() => byTestId(`flag-exposure-${FLAG}`).getAttribute('data-enabled')).toBe('0');
    await shot('p07-flags-killed');
    const { rows } = await db.query(`select killed, public.flag_enabled($1, key) as on_for_noor from public.feature_flags where key = $2`, [NOOR, FLAG]);
    expect(rows[0]).toEqual({ killed: true, on_for_noor: false });
  });

  test('edits a flag\'s rollout percentage', async () => {
    await page.goto(`${BASE}/flags/edit/${FLAG}`);
    await byTestId('rule-percentage-1').waitFor();
    await inputOf('rule-percentage-1').fill('60');
    await byTestId('flag-save').click();
    await byTestId('reason-ok').click();
    await expect.poll(async () => (await db.query(`select rules->1->>'percentage' as p from public.feature_flags where key = $1`, [FLAG])).rows[0].p).toBe('60');
    await expect.poll(() => byTestId('reason-input').count()).toBe(0);
    await shot('p08-flag-editor');
  });

  test('shows who uses what and exports it as CSV', async () => {
    await page.goto(`${BASE}/reports/entitlements`);
    await byTestId('report-chart').locator('.recharts-bar-rectangle').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('export-csv-entitlement-usage').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFKind,Code,Tenants');
    expect(csv).toContain('\r\nPlans,pro v1,');
    expect(csv).toMatch(/Features,sso,\d+/);
    await shot('p09-report');
  });

  test('the same screens in Arabic', async () => {
    await setLang('ar');
    await page.goto(`${BASE}/plans`);
    await byTestId('plan-row-growth').waitFor();
    await shot('p10-ar-plans');
    await page.goto(`${BASE}/tenants/show/${NOOR}`);
    await byTestId('tab-entitlements').click();
    await byTestId('entitlements-tab').waitFor();
    await shot('p11-ar-tenant-entitlements');
    await page.goto(`${BASE}/flags`);
    await byTestId(`flag-state-${FLAG}`).waitFor();
    await shot('p12-ar-flags');
    await page.goto(`${BASE}/reports/entitlements`);
    await byTestId('report-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await shot('p13-ar-report');
    await setLang('en');
  });

  test('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
