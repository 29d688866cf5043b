// End to end, inbound support e-mail (issue 19): mail posted to the mail catcher as Mailgun would
// (POST /api/v1/inbound → signed → support-inbound-mail → ingest_support_inbound_mail). A stranger's
// mail waits under the inbox as unmatched; staff read it and file it for Al Noor, which opens Al
// Noor's ticket with the customer's text marked as e-mail and the sender as its requester; the
// unmatched list in Arabic on a narrow window.
//   E2E_MAIL_URL: the mail catcher (default http://127.0.0.1:54324); the rest: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, pickOption, screenshotOnFailure, signIn } from './session';

const MAIL = (process.env.E2E_MAIL_URL ?? 'http://127.0.0.1:54324').replace(/\/$/, '');
const NOOR = '10000000-0000-4000-a000-000000000001';
const RUN = Date.now().toString(36);

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Sends a mail to the support address through the mail catcher; the stored row's id. */
async function inbound(from: string, subject: string, text: string): Promise<number> {
  const messageId = `<${RUN}-${Math.random().toString(36).slice(2)}@stranger.test>`;
  const res = await fetch(`${MAIL}/api/v1/inbound`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, subject, text, message_id: messageId }) });
  const delivery = await res.json();
  expect(delivery.status, JSON.stringify(delivery)).toBe(200);
  return delivery.response.inbound_mail_id;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1400, height: 900 });
});
afterEach(screenshotOnFailure('support-inbound', () => page));
afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('inbound support e-mail', () => {
  let mailId = 0;
  test('a stranger\'s mail waits as unmatched under the inbox, with its text', async () => {
    mailId = await inbound(`Walk-in <walkin-${RUN}@stranger.test>`, `Lost my receipt ${RUN}`, 'I paid yesterday but lost the receipt.');
    const [row] = (await db.query(`select outcome, reason from public.support_inbound_mails where id = $1`, [mailId])).rows;
    expect(row).toEqual({ outcome: 'unmatched', reason: 'unknown_sender' });
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/support`);
    const mailRow = byTestId(`unmatched-row-${mailId}`);
    await mailRow.waitFor();
    await expect.poll(() => mailRow.textContent()).toContain(`Lost my receipt ${RUN}`);
    await expect.poll(() => mailRow.locator('[data-reason]').getAttribute('data-reason')).toBe('unknown_sender');
    await mailRow.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => byTestId('unmatched-mail').textContent()).toContain('I paid yesterday but lost the receipt.');
  });

  test('staff file it for Al Noor: the tenant\'s ticket opens with the customer\'s text, marked as e-mail', async () => {
    await byTestId(`file-mail-${mailId}`).click();
    await pickOption(page, byTestId('file-mail-tenant'), 'Al Noor', 'Al Noor');
    await byTestId('file-mail-ok').click();
    await page.waitForURL(/\/support\/tickets\/\d+$/);
    const ticket = Number(page.url().split('/').pop());
    const [row] = (await db.query(`select tenant_id, requester_email from public.support_tickets where id = $1`, [ticket])).rows;
    expect(row).toEqual({ tenant_id: NOOR, requester_email: `walkin-${RUN}@stranger.test` });
    const [m] = (await db.query(`select id, from_staff from public.support_messages where ticket_id = $1 order by id`, [ticket])).rows;
    expect(m.from_staff).toBe(false);
    await expect.poll(() => byTestId(`message-${m.id}-email`).textContent()).toContain(`walkin-${RUN}@stranger.test`);
    // the ticket remembers where to write: replies are mailed to the requester's own address
    await expect.poll(() => byTestId('ticket-requester-email').textContent()).toContain(`walkin-${RUN}@stranger.test`);
    const [mail] = (await db.query(`select outcome, ticket_id from public.support_inbound_mails where id = $1`, [mailId])).rows;
    expect(mail).toEqual({ outcome: 'ticket', ticket_id: String(ticket) });
  });

  test('in Arabic on a phone: the unmatched list reads right to left without overflowing', async () => {
    const second = await inbound(`ghareeb-${RUN}@stranger.test`, `فقدت الإيصال ${RUN}`, 'دفعت أمس');
    await page.goto(`${BASE}/support`);
    await byTestId('lang-ar').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.setViewportSize({ width: 390, height: 844 });
    await byTestId(`unmatched-row-${second}`).waitFor();
    await expect.poll(() => byTestId('unmatched-mail').textContent()).toContain('بريد غير مطابق');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1400, height: 900 });
    await byTestId('lang-en').click();
  });
});
