// End to end, maintenance mode (issue 17 §6): the technical admin switches maintenance on from the
// console (scope, en/ar message, a reason), the banner shows on every page in both languages, a
// write in the console (a flag's kill switch) is refused with the maintenance title and the en/ar
// message, then the switch goes off and the banner with it.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';

const FLAG = 'orders.new-checkout';
const EN = 'e2e: database upgrade';
const AR = 'اختبار: ترقية قاعدة البيانات';

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('platform', () => page));

afterAll(async () => {
  // never leave the shared cluster in maintenance for the next e2e file
  await db?.query(`update public.maintenance_windows set ended_at = now(), end_reason = 'e2e cleanup' where ended_at is null`);
  await close?.();
  await db?.end();
});

describe('maintenance mode', () => {
  test('the technical admin signs in', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page, 'tech@cleanmatex.test');
    await byTestId('current-user').waitFor();
  });

  test('switches maintenance on, with a reason; the banner shows both languages', async () => {
    await page.goto(`${BASE}/platform/maintenance`);
    await byTestId('maintenance-message-en-input').fill(EN);
    await byTestId('maintenance-message-ar-input').fill(AR);
    await byTestId('maintenance-switch-on').click();
    await byTestId('reason-input').fill('e2e: PG upgrade');
    await byTestId('reason-ok').click();
    await byTestId('maintenance-banner').waitFor();
    expect(await byTestId('maintenance-message-en').first().textContent()).toBe(EN);
    expect(await byTestId('maintenance-message-ar').first().textContent()).toBe(AR);
    expect(await byTestId('maintenance-message-ar').first().getAttribute('dir')).toBe('rtl');
    const { rows } = await db.query(`select region, reason from public.maintenance_windows where ended_at is null`);
    expect(rows).toEqual([{ region: null, reason: 'e2e: PG upgrade' }]);
    await shot('m01-maintenance-on');
  });

  test('the banner is on every page, and a write is refused with the bilingual message', async () => {
    await page.goto(`${BASE}/flags`);
    await byTestId('maintenance-banner').waitFor();
    const before = await db.query(`select killed from public.feature_flags where key = $1`, [FLAG]);
    await byTestId(`flag-kill-${FLAG}`).click();
    await byTestId('reason-input').fill('e2e: during maintenance');
    await byTestId('reason-ok').click();
    const note = page.locator('.ant-notification-notice').filter({ hasText: 'maintenance' }).first();
    await note.waitFor();
    const text = await note.textContent();
    expect(text).toContain('The platform is under maintenance');
    expect(text).toContain(`${EN} / ${AR}`);
    const { rows } = await db.query(`select killed from public.feature_flags where key = $1`, [FLAG]);
    expect(rows).toEqual(before.rows);
    await shot('m02-write-refused');
  });

  test('switches maintenance off; the banner goes', async () => {
    await page.keyboard.press('Escape');
    await page.goto(`${BASE}/platform/maintenance`);
    const { rows } = await db.query(`select id from public.maintenance_windows where ended_at is null`);
    await byTestId(`window-end-${rows[0].id}`).click();
    await byTestId('reason-input').fill('e2e: upgrade done');
    await byTestId('reason-ok').click();
    await expect.poll(() => byTestId('maintenance-banner').count()).toBe(0);
    const after = await db.query(`select count(*)::int as open from public.maintenance_windows where ended_at is null`);
    expect(after.rows).toEqual([{ open: 0 }]);
    await shot('m03-maintenance-off');
  });
});
