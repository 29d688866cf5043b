// End to end, the notifications console (issue 17 §7): the template editor refuses a variable the
// event does not declare (with the error catalogue's title, in the preview and on save), saves a
// valid edit as a new version, previews Arabic with the SMS encoding and segment count; the outbox
// shows a message with the provider's answer and retries a failed one (queued again, audited); a
// message held for a bounced address shows why, and the address is lifted with a reason (audited); the
// tenant's Communications tab lists its messages; an auditor reads all of it and can change nothing.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, EMAIL, SHOTS, pickOption, screenshotOnFailure, signIn } from './session';
import enErrors from '../src/i18n/en/errors.json';

const SLUG = `e2e-notify-${Date.now().toString(36)}`;
const EVENT = 'platform.announcement';
const PROVIDER_ERROR = 'twilio 21211: the To number is not a valid phone number';
const UNKNOWN_VARIABLE_TITLE = enErrors.codes.notifications_unknown_variable;

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let tenantId = '';
let failedId = '';
let deliveredId = '';
const pageErrors: string[] = [];

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function one<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query(sql, params);
  return rows[0] as T;
}

async function setLang(lang: 'en' | 'ar') {
  await byTestId(`lang-${lang}`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
}

/** Opens the template of EVENT for a channel and language. */
async function openTemplate(channel: 'email' | 'sms' | 'whatsapp', locale: 'ar' | 'en') {
  await page.goto(`${BASE}/notifications/templates?event=${EVENT}&channel=${channel}&locale=${locale}`);
  const current = await one<{ version: number; body_text: string }>(`select version, body_text from public.notification_templates
    where event = $1 and channel = $2 and locale = $3 order by version desc limit 1`, [EVENT, channel, locale]);
  await expect.poll(() => byTestId('template-version').getAttribute('data-version')).toBe(String(current.version));
  // the form holds this template, not the one of the event shown before
  await expect.poll(() => page.locator('[data-testid="template-body"]').inputValue()).toBe(current.body_text);
}

const templateVersion = (channel: string, locale: string) =>
  one<{ v: number }>(`select max(version) as v from public.notification_templates where event = $1 and channel = $2 and locale = $3`, [EVENT, channel, locale])
    .then((r) => Number(r.v));

async function insertMessage(status: string, extra: Record<string, unknown>) {
  const row = await one<{ id: string }>(`insert into public.notification_outbox
      (event, event_key, tenant_id, recipient_kind, recipient_ref, channel, address, locale, template_version, category, subject, body_text,
       status, attempts, max_attempts, provider, provider_message_id, last_error, last_receipt, idempotency_key)
    values ($1, $2, $3::uuid, 'tenant_contact', $3::text, 'sms', '+96890000001', 'ar', 1, 'other', null, 'كلين ميت إكس: صيانة مجدولة. الليلة',
            $4, $5, 5, 'twilio', $6, $7, $8, $2)
    returning id`, [EVENT, `${SLUG}:${status}`, tenantId, status, extra.attempts ?? 1, extra.provider_message_id ?? null,
    extra.last_error ?? null, extra.last_receipt ? JSON.stringify(extra.last_receipt) : null]);
  return row.id;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  tenantId = (await one<{ id: string }>(`insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
    values ($1, '{"en":"E2E Notify Laundry","ar":"مغسلة الإشعارات"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR',
            '{"email":"notify-e2e@example.test","name":"Notify E2E","phone":"+96890000001"}', 'active') returning id`, [SLUG])).id;
  failedId = await insertMessage('dead', { attempts: 5, last_error: PROVIDER_ERROR, last_receipt: { status: 'failed', error_code: 21211 } });
  deliveredId = await insertMessage('delivered', { provider_message_id: `SM${Date.now()}`, last_receipt: { status: 'delivered' } });
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('notifications', () => page));

afterAll(async () => {
  await close?.();
  await db?.query(`delete from public.tenants where slug = $1`, [SLUG]).catch(() => undefined);
  await db?.end();
});

describe('notifications console', () => {
  test('signs in', async () => {
    await page.goto(`${BASE}/login`);
    await signIn(page);
    await byTestId('current-user').waitFor();
  });

  test('a template with a variable the event does not declare is refused, with the catalogue title', async () => {
    await openTemplate('email', 'en');
    const before = await templateVersion('email', 'en');
    await byTestId('template-body').fill('{{title}}: {{body}} — see {{coupon_code}}');
    // the preview already says what the save would refuse
    await expect.poll(() => byTestId('template-preview-error').getAttribute('data-code')).toBe('notifications.unknown_variable');
    expect(await byTestId('template-preview-error').textContent()).toContain(UNKNOWN_VARIABLE_TITLE);
    await byTestId('template-save').click();
    await expect.poll(() => page.locator('.ant-notification-notice').filter({ hasText: UNKNOWN_VARIABLE_TITLE }).count()).toBeGreaterThan(0);
    expect(await templateVersion('email', 'en')).toBe(before);
    await shot('n01-template-refused');
  });

  test('a valid edit is saved as a new version', async () => {
    await openTemplate('email', 'en');
    const before = await templateVersion('email', 'en');
    await byTestId('template-body').fill('{{title}}\n\n{{body}}\n\n(e2e edit)');
    await expect.poll(() => byTestId('preview-text').textContent()).toContain('(e2e edit)');
    await expect.poll(() => byTestId('template-preview-error').count()).toBe(0);
    await byTestId('template-save').click();
    await expect.poll(() => templateVersion('email', 'en')).toBe(before + 1);
    await expect.poll(() => byTestId('template-version').getAttribute('data-version')).toBe(String(before + 1));
    const audited = await one<{ n: number }>(`select count(*)::int as n from audit.log where action = 'notification.template_save' and occurred_at > now() - interval '5 minutes'`);
    expect(audited.n).toBeGreaterThan(0);
  });

  test('previews an Arabic SMS: Unicode encoding, characters and segments', async () => {
    await openTemplate('sms', 'ar');
    await expect.poll(() => byTestId('sms-encoding').textContent()).toContain('Unicode');
    const text = (await byTestId('preview-text').textContent()) ?? '';
    expect(text).toMatch(/[\u0600-\u06FF]/);
    expect(text).not.toContain('{{');
    // 70 characters fit one UCS-2 message; past that, parts of 67
    await byTestId('template-body').fill('كلين ميت إكس: {{title}}'); // 35 characters once rendered
    await expect.poll(() => byTestId('sms-characters').textContent()).toMatch(/35$/);
    expect(await byTestId('sms-segments').getAttribute('data-value')).toBe('1');
    await byTestId('template-body').fill(`كلين ميت إكس: {{title}} ${'ا'.repeat(150)}`); // 186 characters
    await expect.poll(() => byTestId('sms-segments').getAttribute('data-value')).toBe('3');
    expect(await byTestId('preview-text').textContent()).toContain('ا'.repeat(150));
    await shot('n02-template-sms-ar');
  });

  test('the outbox shows the messages with the provider answer, and retries a failed one', async () => {
    await page.goto(`${BASE}/notifications/outbox`);
    await pickOption(page, byTestId('outbox-filter-status'), 'Gave up');
    await byTestId('outbox-filter-submit').click();
    await byTestId(`outbox-row-${failedId}`).waitFor();
    await byTestId(`outbox-open-${failedId}`).click();
    await expect.poll(() => byTestId('outbox-last-error').textContent()).toBe(PROVIDER_ERROR);
    await shot('n03-outbox-message');
    await page.locator('.ant-drawer-close').click();
    await byTestId(`outbox-retry-${failedId}`).click();
    await expect.poll(async () => (await one<{ status: string; retries: number }>(
      'select status, retries from public.notification_outbox where id = $1', [failedId]))).toMatchObject({ retries: 1 });
    const job = await one<{ n: number }>(`select count(*)::int as n from audit.log where action = 'notification.retry' and entity_id = $1`, [failedId]);
    expect(job.n).toBe(1);
    // a delivered message offers no retry
    await page.goto(`${BASE}/notifications/outbox`);
    await byTestId(`outbox-row-${deliveredId}`).waitFor();
    expect(await byTestId(`outbox-retry-${deliveredId}`).count()).toBe(0);
    await shot('n04-outbox');
  });

  test('a message to a bounced address shows why; the address is lifted off the suppression list with a reason', async () => {
    const address = `${SLUG}@bounced.test`;
    await db.query(`insert into public.notification_suppressions (channel, address, reason, detail, provider)
      values ('email', $1, 'bounced', 'smtp 5.1.1: 550 5.1.1 user unknown', 'smtp')`, [address]);
    const held = await one<{ id: string }>(`insert into public.notification_outbox (event, event_key, tenant_id, recipient_kind, recipient_ref,
        channel, address, locale, template_version, category, body_text, status, status_reason, idempotency_key)
      values ($1, $2, $3::uuid, 'tenant_contact', $3::text, 'email', $4, 'ar', 1, 'other', 'x', 'suppressed', 'address_bounced', $2) returning id`,
      [EVENT, `${SLUG}:held`, tenantId, address]);
    await page.goto(`${BASE}/notifications/outbox`);
    await expect.poll(() => byTestId(`outbox-reason-${held.id}`).textContent()).toBe('the address bounced before');
    await byTestId(`suppression-lift-${address}`).click();
    await byTestId('reason-input').fill('mailbox recreated by the tenant');
    await byTestId('reason-ok').click();
    await expect.poll(async () => (await one<{ n: number }>(
      `select count(*)::int as n from public.notification_suppressions where address = $1`, [address])).n).toBe(0);
    const audit = await one<{ reason: string }>(`select reason from audit.log where action = 'notification.suppression_lift' and entity_id = $1`, [`email:${address}`]);
    expect(audit.reason).toBe('mailbox recreated by the tenant');
    await expect.poll(() => byTestId(`suppression-lift-${address}`).count()).toBe(0);
    await shot('n04b-suppressions');
    await db.query('delete from public.notification_outbox where id = $1', [held.id]);   // the Communications tab counts two
  });

  test('a staff member sets the language of their own messages on the staff list', async () => {
    await page.goto(`${BASE}/staff`);
    await pickOption(page, byTestId(`staff-locale-${EMAIL}`), 'English');
    await expect.poll(async () => (await one<{ locale: string }>('select locale from public.platform_staff where email = $1', [EMAIL])).locale).toBe('en');
    await db.query(`update public.platform_staff set locale = 'ar' where email = $1`, [EMAIL]);
  });

  test("the tenant's Communications tab lists its messages", async () => {
    await page.goto(`${BASE}/tenants/show/${tenantId}`);
    await byTestId('tab-communications').click();
    await byTestId('communications-tab').waitFor();
    await byTestId(`outbox-row-${deliveredId}`).waitFor();
    await byTestId(`outbox-row-${failedId}`).waitFor();
    expect(await page.locator('[data-testid="communications-tab"] tbody tr.ant-table-row').count()).toBe(2);
  });

  test('in Arabic and in a narrow window', async () => {
    await setLang('ar');
    await openTemplate('email', 'ar');
    // the event's sample values are English; the Arabic layout is right-to-left
    await expect.poll(() => byTestId('preview-html').getAttribute('srcdoc')).toMatch(/dir="rtl"/);
    await shot('n05-ar-template-email');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${BASE}/notifications/outbox`);
    await byTestId(`outbox-row-${deliveredId}`).waitFor();
    await shot('n06-ar-outbox-narrow');
    await page.setViewportSize({ width: 1400, height: 900 });
    await setLang('en');
    expect(pageErrors).toEqual([]);
  });

  test('an auditor reads templates and the outbox but cannot save or retry', async () => {
    await byTestId('logout').click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'auditor@cleanmatex.test');
    await byTestId('current-user').waitFor();
    await db.query(`update public.notification_outbox set status = 'failed' where id = $1`, [failedId]);
    await openTemplate('email', 'en');
    await byTestId('template-read-only').waitFor();
    expect(await byTestId('template-save').count()).toBe(0);
    expect(await page.locator('[data-testid="template-body"]').isDisabled()).toBe(true);
    await page.goto(`${BASE}/notifications/outbox`);
    await byTestId(`outbox-row-${failedId}`).waitFor();
    expect(await byTestId(`outbox-retry-${failedId}`).count()).toBe(0);
    await db.query(`insert into public.notification_suppressions (channel, address, reason) values ('email', $1, 'complained')`, [`${SLUG}@auditor.test`]);
    await page.reload();
    await page.locator('[data-testid="suppressions-table"]').getByText(`${SLUG}@auditor.test`).waitFor();
    expect(await page.locator('[data-testid^="suppression-lift-"]').count()).toBe(0);
    await db.query('delete from public.notification_suppressions where address = $1', [`${SLUG}@auditor.test`]);
    await shot('n07-auditor-outbox');
  });
});
