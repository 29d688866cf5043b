// End to end, the developer portal's reference tabs (issue 18 §6): the REST API reference is read
// from the gateway's OpenAPI document as the signed-in staff member sees it — search a table, open
// it, read a column's description (its SQL COMMENT) and the example request; in Arabic at 390 px
// without horizontal overflow. The API changelog lists the reference entries newest first, filters by
// kind, and a writer adds an entry and retracts it (kept, flagged).
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { API, BASE, SHOTS, pickOption, screenshotOnFailure, signIn } from './session';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 200 });
const RUN = `e2e-${Date.now().toString(36)}`;

let page: Page;
let close: () => Promise<void>;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
/** antd puts Input.Search's data-testid on the input itself. */
const searchBox = () => page.locator('input[data-testid="rest-search"], [data-testid="rest-search"] input').first();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${BASE}/login`);
  await signIn(page);
  await byTestId('current-user').waitFor();
});

afterEach(screenshotOnFailure('portal-reference', () => page));

afterAll(async () => {
  await close?.();
});

describe('REST API reference', () => {
  test('searches a table, opens it and reads a column description and the example request', async () => {
    await page.goto(`${BASE}/integrations?tab=rest`);
    await searchBox().fill('event types');
    const entry = byTestId('rest-entry-integration_event_types');
    await entry.waitFor();
    // the search narrowed the list: a table that does not match is gone
    await poll(() => byTestId('rest-entry-tenants').count()).toBe(0);
    await entry.click();
    const column = byTestId('rest-field-integration_event_types-payload_schema');
    await column.waitFor();
    expect(await column.textContent()).toContain('JSON Schema (subset) every payload of this type satisfies.');
    expect(await byTestId('rest-field-integration_event_types-type').textContent()).toContain('Event type, e.g. order.ready.');
    const curl = await byTestId('rest-curl-integration_event_types').textContent();
    expect(curl).toContain(`${API}/rest/v1/integration_event_types?select=*`);
    expect(curl).toContain('apikey: $SUPABASE_ANON_KEY');
    expect(await byTestId('rest-js-integration_event_types').textContent()).toContain(".from('integration_event_types')");
    await shot('ref01-rest-table');
  });

  test('a function shows its arguments and an rpc example', async () => {
    await page.goto(`${BASE}/integrations?tab=rest`);
    await searchBox().fill('rotate_api_key');
    await byTestId('rest-entry-rotate_api_key').click();
    await byTestId('rest-field-rotate_api_key-overlap_minutes').waitFor();
    expect(await byTestId('rest-curl-rotate_api_key').textContent()).toContain('-X POST');
    expect(await byTestId('rest-curl-rotate_api_key').textContent()).toContain('/rest/v1/rpc/rotate_api_key');
  });

  test('reads in Arabic at 390 px without horizontal overflow', async () => {
    await byTestId('lang-ar').click();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${BASE}/integrations?tab=rest`);
      await searchBox().fill('integration_event_types');
      await byTestId('rest-entry-integration_event_types').click();
      await byTestId('rest-field-integration_event_types-payload_schema').waitFor();
      expect(await byTestId('rest-api').textContent()).toContain('واجهة REST');
      await poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await shot('ref02-rest-ar-narrow');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await byTestId('lang-en').click();
    }
  });
});

describe('API changelog', () => {
  const entry = () => byTestId(`changelog-${RUN}-Webhook replay by range`);

  test('lists the reference entries newest first and filters by kind', async () => {
    await page.goto(`${BASE}/integrations?tab=changelog`);
    const rotation = byTestId('changelog-2026-12.3-Key rotation keeps the old key for a grace period');
    await rotation.waitFor();
    const versions = await page.locator('[data-testid="changelog-table"] tbody tr[data-testid^="changelog-2026-12."]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.split('-').slice(1, 3).join('-')));
    expect(versions).toEqual([...versions].sort().reverse());
    expect(versions).toContain('2026-12.1');
    await pickOption(page, byTestId('changelog-kind-filter'), 'Changed');
    await poll(() => byTestId('changelog-2026-12.1-Event catalogue').count()).toBe(0);
    expect(await rotation.count()).toBe(1);
    await shot('ref03-changelog-filtered');
  });

  test('a writer adds an entry, then retracts it: it stays, flagged', async () => {
    await page.goto(`${BASE}/integrations?tab=changelog`);
    await byTestId('changelog-new').click();
    await byTestId('changelog-version').fill(RUN);
    await pickOption(page, byTestId('changelog-kind'), 'Added');
    await byTestId('changelog-title-en').fill('Webhook replay by range');
    await byTestId('changelog-title-ar').fill('إعادة إرسال الخطافات حسب النطاق');
    await byTestId('changelog-body-en').fill('Replay every delivery of an endpoint in a time range.');
    await byTestId('changelog-body-ar').fill('أعد إرسال كل عمليات الإرسال لنقطة استقبال في نطاق زمني.');
    await byTestId('changelog-save').click();
    await entry().waitFor();
    expect(await entry().getAttribute('data-state')).toBe('published');
    await entry().locator('[data-testid="changelog-retract"]').click();
    await page.locator('.ant-modal-wrap:visible textarea, .ant-modal-wrap:visible input').first().fill('announced by mistake');
    await byTestId('reason-ok').click();
    await poll(() => entry().getAttribute('data-state')).toBe('retracted');
    expect(await entry().textContent()).toContain('announced by mistake');
    expect(await entry().locator('[data-testid="changelog-retract"]').count()).toBe(0);
    await shot('ref04-changelog-retracted');
  });

  test('the auditor (settings.read) reads every entry, the retracted one flagged, with no write button', async () => {
    await byTestId('logout').click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'auditor@cleanmatex.test');
    await byTestId('current-user').waitFor();
    await page.goto(`${BASE}/integrations?tab=changelog`);
    await entry().waitFor();
    expect(await entry().getAttribute('data-state')).toBe('retracted');
    expect(await byTestId('changelog-new').count()).toBe(0);
    expect(await byTestId('changelog-retract').count()).toBe(0);
  });

  test('reads in Arabic at 390 px without horizontal overflow', async () => {
    await byTestId('lang-ar').click();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${BASE}/integrations?tab=changelog`);
      await byTestId('changelog-2026-12.3-Key rotation keeps the old key for a grace period').waitFor();
      expect(await byTestId('changelog-table').textContent()).toContain('تدوير المفتاح');
      await poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await shot('ref05-changelog-ar-narrow');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await byTestId('lang-en').click();
    }
  });
});
