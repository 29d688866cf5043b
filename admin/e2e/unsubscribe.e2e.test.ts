// End to end, the unsubscribe link of a non-transactional e-mail (issue 17 §4): opened signed out,
// in Arabic and at a phone's width, it changes nothing until the reader confirms; then the
// recipient's non-transactional e-mail is muted, transactional mail is not, and the page says so.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, screenshotOnFailure } from './session';
import ar from '../src/i18n/ar/notifications.json';

const SLUG = `e2e-unsub-${Date.now().toString(36)}`;

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let tenantId = '';
let token = '';

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const muted = async () => (await db.query(`select enabled from public.notification_preferences
  where recipient_kind = 'tenant_contact' and recipient_ref = $1 and category = 'other' and channel = 'email'`, [tenantId])).rows;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  tenantId = (await db.query(`insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
    values ($1, '{"en":"E2E Unsubscribe Laundry","ar":"مغسلة إلغاء الاشتراك"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR',
            '{"email":"unsub-e2e@example.test"}', 'active') returning id`, [SLUG])).rows[0].id;
  await db.query(`select private.notify('platform.announcement', $1, 'e2e-unsub', '{"title": "T", "body": "B"}')`, [tenantId]);
  token = (await db.query(`select unsubscribe_token from public.notification_outbox
    where tenant_id = $1 and channel = 'email' and unsubscribe_token is not null`, [tenantId])).rows[0].unsubscribe_token;
  const link = (await db.query(`select body_html from public.notification_outbox where unsubscribe_token = $1`, [token])).rows[0].body_html as string;
  expect(link).toContain(`${BASE}/unsubscribe?token=${token}`);
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('unsubscribe', () => page));

afterAll(async () => {
  await close?.();
  await db?.query(`delete from public.notification_preferences where recipient_ref = $1`, [tenantId]).catch(() => undefined);
  await db?.query(`delete from public.tenants where slug = $1`, [SLUG]).catch(() => undefined);
  await db?.end();
});

describe('the unsubscribe link', () => {
  test('without a token the page says the link is incomplete and offers nothing to confirm', async () => {
    await page.goto(`${BASE}/unsubscribe`);
    await byTestId('unsubscribe-no-token').waitFor();
    expect(await byTestId('unsubscribe-confirm').isDisabled()).toBe(true);
  });

  test('opened signed out, in Arabic on a phone: nothing changes until the reader confirms', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${BASE}/unsubscribe?token=${token}`);
    await byTestId('lang-ar').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await byTestId('unsubscribe-card').textContent()).toContain(ar.unsubscribe.explain);
    expect(await muted()).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'u01-unsubscribe-ar-390.png'), fullPage: true });
    await byTestId('unsubscribe-confirm').click();
    await byTestId('unsubscribe-done').waitFor();
    expect(await byTestId('unsubscribe-done').textContent()).toContain(ar.unsubscribe.done);
    expect(await muted()).toEqual([{ enabled: false }]);
  });

  test('the next announcement e-mail is suppressed; a transactional one is still queued', async () => {
    await db.query(`select private.notify('platform.announcement', $1, 'e2e-unsub-2', '{"title": "T", "body": "B"}')`, [tenantId]);
    await db.query(`select private.notify('tenant.welcome', $1, 'e2e-unsub-welcome', '{}')`, [tenantId]);
    const rows = (await db.query(`select event, status from public.notification_outbox
      where tenant_id = $1 and channel = 'email' and event_key in ('e2e-unsub-2', 'e2e-unsub-welcome') order by event`, [tenantId])).rows;
    expect(rows).toEqual([{ event: 'platform.announcement', status: 'suppressed' }, { event: 'tenant.welcome', status: 'queued' }]);
  });
});
