// End to end, catalogs (issue 16): HQ edits the draft (a bad entry is refused beside its field),
// publishes with the changelog shown first, the release reaches Al Noor through its sync job and
// shows on the tenant's Catalog tab; the import wizard refuses a broken file before upload and
// previews a good one line by line; the screens read in Arabic at a phone's width; a support agent
// (catalogs.read only) sees the catalog but no buttons that change it.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';

const NOOR = '10000000-0000-4000-a000-000000000001';

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let before = 0;
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const tab = (name: RegExp | string) => page.getByRole('tab', { name });

async function setLang(lang: 'en' | 'ar') {
  await byTestId(`lang-${lang}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
}

function file(name: string, text: string | Uint8Array): string {
  const path = join(tmpdir(), `catalog-e2e-${process.pid}-${name}`);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  before = Number((await db.query(`select coalesce(max(release_no), 0) as n from public.catalog_releases`)).rows[0].n);
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('catalog', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('catalogs', () => {
  test('signs in and opens the draft', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/catalog`);
    await byTestId('catalog-entry-LAUNDRY').waitFor();
    await shot('c01-draft');
  });

  test('a bad entry is refused beside its field; a good edit is saved', async () => {
    await byTestId('catalog-families').getByText('Item types').click();
    await byTestId('catalog-edit-THOBE').click();
    const nameEn = byTestId('catalog-entry-name-en');
    await nameEn.fill('');
    await byTestId('catalog-entry-save').click();
    await page.getByText('An English name is required').waitFor();
    expect(await byTestId('catalog-entry-form').isVisible()).toBe(true);
    await nameEn.fill('Thobe (dishdasha)');
    await byTestId('catalog-entry-save').click();
    await expect.poll(() => byTestId('catalog-entry-form').count()).toBe(0);
    await expect.poll(async () => (await db.query(`select name ->> 'en' as n from public.catalog_entries where family = 'item_types' and code = 'THOBE'`)).rows[0].n)
      .toBe('Thobe (dishdasha)');
  });

  test('publishing shows the changelog first, then makes the next release', async () => {
    await tab('Releases').click();
    await byTestId('catalog-publish').click();
    await byTestId('catalog-publish-preview-changed').waitFor();
    expect(await byTestId('catalog-publish-preview-changed').getAttribute('data-count')).toBe('1');
    await byTestId('catalog-publish-notes').fill('Thobe renamed');
    await byTestId('catalog-publish-ok').click();
    await byTestId(`catalog-release-${before + 1}`).waitFor();
    await shot('c02-released');
  });

  test('the release reaches Al Noor through its sync job and shows on its Catalog tab', async () => {
    await expect.poll(async () => {
      await db.query(`select private.dispatch('catalog_sync')`);
      return (await db.query(`select release_no from public.tenant_catalog_state where tenant_id = $1`, [NOOR])).rows[0].release_no;
    }, { timeout: 30_000 }).toBe(before + 1);
    await tab('Tenant sync').click();
    await byTestId('catalog-sync-release-al-noor-muscat').waitFor();
    expect(await byTestId('catalog-sync-release-al-noor-muscat').textContent()).toBe(`#${before + 1}`);
    await page.goto(`${BASE}/tenants/show/${NOOR}`);
    await byTestId('tab-catalog').click();
    await byTestId('tenant-catalog-release').waitFor();
    expect(await byTestId('tenant-catalog-release').textContent()).toBe(`#${before + 1}`);
    await shot('c03-tenant-tab');
  });

  test('the import wizard refuses a broken file before upload and previews a good one', async () => {
    await page.goto(`${BASE}/catalog`);
    await tab('Import and export').click();
    const input = page.locator('input[type=file]');
    await input.setInputFiles(file('wrong.csv', 'family,name\nfabrics,Silk\n'));
    await byTestId('catalog-import-problem').waitFor();
    expect(await byTestId('catalog-import-problem').getAttribute('data-code')).toBe('wrong_columns');
    await input.setInputFiles(file('good.csv',
      'family,code,name_en,name_ar,sort_order\nfabrics,MODAL,Modal,مودال,120\nfabrics,COTTON,Cotton,قطن,10\nfabrics,bad code,Bad,,1\n'));
    await byTestId('catalog-import-refused').waitFor();
    expect(await byTestId('catalog-import-line-1').getAttribute('data-outcome')).toBe('add');
    expect(await byTestId('catalog-import-line-3').getAttribute('data-outcome')).toBe('refused');
    expect(await byTestId('catalog-import-go').count()).toBe(0);
    await input.setInputFiles(file('fixed.csv', 'family,code,name_en,name_ar,sort_order\nfabrics,MODAL,Modal,مودال,120\n'));
    await byTestId('catalog-import-ready').waitFor();
    await byTestId('catalog-import-go').click();
    await expect.poll(async () => Number((await db.query(`select count(*) from public.catalog_entries where code = 'MODAL'`)).rows[0].count)).toBe(1);
  });

  test('reads in Arabic at a phone\'s width', async () => {
    await setLang('ar');
    try {
      await tab('الإصدارات').click();
      await page.setViewportSize({ width: 375, height: 800 });
      await byTestId(`catalog-release-${before + 1}`).waitFor();
      await shot('c04-ar-narrow');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
      await setLang('en');
    }
  });

  test('support reads the catalog but cannot change it', async () => {
    await byTestId('logout').click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'support@cleanmatex.test');
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/catalog`);
    await byTestId('catalog-entry-LAUNDRY').waitFor();
    expect(await byTestId('catalog-entry-add').count()).toBe(0);
    expect(await byTestId('catalog-edit-LAUNDRY').count()).toBe(0);
    await tab('Releases').click();
    expect(await byTestId('catalog-publish').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
