// What every e2e file shares: where the stack under test is, the demo super admin, and TOTP codes.
//   E2E_BASE_URL     the console (built with VITE_SUPABASE_URL = the gateway), default http://127.0.0.1:3001
//   E2E_API_URL      the gateway, default http://127.0.0.1:54321
//   DEVSTACK_DB_URL  superuser URL: tests run the jobs dispatcher and check rows themselves
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { totp } from './totp';
import { failedAnswers, inFlight } from './browser';

export const BASE = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');
export const API = (process.env.E2E_API_URL ?? 'http://127.0.0.1:54321').replace(/\/$/, '');
export const DB_URL = process.env.DEVSTACK_DB_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';
/** The seeded demo staff (supabase/seed.sql) and their authenticator secret. */
export const EMAIL = 'admin@cleanmatex.test';
export const PASSWORD = 'CleanMateX-demo-2026!';
export const SECRET = 'JBSWY3DPEHPK3PXP';
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

// The step in use when this file loaded counts as used: another e2e file may just have signed in
// with it, and a TOTP step is accepted once.
let lastStep = Math.floor(Date.now() / 30_000);

/** A TOTP code from a step never used before, with at least 4 s of its 30 s window left to type it. */
export async function freshCode(): Promise<string> {
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / 30_000);
    const left = 30 - (Math.floor(now / 1000) % 30);
    if (step !== lastStep && left >= 4) {
      lastStep = step;
      return totp(SECRET, now);
    }
    await new Promise((r) => setTimeout(r, left * 1000 + 200));
  }
}

/** Password, then a fresh TOTP code, on the sign-in page; callers wait for where they land. */
export async function signIn(page: Page, email = EMAIL): Promise<void> {
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
  await byTestId('login-email').fill(email);
  await byTestId('login-password').fill(PASSWORD);
  await byTestId('login-submit').click();
  await byTestId('totp-code').waitFor();
  await byTestId('totp-code').fill(await freshCode());
  await byTestId('totp-submit').click();
}

/**
 * What the page was waiting for when a test failed: its unanswered requests (with their age), open
 * dialogs, notifications and the last API answers that were errors (a notification may have closed by
 * then). A flake then says whether the console, the API or the test was slow, or the API refused.
 */
export async function pageState(p: Page): Promise<string> {
  const now = Date.now();
  const pending = [...inFlight].map(([r, at]) => `  ${r.method()} ${r.url().replace(/^https?:\/\/[^/]+/, '')} (${now - at} ms)`);
  const ui = await p.evaluate(() => ({
    dialogs: [...document.querySelectorAll('.ant-modal-wrap')].filter((e) => (e as HTMLElement).style.display !== 'none')
      .map((e) => `${e.querySelector('.ant-modal-title')?.textContent ?? '?'}${e.querySelector('.ant-btn-loading') ? ' (button loading)' : ''}`),
    notices: [...document.querySelectorAll('.ant-notification-notice, .ant-message-notice')].map((e) => e.textContent),
  })).catch(() => ({ dialogs: [], notices: [] }));
  const errors = failedAnswers.map((a) => `  ${Math.round((now - a.at) / 1000)} s ago: ${a.line}`);
  return [`url ${p.url()}`, `unanswered requests: ${pending.length}`, ...pending,
    `open dialogs: ${ui.dialogs.join(' | ') || 'none'}`, `notices: ${ui.notices.join(' | ') || 'none'}`,
    `last error answers: ${errors.length || 'none'}`, ...errors].join('\n');
}

/** An afterEach hook: a screenshot of the page when a test failed, as failed-<prefix>-<test>.png, and its state (pageState). */
export function screenshotOnFailure(prefix: string, page: () => Page | undefined) {
  return async (ctx: { task: { name: string; result?: { state?: string } } }) => {
    const p = page();
    if (ctx.task.result?.state !== 'fail' || !p) return;
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await p.screenshot({ path: join(SHOTS, `failed-${prefix}-${name}.png`) }).catch(() => undefined);
    console.error(`── page state after "${ctx.task.name}" failed ──\n${await pageState(p)}`);
  };
}

/**
 * Picks the option holding `text` in an antd Select (`search` is typed first: long lists are virtual,
 * off-screen options are not rendered), then waits until no dropdown is open. A click that lands while
 * the page re-renders can leave a dropdown open over the buttons below it (a multiple select stays open
 * by design): Escape closes it, as a user would.
 */
export async function pickOption(page: Page, select: Locator, text: string | RegExp, search?: string): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await select.click();
  if (search) await page.keyboard.type(search);
  await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  for (let attempt = 0; (await open.count()) > 0; attempt++) {
    if (attempt === 50) throw new Error(`a dropdown stayed open after picking "${text}"`);
    if (attempt % 5 === 4) await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
  }
}
