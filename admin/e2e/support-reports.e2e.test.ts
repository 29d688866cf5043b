// End to end, support reports (issue 19): a ticket opened, answered and solved today shows in the
// Reports tab of Support settings — SLA attainment per priority, the customer wait, the backlog
// chart, CSAT — with CSV exports; the same tab in Arabic on a narrow window.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync, readFileSync } from 'node:fs';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';

const NOOR = '10000000-0000-4000-a000-000000000001';
const ADMIN = '00000000-0000-4000-a000-000000000001';
let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  // one urgent ticket answered and solved now, as the demo admin (support.write) on Al Noor's behalf
  await db.query(`select set_config('request.jwt.claims', json_build_object('sub', $1::text, 'role', 'hq_staff', 'aal', 'aal2')::text, false)`, [ADMIN]);
  await db.query(`set role hq_staff`);  // HQ staff's role (the access token hook sets it)
  const { rows: [{ id }] } = await db.query(`select public.open_support_ticket($1, 'Report e2e', 'x', 'general', 'urgent') as id`, [NOOR]);
  await db.query(`select public.reply_support_ticket($1, 'Answered')`, [id]);
  await db.query(`select public.set_support_ticket_status($1, 'solved')`, [id]);
  // one that waited on the customer an hour last Monday (a working day in every calendar), 09:00 in
  // the tenant's zone: pending at 09:00, open again at 10:00, solved at 10:30 (the project clock is
  // frozen per statement through cmx.frozen_now)
  const { rows: [{ monday }] } = await db.query(`select (date_trunc('week', now() at time zone n.timezone) - interval '7 days' + interval '9 hours')
                                                   at time zone n.timezone as monday from public.tenants n where n.id = $1`, [NOOR]);
  const at = (minutes: number) => db.query(`select set_config('cmx.frozen_now', $1, false)`, [new Date(monday.getTime() + minutes * 60_000).toISOString()]);
  await at(0);
  const { rows: [{ id: waited }] } = await db.query(`select public.open_support_ticket($1, 'Report e2e wait', 'x', 'general', 'low') as id`, [NOOR]);
  await db.query(`select public.reply_support_ticket($1, 'Which printer?')`, [waited]);
  await db.query(`select public.set_support_ticket_status($1, 'pending_customer')`, [waited]);
  await at(60);
  await db.query(`select public.set_support_ticket_status($1, 'open')`, [waited]);
  await at(90);
  await db.query(`select public.set_support_ticket_status($1, 'solved')`, [waited]);
  await db.query(`select set_config('cmx.frozen_now', '', false)`);
  await db.query(`reset role`);
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1400, height: 900 });
});
afterEach(screenshotOnFailure('support-reports', () => page));
afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('support reports', () => {
  test('the Reports tab shows SLA attainment per priority, the backlog chart and CSAT, each with CSV', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/support/admin`);
    await byTestId('tab-reports').click();
    await byTestId('sla-report-urgent').waitFor();
    await byTestId('sla-report-all').waitFor();
    await expect.poll(() => byTestId('sla-report-urgent').locator('.ant-progress').count()).toBeGreaterThan(0);
    await expect.poll(() => byTestId('backlog-chart').locator('.recharts-line').count()).toBe(1);
    await byTestId('csat-report').waitFor();
    const download = page.waitForEvent('download');
    await byTestId('export-csv-support-sla').click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv).toContain('First response met');
    expect(csv).toMatch(/Urgent/);
  });

  test('the customer-wait table: p50 / p90 of the wait per solved ticket and its share of resolution time, with CSV', async () => {
    await byTestId('wait-report-low').waitFor();
    await expect.poll(() => byTestId('wait-report-low').textContent()).toContain('60 / 60');
    await expect.poll(() => byTestId('wait-report-low').locator('.ant-progress').count()).toBe(1);
    await byTestId('wait-report-all').waitFor();
    const download = page.waitForEvent('download');
    await byTestId('export-csv-support-wait').click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv).toContain('Customer wait p50 (business minutes)');
    expect(csv).toMatch(/Low/);
  });

  test('in Arabic on a phone the tab reads right to left without overflowing', async () => {
    await byTestId('lang-ar').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => byTestId('sla-report').textContent()).toContain('الرد الأول');
    await expect.poll(() => byTestId('wait-report').textContent()).toContain('انتظار العميل');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1400, height: 900 });
    await byTestId('lang-en').click();
  });
});
