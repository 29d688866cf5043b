// Forms that never lie and a layout that fits (issue 13 §5-9, §12), as a user meets them in
// Chromium at 1440 px, in English and Arabic. Same environment as console.e2e.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
const pageErrors: string[] = [];
const stamp = Date.now().toString(36);
let approvedId = '';
let noLegalNameId = '';
const longName = `Forms ${'Very Long Laundry Name '.repeat(8)}${stamp}`;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `forms-${name}.png`), fullPage: true });
const errorsNear = (testId: string) => page.locator(`.ant-form-item:has([data-testid="${testId}"]) .ant-form-item-explain-error`);

/** Every visible form control that has no label a screen reader could announce. */
const unlabelled = () => page.evaluate(() => [...document.querySelectorAll('input, textarea, [role="switch"]')]
  .filter((el) => {
    const input = el as HTMLInputElement;
    if (input.type === 'hidden' || input.type === 'radio' || input.type === 'file') return false;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return false;
    return !(input.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label'));
  })
  .map((el) => el.getAttribute('data-testid') || el.id || el.outerHTML.slice(0, 60)));

async function tenant(slug: string, status: string, legal: string | null) {
  const { rows } = await db.query(
    `insert into public.tenants (slug, name, legal_name, country, region, timezone, currency, contact, status)
     values ($1, $2, $3, 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', '{"email":"ops@forms.test"}', $4) returning id`,
    [slug, { en: `Forms ${slug}`, ar: 'مغسلة النماذج' }, legal, status]);
  return rows[0].id as string;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  approvedId = await tenant(`forms-approved-${stamp}`, 'approved', 'Forms LLC');
  noLegalNameId = await tenant(`forms-nolegal-${stamp}`, 'draft', null);
  await db.query(`update public.tenants set name = jsonb_build_object('en', $2::text) where id = $1`, [noLegalNameId, longName]);
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(20_000);
  await page.goto(`${BASE}/login`);
  await signIn(page);
  await byTestId('dashboard').waitFor();
});

