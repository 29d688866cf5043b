// End to end, CSV export (issue 20 §2): the tenants list and the audit log, filtered, downloaded in
// English and in Arabic. The file holds every row the filters select (more than one page of the
// list), starts with a UTF-8 byte-order mark, has its headers in the language shown, keeps Arabic
// intact, quotes what RFC 4180 asks and defuses a cell that starts like a formula.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';
import { splitCsv } from '../src/lib/catalogFile';
import enTenants from '../src/i18n/en/tenants.json';
import arTenants from '../src/i18n/ar/tenants.json';
import enAudit from '../src/i18n/en/audit_log.json';
import arAudit from '../src/i18n/ar/audit_log.json';

const PREFIX = `e2e-csv-${Date.now().toString(36)}`;
/** More tenants than the list's page of 10: the export must hold them all. */
const TENANTS = 12;
const AR_NAME = 'مغسلة النور، مسقط';
const FORMULA_NAME = '=HYPERLINK("http://evil.test","click")';

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let firstTenant = '';
const pageErrors: string[] = [];

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function setLang(lang: 'en' | 'ar') {
  await byTestId(`lang-${lang}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
}

/** Clicks the list's export button and returns the downloaded file's name, raw text and records. */
async function download(list: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), byTestId(`export-csv-${list}`).click()]);
  const text = readFileSync((await file.path())!, 'utf8');
  const split = splitCsv(text.replace(/^\uFEFF/, ''));
  if (!('records' in split)) throw new Error(`unreadable CSV (open quote at line ${split.badLine})`);
  return { name: file.suggestedFilename(), text, header: split.records[0], rows: split.records.slice(1) };
}

/** The list's URL with Refine's filters in the query string (the lists sync their filters with it). */
const filtered = (path: string, field: string, operator: string, value: string) =>
  `${BASE}${path}?filters[0][field]=${encodeURIComponent(field)}&filters[0][operator]=${operator}&filters[0][value]=${encodeURIComponent(value)}`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  for (let i = 1; i <= TENANTS; i++) {
    const name = i === 1 ? { en: 'Noor, Muscat "Main"', ar: AR_NAME } : i === 2 ? { en: FORMULA_NAME, ar: FORMULA_NAME } : { en: `CSV ${i}`, ar: `مغسلة ${i}` };
    const { rows } = await db.query(`insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
      values ($1, $2, 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', '{"email":"csv@example.test","name":"CSV"}', 'active') returning id`,
    [`${PREFIX}-${String(i).padStart(2, '0')}`, JSON.stringify(name)]);
    if (i === 1) firstTenant = rows[0].id;
  }
  // Three audit entries about the first tenant, one with a reason that starts like a formula.
  for (const reason of ['first', '=1+2', 'سبب بالعربية، مع فاصلة']) {
    await db.query(`select audit.record('tenant.update', 'tenant', $1::text, null, '{"status":"active"}', $2::uuid, $3)`, [firstTenant, firstTenant, reason]);
  }
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('csv', () => page));

afterAll(async () => {
  await close?.();
  await db?.query(`delete from public.tenants where slug like $1`, [`${PREFIX}-%`]).catch(() => undefined);
  await db?.end();
});

describe('CSV export', () => {
  test('signs in', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
  });

  test('tenants: every filtered row (two pages of the list), English headers, BOM, quoting and the formula guard', async () => {
    await page.goto(`${BASE}/tenants`);
    await byTestId('tenant-search').fill(PREFIX);
    await byTestId('tenant-search-submit').click();
    await expect.poll(() => page.locator('[data-testid="tenant-table"] tbody tr.ant-table-row').count()).toBe(10);
    const file = await download('tenants');
    expect(file.name).toMatch(/^tenants-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.header.slice(0, 3)).toEqual([enTenants.fields.slug, enTenants.fields.name, enTenants.fields.status]);
    expect(file.rows).toHaveLength(TENANTS);
    expect(file.rows.every((r) => r[0].startsWith(PREFIX))).toBe(true);
    const bySlug = new Map(file.rows.map((r) => [r[0], r]));
    expect(bySlug.get(`${PREFIX}-01`)![1]).toBe('Noor, Muscat "Main"');
    expect(file.text).toContain('"Noor, Muscat ""Main"""');
    expect(bySlug.get(`${PREFIX}-02`)![1]).toBe(`'${FORMULA_NAME}`);
    expect(bySlug.get(`${PREFIX}-03`)![2]).toBe(enTenants.status.active);
    expect(file.text.split('\r\n').length).toBe(TENANTS + 2);
  });

  test('audit log: the rows its filter selects, labels in English', async () => {
    await page.goto(filtered('/audit', 'entity_id', 'eq', firstTenant));
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr.ant-table-row').count()).toBe(3);
    const file = await download('audit-log');
    expect(file.name).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.header.slice(0, 4)).toEqual(['#', enAudit.fields.occurred_at, enAudit.fields.action, enAudit.fields.action_code]);
    expect(file.rows).toHaveLength(3);
    expect(file.rows.map((r) => r[3])).toEqual(['tenant.update', 'tenant.update', 'tenant.update']);
    const reasons = file.rows.map((r) => r[file.header.indexOf('Reason')]);
    expect(reasons).toContain("'=1+2");
    expect(reasons).toContain('سبب بالعربية، مع فاصلة');
  });

  test('the same two lists in Arabic: Arabic headers and names, the same rows', async () => {
    await setLang('ar');
    await page.goto(filtered('/tenants', 'status', 'eq', 'active'));
    await byTestId('tenant-search').fill(PREFIX);
    await byTestId('tenant-search-submit').click();
    await expect.poll(() => page.locator('[data-testid="tenant-table"] tbody tr.ant-table-row').count()).toBe(10);
    const tenants = await download('tenants');
    expect(tenants.header.slice(0, 3)).toEqual([arTenants.fields.slug, arTenants.fields.name, arTenants.fields.status]);
    expect(tenants.rows).toHaveLength(TENANTS);
    const first = tenants.rows.find((r) => r[0] === `${PREFIX}-01`)!;
    expect(first[1]).toBe(AR_NAME);
    expect(first[2]).toBe(arTenants.status.active);
    expect(tenants.text).toContain(`,${AR_NAME},`); // the Arabic comma needs no quotes
    await shot('csv01-ar-tenants');

    await page.goto(filtered('/audit', 'entity_id', 'eq', firstTenant));
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr.ant-table-row').count()).toBe(3);
    const audit = await download('audit-log');
    expect(audit.header.slice(1, 4)).toEqual([arAudit.fields.occurred_at, arAudit.fields.action, arAudit.fields.action_code]);
    expect(audit.rows).toHaveLength(3);
    expect(audit.rows.every((r) => /[\u0600-\u06FF]/.test(r[2]))).toBe(true);
    await setLang('en');
  });

  test('at a narrow window the export button is still reachable', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${BASE}/tenants`);
    await byTestId('export-csv-tenants').waitFor();
    expect(await byTestId('export-csv-tenants').isVisible()).toBe(true);
    await shot('csv02-narrow-tenants');
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
