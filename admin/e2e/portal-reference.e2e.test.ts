// End to end, the developer portal's reference tabs (issue 18 §6): the REST API reference is read
// from the gateway's OpenAPI document as the signed-in staff member sees it — search a table, open
// it, read a column's description (its SQL COMMENT) and the example request; in Arabic at 390 px
// without horizontal overflow.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { API, BASE, SHOTS, screenshotOnFailure, signIn } from './session';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let page: Page;
let close: () => Promise<void>;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

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
    await byTestId('rest-search').locator('input').fill('event types');
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
    await byTestId('rest-search').locator('input').fill('rotate_api_key');
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
      await byTestId('rest-search').locator('input').fill('integration_event_types');
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
