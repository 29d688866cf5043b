// End to end, the support desk (issue 19): HQ makes a group and joins it, opens a ticket on Al Noor's
// behalf, replies (public) and adds an internal note (never public), assigns it from the group with
// the workload shown, reads the tenant context panel, sees a refusal titled from the error
// catalogue, solves the ticket; writes and publishes a knowledge-base article in Arabic and finds it
// by an Arabic word; checks narrow windows in Arabic; the auditor reads the desk but cannot work it.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, pickOption, screenshotOnFailure, signIn } from './session';

const NOOR = '10000000-0000-4000-a000-000000000001';
const ADMIN = '00000000-0000-4000-a000-000000000001';
const RUN = Date.now().toString(36);
const GROUP = `desk_${RUN}`;
const SLUG = `e2e-printer-${RUN}`;
const errorsEn = JSON.parse(readFileSync(join(__dirname, '../src/i18n/en/errors.json'), 'utf8'));

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let ticket = 0;
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

const pick = (select: Locator, text: string | RegExp, search?: string) => pickOption(page, select, text, search);

async function setLang(lang: 'en' | 'ar') {
  await byTestId(`lang-${lang}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
}

const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const messages = async () => (await db.query(`select from_staff, internal, body from public.support_messages where ticket_id = $1 order by id`, [ticket])).rows;
const ticketRow = async () => (await db.query(`select status, assignee_id, group_id from public.support_tickets where id = $1`, [ticket])).rows[0];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1400, height: 900 });
});

afterEach(screenshotOnFailure('support', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('support desk', () => {
  test('signs in', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
  });

  test('makes a support group and joins it (its workload shows)', async () => {
    await page.goto(`${BASE}/support/admin`);
    await byTestId('group-new').click();
    await byTestId('group-code').fill(GROUP);
    await byTestId('group-name-en').fill('Front desk');
    await byTestId('group-name-ar').fill('الاستقبال');
    await byTestId('group-save').click();
    await byTestId(`group-${GROUP}`).waitFor();
    await pick(byTestId(`group-add-${GROUP}`), 'Amal', 'Amal');
    await byTestId(`group-add-ok-${GROUP}`).click();
    await expect.poll(() => byTestId(`group-${GROUP}`).textContent()).toContain('Amal');
    await shot('s01-groups');
  });

  test('opens a ticket on Al Noor\'s behalf from the inbox', async () => {
    await page.goto(`${BASE}/support`);
    await byTestId('inbox-views').waitFor();
    await byTestId('open-ticket').click();
    await pick(byTestId('open-ticket-tenant'), 'al-noor', 'al-noor');
    await byTestId('open-ticket-subject').fill('Receipts print blank');
    await byTestId('open-ticket-body').fill('The branch says every receipt comes out blank since this morning.');
    await pick(byTestId('open-ticket-priority'), 'High');
    await byTestId('open-ticket-ok').click();
    await page.waitForURL(/\/support\/tickets\/\d+/);
    ticket = Number(page.url().match(/tickets\/(\d+)/)![1]);
    const row = (await db.query(`select tenant_id, opened_by_staff, priority, status from public.support_tickets where id = $1`, [ticket])).rows[0];
    expect(row).toEqual({ tenant_id: NOOR, opened_by_staff: true, priority: 'high', status: 'new' });
    await byTestId('thread').locator('[data-kind]').first().waitFor();
  });

  test('the context panel shows the tenant beside the ticket', async () => {
    const panel = byTestId('context-panel');
    await panel.waitFor();
    await byTestId('ctx-status').locator('[data-status]').waitFor();
    expect(await byTestId('ctx-tenant').getAttribute('href')).toBe(`/tenants/show/${NOOR}`);
    expect((await byTestId('ctx-plan').textContent())?.trim()).not.toBe('—');
    expect(await byTestId('ticket-sla').locator('[data-sla]').getAttribute('data-sla')).toMatch(/on_track|breaching_soon|breached/);
    await shot('s02-ticket');
  });

  test('a public reply reaches the thread and opens the ticket; the first response is recorded', async () => {
    await byTestId('composer-body').fill('Thanks: please check the thermal paper is loaded shiny side down.');
    await byTestId('composer-send').click();
    await byTestId('thread').locator('[data-kind="staff"]').waitFor();
    await expect.poll(async () => (await ticketRow()).status).toBe('open');
    await byTestId('sla-events').locator('[data-kind^="first_response_"]').waitFor();
  });

  test('a reply with a file: the file is attached and listed under the reply; a forbidden type is refused by its title', async () => {
    const input = byTestId('composer').locator('input[type=file]');
    await input.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>x</p>') });
    await page.locator('.ant-notification-notice').filter({ hasText: errorsEn.codes.support_attachment_type_forbidden }).waitFor();
    await input.setInputFiles({ name: 'إيصال فارغ.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
    await byTestId('composer').getByText('إيصال فارغ.png').waitFor();
    await byTestId('composer-body').fill('Here is the photo of a blank receipt.');
    await byTestId('composer-send').click();
    const listed = byTestId('thread').locator('[data-kind="staff"]').last().locator('[data-testid="message-attachments"]');
    await listed.getByText('إيصال فارغ.png').waitFor();
    const rows = (await db.query(`select file_name, content_type, size_bytes::int as size, internal, object_path from public.support_attachments where ticket_id = $1`, [ticket])).rows;
    expect(rows.map((r) => [r.file_name, r.content_type, r.size, r.internal])).toEqual([['إيصال فارغ.png', 'image/png', 8, false]]);
    expect(rows[0].object_path).toMatch(new RegExp(`^${NOOR}/${ticket}/[0-9a-f-]{36}-attachment\\.png$`));
    await shot('s02b-attachment');
    // the download is a short-lived signed URL of the private bucket, and it serves the file
    const served = page.context().waitForEvent('response', (r) => /\/storage\/v1\/object\/sign\/support-attachments\/.+[?&]token=/.test(r.url()));
    await listed.getByText('إيصال فارغ.png').click();
    expect((await served).status()).toBe(200);
    for (const extra of page.context().pages().filter((p) => p !== page)) await extra.close();
  });

  test('an internal note is styled apart and stored as internal', async () => {
    await byTestId('composer-note').click();
    await byTestId('composer-body').fill('Second printer ticket from this branch this month: consider a hardware swap.');
    await byTestId('composer-send').click();
    await byTestId('thread').locator('[data-kind="note"]').waitFor();
    expect((await messages()).map((m) => [m.from_staff, m.internal])).toEqual([[true, false], [true, false], [true, false], [true, true]]);
  });

  test('assigns the ticket within the group, the member\'s workload shown', async () => {
    await pick(byTestId('ticket-group'), 'Front desk');
    await pick(byTestId('ticket-assignee'), 'Amal');
    await expect.poll(async () => (await ticketRow()).assignee_id).toBe(ADMIN);
    await page.goto(`${BASE}/support`);
    await byTestId('inbox-view-mine').click();
    await byTestId(`inbox-row-${ticket}`).waitFor();
    await shot('s03-inbox-mine');
    await byTestId(`inbox-row-${ticket}`).click();
    await byTestId('ticket-properties').waitFor();
  });

  test('a refusal is titled from the error catalogue (merge into a ticket that does not exist)', async () => {
    await byTestId('ticket-merge').click();
    await byTestId('merge-target').fill('99999999');
    await page.getByRole('dialog').locator('.ant-btn-primary').click();
    const note = page.locator('.ant-notification-notice-error');
    await note.waitFor();
    expect(await note.textContent()).toContain(errorsEn.codes.support_unknown_ticket);
    await page.getByRole('dialog').locator('.ant-btn').first().click();
  });

  test('solves the ticket: the SLA clock stops', async () => {
    await pick(byTestId('ticket-status'), 'Solved');
    await expect.poll(async () => (await ticketRow()).status).toBe('solved');
    await expect.poll(() => byTestId('ticket-sla').locator('[data-sla]').getAttribute('data-sla')).toBe('done');
    await byTestId('sla-events').locator('[data-kind^="resolution_"]').waitFor();
    await byTestId('ticket-reopen').waitFor();
    await shot('s04-solved');
  });

  test('the tenant\'s Support tab lists the ticket with its SLA state', async () => {
    await page.goto(`${BASE}/tenants/show/${NOOR}`);
    await byTestId('tab-support').click();
    const row = byTestId('tenant-tickets').locator('tbody tr', { hasText: 'Receipts print blank' }).first();
    await row.waitFor();
    expect(await row.locator('[data-sla]').getAttribute('data-sla')).toBe('done');
  });

  test('writes and publishes a knowledge-base article in Arabic and finds it by an Arabic word', async () => {
    await setLang('ar');
    await page.goto(`${BASE}/support/kb`);
    await byTestId('kb-new').click();
    await byTestId('kb-slug').fill(SLUG);
    await byTestId('kb-title-en').fill('Receipts print blank');
    await byTestId('kb-body-en').fill('Load the thermal paper shiny side down.');
    await byTestId('kb-title-ar').fill('الإيصالات تُطبع فارغة');
    await byTestId('kb-body-ar').fill('ضع ورق الطابعة الحراري بحيث يكون الوجه اللامع للأسفل.');
    await byTestId('kb-publish').click();
    await byTestId(`kb-state-${SLUG}`).waitFor();
    await expect.poll(async () => (await db.query(`select version, title ->> 'ar' as ar from public.support_kb_articles where slug = $1`, [SLUG])).rows[0])
      .toEqual({ version: 1, ar: 'الإيصالات تُطبع فارغة' });
    await byTestId('kb-search').fill('الحراري');
    await byTestId('kb-search').press('Enter');
    await byTestId('kb-hits').waitFor();
    await byTestId(`kb-row-${SLUG}`).waitFor();
    await shot('s05-kb-ar');
  });

  test('narrow windows: every support screen fits 390 px in Arabic, the ticket in English too', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${BASE}/support`);
      await byTestId('inbox-table').waitFor();
      await expect.poll(overflow).toBeLessThanOrEqual(1);
      await shot('s06-inbox-ar-narrow');
      await page.goto(`${BASE}/support/tickets/${ticket}`);
      await byTestId('context-panel').waitFor();
      await expect.poll(overflow).toBeLessThanOrEqual(1);
      await shot('s07-ticket-ar-narrow');
      for (const [path, id] of [['/support/kb', 'kb-table'], ['/support/admin', `group-${GROUP}`], ['/support/orders', 'orders-table']]) {
        await page.goto(`${BASE}${path}`);
        await byTestId(id).waitFor();
        await expect.poll(overflow, { message: path }).toBeLessThanOrEqual(1);
      }
      await setLang('en');
      await page.goto(`${BASE}/support/tickets/${ticket}`);
      await byTestId('context-panel').waitFor();
      await expect.poll(overflow).toBeLessThanOrEqual(1);
      await shot('s08-ticket-en-narrow');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
      await setLang('en');
    }
  });

  test('order search finds Al Noor\'s orders by number', async () => {
    const { rows } = await db.query(`select number from public.orders where tenant_id = $1 order by created_at desc limit 1`, [NOOR]);
    expect(rows.length).toBe(1);
    await page.goto(`${BASE}/support/orders`);
    await byTestId('orders-query').fill(rows[0].number);
    await byTestId('orders-search').click();
    await expect.poll(() => byTestId('orders-table').locator('tbody tr', { hasText: rows[0].number }).count()).toBeGreaterThan(0);
    await shot('s09-orders');
  });

  test('the auditor reads the desk but cannot work it', async () => {
    await byTestId('logout').click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'auditor@cleanmatex.test');
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/support/tickets/${ticket}`);
    await byTestId('support-read-only').waitFor();
    await byTestId('thread').locator('[data-kind="note"]').waitFor();
    expect(await byTestId('composer').count()).toBe(0);
    expect(await byTestId('ticket-merge').count()).toBe(0);
    await page.goto(`${BASE}/support`);
    await byTestId('inbox-views').waitFor();
    expect(await byTestId('open-ticket').count()).toBe(0);
    await page.goto(`${BASE}/support/kb`);
    await byTestId('kb-table').waitFor();
    expect(await byTestId('kb-new').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
