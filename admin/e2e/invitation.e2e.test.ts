// End to end: the invitation path through the console and the mail catcher. A super admin invites
// a member on the staff page; the member opens the mailed link, sets a password, enrols TOTP and
// lands in HQ as an active member.
//   E2E_MAIL_URL  the mail catcher's web inbox (JSON API), default http://127.0.0.1:54324
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';
import { totp } from './totp';

const MAIL = (process.env.E2E_MAIL_URL ?? 'http://127.0.0.1:54324').replace(/\/$/, '');
const member = `invited-${Date.now().toString(36)}@cleanmatex.test`;
const MEMBER_PASSWORD = 'Invited-Member-2026!';

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
const pageErrors: string[] = [];
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** The newest mail to `to` once it has arrived, read through the inbox's JSON API. */
async function mailTo(to: string): Promise<{ subject: string; html: string }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = await (await fetch(`${MAIL}/api/v1/messages?to=${encodeURIComponent(to)}`)).json();
    if (list.messages.length) return (await fetch(`${MAIL}/api/v1/messages/${list.messages[0].id}`)).json();
    if (Date.now() > deadline) throw new Error(`no mail to ${to} in the inbox at ${MAIL}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(20_000);
});

afterEach(screenshotOnFailure('invitation', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('invitation', () => {
  test('a super admin invites a member from the staff page; the invitation arrives by mail', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/staff`);
    await page.waitForSelector('[data-testid="staff-table"] tbody tr td');
    await byTestId('staff-invite').click();
    await byTestId('invite-email').fill(member);
    await byTestId('invite-ok').click();
    await page.waitForSelector(`[data-testid="staff-actions-${member}"]`);
    const mail = await mailTo(member);
    expect(mail.subject).toBe('Set your CleanMateX HQ password | تعيين كلمة المرور');
    await byTestId('logout').click();
    await byTestId('login-email').waitFor();
  });

  test('the member follows the link, sets a password, enrols TOTP and reaches HQ', async () => {
    const { html } = await mailTo(member);
    const link = /href="([^"]+\/auth\/v1\/verify\?[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    await page.goto(link);
    await page.waitForURL(/\/set-password/);
    await byTestId('new-password').waitFor();
    await shot('invitation-01-set-password');
    // The console refuses a weak password beside its field before asking GoTrue.
    await byTestId('new-password').fill('short');
    await byTestId('confirm-password').fill('short');
    await byTestId('set-password-submit').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('At least 12 characters')]));
    await byTestId('new-password').fill(MEMBER_PASSWORD);
    await byTestId('confirm-password').fill(MEMBER_PASSWORD);
    await byTestId('set-password-submit').click();
    // Next the sign-in page asks for an authenticator: the member enrols one.
    await byTestId('totp-secret').waitFor();
    await shot('invitation-02-enrol');
    const secret = (await byTestId('totp-secret').textContent())!.trim();
    await byTestId('totp-code').fill(totp(secret));
    await byTestId('totp-submit').click();
    await byTestId('current-user').waitFor();
    await expect.poll(() => byTestId('current-user').textContent()).toContain('Support');
    const { rows } = await db.query('select status from public.platform_staff where email = $1', [member]);
    expect(rows).toEqual([{ status: 'active' }]);
    await shot('invitation-03-hq');
  });

  test('a used link is refused and the page offers a new one', async () => {
    const { html } = await mailTo(member);
    const link = /href="([^"]+\/auth\/v1\/verify\?[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    await byTestId('logout').click();
    await byTestId('login-email').waitFor();
    await page.goto(link);
    await page.waitForURL(/\/set-password/);
    await expect.poll(() => byTestId('set-password-error').textContent()).toContain('expired or was already used');
    await byTestId('request-email').waitFor();
  });

  test('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