afterEach(screenshotOnFailure('forms', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('forms that never lie', () => {
  test('a tenant without a legal name can be edited and saved', async () => {
    await page.goto(`${BASE}/tenants/edit/${noLegalNameId}`);
    await expect.poll(() => byTestId('field-name-en').inputValue()).toBe(longName);
    await byTestId('field-contact-email').fill(`ops-${stamp}@forms.test`);
    await byTestId('tenant-save').click();
    await page.waitForURL(/\/tenants\/show\//);
    const { rows } = await db.query('select contact ->> \'email\' as e, legal_name from public.tenants where id = $1', [noLegalNameId]);
    expect(rows[0]).toEqual({ e: `ops-${stamp}@forms.test`, legal_name: null });
  });

  test('create offers only the database\'s countries and currencies; a 5,000-character name is an error that clears when fixed', async () => {
    await page.goto(`${BASE}/tenants/create`);
    await byTestId('field-slug').waitFor();
    await byTestId('field-country').click();
    // The options come from the database: the dropdown can open before they arrive.
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allTextContents()).toContain('Oman (OM)');
    const countries = await options.allTextContents();
    expect(countries.some((c) => c.includes('(XX)'))).toBe(false);
    await page.keyboard.press('Escape');
    await byTestId('field-slug').fill(`forms-long-${stamp}`);
    await byTestId('field-name-en').fill('N'.repeat(5000));
    await byTestId('tenant-save').click();
    await expect.poll(() => errorsNear('field-name-en').allTextContents()).toEqual([expect.stringContaining('Too long')]);
    expect(await byTestId('field-name-en').inputValue()).toHaveLength(5000); // flagged, never cut
    await shot('create-too-long');
    await byTestId('field-name-en').fill('Forms Laundry');
    await expect.poll(() => errorsNear('field-name-en').count()).toBe(0);
    expect((await db.query('select count(*)::int as n from public.tenants where slug = $1', [`forms-long-${stamp}`])).rows[0].n).toBe(0);
  });

  test('out-of-range numbers stay as typed, with the error next to the field', async () => {
    await page.goto(`${BASE}/tenants/show/${approvedId}`);
    await byTestId('lifecycle-start_trial').click();
    await expect.poll(() => page.locator('.ant-modal-title').textContent()).toBe('Start a trial for this tenant?');
    await byTestId('reason-trial-days').fill('-5');
    await byTestId('reason-input').click(); // blur: antd used to clamp to 1 here
    expect(await byTestId('reason-trial-days').inputValue()).toBe('-5');
    await byTestId('reason-ok').click();
    await expect.poll(() => errorsNear('reason-trial-days').allTextContents()).toEqual(['Between 1 and 365']);
    expect((await db.query('select status from public.tenants where id = $1', [approvedId])).rows[0].status).toBe('approved');
    await byTestId('reason-trial-days').fill('7');
    await expect.poll(() => errorsNear('reason-trial-days').count()).toBe(0);
    await byTestId('reason-ok').click();
    await expect.poll(() => page.locator('.ant-notification-notice-message').allTextContents())
      .toEqual(expect.arrayContaining(['Trial started: the tenant is now Trial.']));
    await page.waitForSelector('[data-testid="tenant-status"][data-status="trial"]');

    await byTestId('impersonate').click();
    await byTestId('impersonate-reason').fill('TICKET-7 numbers');
    await byTestId('impersonate-minutes').fill('999');
    await byTestId('impersonate-reason').click();
    expect(await byTestId('impersonate-minutes').inputValue()).toBe('999');
    await byTestId('impersonate-ok').click();
    await expect.poll(() => errorsNear('impersonate-minutes').allTextContents()).toEqual(['Between 1 and 30']);
    expect((await db.query('select count(*)::int as n from public.impersonations where tenant_id = $1', [approvedId])).rows[0].n).toBe(0);
    await shot('impersonation-999');
    await page.keyboard.press('Escape');
  });

  test('the plan editor keeps −1 trial days as typed, refuses to save, and the message goes once fixed', async () => {
    const { rows } = await db.query(`select id from public.plans where code = 'growth' and is_current`);
    await page.goto(`${BASE}/plans/edit/${rows[0].id}`);
    await byTestId('plan-trial-days').waitFor();
    await byTestId('plan-trial-days').fill('-1');
    await byTestId('plan-name-en').click();
    expect(await byTestId('plan-trial-days').inputValue()).toBe('-1');
    await expect.poll(() => byTestId('plan-trial-days-error').textContent()).toBe('Between 0 and 365');
    await byTestId('plan-save').click();
    await expect.poll(() => byTestId('plan-errors').textContent()).toContain('Trial days');
    expect(await page.locator('.ant-modal').count()).toBe(0); // no save confirmation for an invalid plan
    await byTestId('plan-trial-days').fill('3');
    await expect.poll(() => byTestId('plan-errors').count()).toBe(0);
    await expect.poll(() => byTestId('plan-trial-days-error').count()).toBe(0);
  });

  test('a modal submitted with invalid fields marks them and throws no page error', async () => {
    const before = pageErrors.length;
    await page.goto(`${BASE}/billing/invoices`);
    await byTestId('invoice-create').click();
    await byTestId('invoice-create-ok').waitFor();
    // Reduced motion (the e2e browser asks for it): the dialog is there at once, not zooming in.
    expect(await page.locator('.ant-modal[class*="ant-zoom"]').count()).toBe(0);
    await byTestId('invoice-create-ok').click();
    await expect.poll(() => page.locator('.ant-modal .ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    expect(pageErrors.slice(before)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  test('Run invoicing now says what it enqueued', async () => {
    await page.goto(`${BASE}/billing/invoices`);
    await byTestId('invoice-run').click();
    await byTestId('invoice-run-result').waitFor();
    const enqueued = Number(await byTestId('invoice-run-result').getAttribute('data-enqueued'));
    expect(await byTestId('invoice-run-result').textContent())
      .toContain(enqueued === 0 ? 'Nothing to invoice' : `Enqueued ${enqueued} subscription period`);
  });
});

describe('layout at 1440 px', () => {
  test.each(['en', 'ar'])('one Sign out, flag actions on screen, the whole workflow graph, labelled inputs (%s)', async (lang) => {
    await page.goto(`${BASE}/flags`);
    await byTestId(`lang-${lang}`).click();
    await byTestId('flags-table').waitFor();
    await page.waitForSelector('[data-testid^="flag-edit-"]');
    const signOut = lang === 'en' ? 'Sign out' : 'تسجيل الخروج';
    await expect.poll(() => page.getByText(signOut, { exact: true }).count()).toBe(1);
    const edit = await page.locator('[data-testid^="flag-edit-"]').first().boundingBox();
    expect(edit!.x).toBeGreaterThanOrEqual(0);
    expect(edit!.x + edit!.width).toBeLessThanOrEqual(1440);
    await shot(`flags-${lang}`);

    const { rows } = await db.query(`select id from public.workflow_templates order by created_at limit 1`);
    await page.goto(`${BASE}/workflows/show/${rows[0].id}`);
    await byTestId('workflow-graph').waitFor();
    await page.waitForSelector('[data-testid="graph-node"]');
    const hidden = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="workflow-graph"]')!.parentElement!.getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid="graph-node"]')].filter((n) => {
        const r = n.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1;
      }).length;
    });
    expect(hidden).toBe(0);
    expect(await unlabelled(), 'workflow editor').toEqual([]);
    await shot(`workflow-${lang}`);

    // a long name stays on one line inside its cell, the full value on hover
    await page.goto(`${BASE}/tenants`);
    const cut = page.locator(`[aria-label="${longName}"]`);
    await cut.waitFor();
    const box = (await cut.boundingBox())!;
    const cell = (await cut.locator('xpath=ancestor::td[1]').boundingBox())!;
    expect(box.height).toBeLessThan(30);
    expect(box.x).toBeGreaterThanOrEqual(cell.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(cell.x + cell.width + 1);
    // a Latin name is cut at its end (the right), in the Arabic layout too
    expect(await cut.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await cut.hover();
    await expect.poll(() => page.locator('.ant-tooltip:visible').textContent()).toBe(longName);

    for (const path of ['/tenants/create', '/flags/create', '/audit']) {
      await page.goto(`${BASE}${path}`);
      await page.waitForSelector('form input');
      await page.waitForTimeout(300);
      expect(await unlabelled(), path).toEqual([]);
    }
    await byTestId('lang-en').click();
  });
});

describe('layout at 375 px', () => {
  test.each(['en', 'ar'])('the menu button leaves the page title readable and the header fits the window (%s)', async (lang) => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await page.goto(`${BASE}/tenants`);
      await byTestId(`lang-${lang}`).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await byTestId('tenant-table').waitFor();
      const menu = (await page.locator('button:has(.anticon-bars)').boundingBox())!;
      const title = (await page.locator('.ant-page-header-heading-title').first().boundingBox())!;
      const overlap = menu.x < title.x + title.width && title.x < menu.x + menu.width
        && menu.y < title.y + title.height && title.y < menu.y + menu.height;
      expect(overlap, `menu ${JSON.stringify(menu)} title ${JSON.stringify(title)}`).toBe(false);
      // everything in the header stays inside the window and on the header's one line
      const outside = await page.evaluate(() => [...document.querySelectorAll('.ant-layout-header .ant-space-item')]
        .map((el) => ({ text: el.textContent, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.left < -1 || r.right > window.innerWidth + 1 || r.top < -1 || r.bottom > 65)
        .map(({ text }) => text));
      expect(outside).toEqual([]);
      // Sign out keeps its name for screen readers when only its icon shows
      expect(await page.getByRole('button', { name: lang === 'en' ? 'Sign out' : 'تسجيل الخروج', exact: true }).count()).toBe(1);
      await shot(`narrow-${lang}`);
    } finally {
      await byTestId('lang-en').click();
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
