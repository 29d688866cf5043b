// End to end, the anonymous CSAT survey (issue 19 §7): the solved mail's link opens the public
// /csat page signed out, on a phone's width, in Arabic and in English; it shows the ticket's
// subject, records nothing until the customer sends a rating, then thanks them; a tampered link
// shows the catalogue's title for support.invalid_survey_link and no form; the answer can be changed
// twice through the link, then the page offers no more change.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, screenshotOnFailure } from './session';
import arSupport from '../src/i18n/ar/support.json';
import enSupport from '../src/i18n/en/support.json';
import arErrors from '../src/i18n/ar/errors.json';
import enErrors from '../src/i18n/en/errors.json';

const NOOR = '10000000-0000-4000-a000-000000000001';
const ADMIN = '00000000-0000-4000-a000-000000000001';
const STAMP = Date.now().toString(36);
let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
const links: Record<'ar' | 'en', { id: string; url: string }> = { ar: { id: '', url: '' }, en: { id: '', url: '' } };

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const csat = async (id: string) => (await db.query(`select rating, comment, rated_by from public.support_csat where ticket_id = $1`, [id])).rows;

async function useLanguage(lang: 'ar' | 'en') {
  await byTestId(`lang-${lang}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  // two tickets opened and solved by the demo admin on Al Noor's behalf: each solve mails a survey link
  await db.query(`select set_config('request.jwt.claims', json_build_object('sub', $1::text, 'role', 'hq_staff', 'aal', 'aal2')::text, false)`, [ADMIN]);
  await db.query(`set role hq_staff`);  // HQ staff's role (the access token hook sets it)
  for (const lang of ['ar', 'en'] as const) {
    const { rows: [{ id }] } = await db.query(`select public.open_support_ticket($1, $2, 'x', 'general', 'normal') as id`,
      [NOOR, `CSAT ${lang} ${STAMP}: receipts print blank`]);
    await db.query(`select public.reply_support_ticket($1, 'Fixed')`, [id]);
    await db.query(`select public.set_support_ticket_status($1, 'solved')`, [id]);
    links[lang].id = String(id);
  }
  await db.query(`reset role`);
  await db.query(`select set_config('request.jwt.claims', '', false)`);
  for (const lang of ['ar', 'en'] as const) {
    const { rows } = await db.query(`select body_text from public.notification_outbox
      where event = 'support.ticket_solved' and variables ->> 'ticket_id' = $1`, [links[lang].id]);
    const url = (rows[0]?.body_text as string | undefined)?.match(/https?:\/\/\S+\/csat\?token=[0-9a-f.]+/)?.[0] ?? '';
    expect(url.startsWith(`${BASE}/csat?token=`), url).toBe(true);
    links[lang].url = url;
  }
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 390, height: 844 });
});

afterEach(screenshotOnFailure('csat-survey', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('the CSAT survey link', () => {
  test('a tampered link shows the catalogue title, in both languages, and no form', async () => {
    const url = links.en.url;
    await page.goto(url.slice(0, -1) + (url.endsWith('0') ? '1' : '0'));
    await useLanguage('en');
    await byTestId('csat-invalid').waitFor();
    expect(await byTestId('csat-invalid').textContent()).toContain(enErrors.codes.support_invalid_survey_link);
    await useLanguage('ar');
    expect(await byTestId('csat-invalid').textContent()).toContain(arErrors.codes.support_invalid_survey_link);
    expect(await byTestId('csat-submit').count()).toBe(0);
    expect(await byTestId('csat-card').textContent()).not.toContain('CSAT');
  });

  test('in Arabic on a phone: the subject, nothing recorded until the rating is sent, then thanks', async () => {
    await page.goto(links.ar.url);
    await useLanguage('ar');
    await byTestId('csat-subject').waitFor();
    expect(await byTestId('csat-subject').textContent()).toBe(`CSAT ar ${STAMP}: receipts print blank`);
    expect(await byTestId('csat-card').textContent()).toContain(arSupport.csat_survey.question);
    expect(await byTestId('csat-submit').isDisabled()).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await csat(links.ar.id)).toEqual([]);
    await byTestId('csat-rating').locator('[role="radio"][aria-posinset="4"]').click();
    await expect.poll(() => byTestId('csat-rating-label').textContent()).toBe(arSupport.csat_survey.ratings['4']);
    await byTestId('csat-comment').fill('سريع ولطيف');
    expect(await byTestId('csat-submit').isDisabled()).toBe(false);
    await page.waitForTimeout(300);   // the button's enable transition, for the screenshot only
    await page.screenshot({ path: join(SHOTS, 'c01-csat-survey-ar-390.png'), fullPage: true });
    await byTestId('csat-submit').click();
    await byTestId('csat-done').waitFor();
    expect(await byTestId('csat-done').textContent()).toContain(arSupport.csat_survey.done);
    expect(await csat(links.ar.id)).toEqual([{ rating: 4, comment: 'سريع ولطيف', rated_by: null }]);
  });

  test('in English on a phone: rated; the link opened again says it is rated', async () => {
    await page.goto(links.en.url);
    await useLanguage('en');
    await byTestId('csat-subject').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await byTestId('csat-rating').locator('[role="radio"][aria-posinset="5"]').click();
    await expect.poll(() => byTestId('csat-rating-label').textContent()).toBe(enSupport.csat_survey.ratings['5']);
    await byTestId('csat-submit').click();
    await byTestId('csat-done').waitFor();
    expect(await byTestId('csat-done').textContent()).toContain(enSupport.csat_survey.done);
    expect(await csat(links.en.id)).toEqual([{ rating: 5, comment: null, rated_by: null }]);
    await page.goto(links.en.url);
    await byTestId('csat-done').waitFor();
    expect(await byTestId('csat-done').textContent()).toContain(enSupport.csat_survey.already_rated);
    await page.screenshot({ path: join(SHOTS, 'c02-csat-survey-en-390-rated.png'), fullPage: true });
  });

  test('the answer can be changed twice through the link, then no change is left', async () => {
    for (const [stars, left] of [[2, '1'], [3, '0']] as const) {
      await page.goto(links.en.url);
      await byTestId('csat-change').click();
      await byTestId('csat-rating').locator(`[role="radio"][aria-posinset="${stars}"]`).click();
      await byTestId('csat-submit').click();
      await expect.poll(() => byTestId('csat-done').getAttribute('data-changes-left'), { timeout: 30_000 }).toBe(left);
      expect((await csat(links.en.id))[0].rating).toBe(stars);
    }
    expect(await byTestId('csat-change').count()).toBe(0);
    await page.goto(links.en.url);
    await byTestId('csat-done').waitFor();
    expect(await byTestId('csat-change').count()).toBe(0);
  });
});
