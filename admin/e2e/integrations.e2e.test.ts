// End to end, the developer portal (issue 18 §6): an endpoint is created and its whsec_ secret shown
// once; a test event is sent and its delivery listed; the secret is rotated (the new one shown once);
// an API key is created (shown once) and revoked; another is rotated with the default 24 h grace
// period (both keys listed, the old one retiring until then) and the old one revoked; a sandbox
// tenant is created from the portal and its sample orders generated (also read in Arabic at 390 px),
// then reseeded (confirmed: new orders replace the old) and finally deleted (confirmed).
// The auditor (settings.read only) reads with no
// action button; the catalogue reads in Arabic at 390 px without horizontal overflow.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 200 });
const RUN = Date.now().toString(36);
const URL_ = `https://hooks.example.com/e2e-${RUN}`;
const KEY_NAME = `e2e key ${RUN}`;
const ROT_NAME = `e2e rotated ${RUN}`;
const SBX = `sbx-e2e-${RUN}`;

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const row = () => byTestId(`endpoint-${URL_}`);
const rows = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];
const endpointId = async () => (await rows<{ id: string }>('select id from public.webhook_endpoints where url = $1', [URL_]))[0]?.id;
const secrets = async () => (await rows<{ secret: string }>(
  `select s.secret from private.webhook_endpoint_secrets s join public.webhook_endpoints e on e.id = s.endpoint_id
   where e.url = $1 order by s.created_at`, [URL_])).map((r) => r.secret);

/** The secret dialog's value, then closes it; afterwards the value is nowhere on the page. */
async function takeSecret(): Promise<string> {
  await byTestId('secret-value').waitFor();
  const value = (await byTestId('secret-value').innerText()).trim();
  await byTestId('secret-done').click();
  await poll(() => page.locator('.ant-modal-wrap:visible [data-testid="secret-value"]').count()).toBe(0);
  await poll(() => page.evaluate((v) => document.body.innerText.includes(v), value)).toBe(false);
  return value;
}

async function signInAs(email?: string) {
  if (await byTestId('logout').count()) {
    await byTestId('logout').click();
    await page.waitForURL(/\/login/);
  } else {
    await page.goto(`${BASE}/login`);
  }
  await signIn(page, email);
  await byTestId('current-user').waitFor();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1440, height: 900 });
});

afterEach(screenshotOnFailure('integrations', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('developer portal', () => {
  test('creates an endpoint and shows its secret once', async () => {
    await signInAs();
    await page.goto(`${BASE}/integrations?tab=endpoints`);
    await byTestId('endpoints-table').waitFor();
    await byTestId('endpoint-create').click();
    await byTestId('endpoint-url').fill(URL_);
    await byTestId('endpoint-description').fill('e2e receiver');
    await byTestId('endpoint-create-ok').click();
    const secret = await takeSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await secrets()).toEqual([secret]);
    await row().waitFor();
    expect(await row().getAttribute('data-enabled')).toBe('true');
    await shot('int01-endpoint');
  });

  test('sends a test event and lists its delivery', async () => {
    await row().locator('[data-testid="endpoint-test"]').click();
    const id = await endpointId();
    await poll(async () => (await rows(`select d.id from public.webhook_deliveries d join public.integration_events e on e.id = d.event_id
      where d.endpoint_id = $1 and e.type = 'webhook.test'`, [id])).length).toBe(1);
    await row().locator('[data-testid="endpoint-deliveries"]').click();
    await byTestId('delivery-webhook.test').waitFor();
    await shot('int02-deliveries');
    await page.keyboard.press('Escape');
    await poll(() => page.locator('[data-testid="deliveries-drawer"]:visible').count()).toBe(0);
  });

  test('rotates the secret: the new one is shown once, the old one kept for the overlap', async () => {
    const [old] = await secrets();
    await row().locator('[data-testid="endpoint-rotate"]').click();
    await byTestId('rotate-ok').click();
    const fresh = await takeSecret();
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(await secrets()).toEqual([old, fresh]);
  });

  test('creates an API key (shown once) and revokes it', async () => {
    await page.goto(`${BASE}/integrations?tab=keys`);
    await byTestId('keys-table').waitFor();
    await byTestId('key-create').click();
    await byTestId('key-name').fill(KEY_NAME);
    await byTestId('key-create-ok').click();
    const key = await takeSecret();
    expect(key).toMatch(/^cmx_live_/);
    const [stored] = await rows<{ hash: Buffer; prefix: string }>('select key_hash as hash, key_prefix as prefix from public.api_keys where name = $1', [KEY_NAME]);
    expect(stored.hash.equals(createHash('sha256').update(key).digest())).toBe(true);
    const keyRow = byTestId(`key-${KEY_NAME}`);
    await poll(() => keyRow.getAttribute('data-state')).toBe('active');
    expect(await keyRow.textContent()).toContain(stored.prefix);
    await keyRow.locator('[data-testid="key-revoke"]').click();
    await byTestId('key-revoke-ok').click();
    await poll(async () => (await rows('select 1 from public.api_keys where name = $1 and revoked_at is not null', [KEY_NAME])).length).toBe(1);
    await poll(() => keyRow.getAttribute('data-state')).toBe('revoked');
    await shot('int03-keys');
  });

  test('rotates an API key: the old one works for the grace period beside the new one, revoke ends it at once', async () => {
    await byTestId('key-create').click();
    await byTestId('key-name').fill(ROT_NAME);
    await byTestId('key-create-ok').click();
    const oldKey = await takeSecret();
    const oldRow = page.locator(`[data-testid="key-${ROT_NAME}"][data-prefix="${oldKey.slice(0, 17)}"]`);
    await poll(() => oldRow.getAttribute('data-state')).toBe('active');
    await oldRow.locator('[data-testid="key-rotate"]').click();
    await byTestId('key-rotate-grace').waitFor();
    expect(await byTestId('key-rotate-grace').textContent()).toContain('24 hours');
    await byTestId('key-rotate-ok').click();
    const newKey = await takeSecret();
    expect(newKey).toMatch(/^cmx_live_/);
    expect(newKey).not.toBe(oldKey);
    const [old] = await rows<{ replaced: string; hours: number }>(
      `select replaced_by::text as replaced, round(extract(epoch from expires_at - now()) / 3600)::int as hours
       from public.api_keys where key_prefix = $1`, [oldKey.slice(0, 17)]);
    expect(old.hours).toBe(24);
    const newRow = page.locator(`[data-testid="key-${ROT_NAME}"][data-prefix="${newKey.slice(0, 17)}"]`);
    await poll(() => newRow.getAttribute('data-state')).toBe('active');
    await poll(() => oldRow.getAttribute('data-state')).toBe('retiring');
    expect(await oldRow.locator('[data-testid="key-replaced-by"]').textContent()).toContain(newKey.slice(0, 17));
    expect(await oldRow.locator('[data-testid="key-retires-at"]').textContent()).toContain('Works until');
    expect(await newRow.locator('[data-testid="key-replaces"]').textContent()).toContain(oldKey.slice(0, 17));
    expect(await oldRow.locator('[data-testid="key-rotate"]').count()).toBe(0);
    await shot('int03b-key-rotation');
    await oldRow.locator('[data-testid="key-revoke"]').click();
    await byTestId('key-revoke-ok').click();
    await poll(() => oldRow.getAttribute('data-state')).toBe('revoked');
    await poll(async () => (await rows('select 1 from public.api_keys where key_prefix = $1 and revoked_at is not null', [oldKey.slice(0, 17)])).length).toBe(1);
    expect(await newRow.getAttribute('data-state')).toBe('active');
  });

  test('creates a sandbox tenant whose sample orders are generated', async () => {
    await page.goto(`${BASE}/integrations?tab=sandbox`);
    await byTestId('sandbox-table').waitFor();
    await byTestId('sandbox-create').click();
    await byTestId('sandbox-slug').fill('Not A Slug');
    await byTestId('sandbox-name').fill('E2E sandbox');
    await byTestId('sandbox-email').fill(`dev@${SBX}.test`);
    await byTestId('sandbox-orders').fill('500');
    await byTestId('sandbox-create-ok').click();
    await poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('Between 1 and 200');
    expect(await byTestId('sandbox-orders').inputValue()).toBe('500');
    expect(await rows('select 1 from public.tenants where slug = $1', [SBX])).toHaveLength(0);
    await byTestId('sandbox-slug').fill(SBX);
    await byTestId('sandbox-orders').fill('3');
    await byTestId('sandbox-create-ok').click();
    const sbxRow = byTestId(`sandbox-${SBX}`);
    await sbxRow.waitFor();
    const [tenant] = await rows<{ id: string; status: string }>(
      'select t.id, t.status from public.tenants t join public.sandbox_tenants s on s.tenant_id = t.id where t.slug = $1', [SBX]);
    expect(tenant.status).toBe('active');
    // the jobs backbone generates the sample (what pg_cron's dispatcher does every few seconds)
    await poll(async () => {
      await db.query('select private.dispatch()');
      return (await rows('select 1 from public.orders where tenant_id = $1', [tenant.id])).length;
    }).toBe(3);
    await page.reload();
    await poll(() => sbxRow.getAttribute('data-orders')).toBe('3');
    expect(await sbxRow.locator('[data-testid="sandbox-sample"]').textContent()).toContain('3 orders');
    await shot('int05-sandbox');
  });

  test('the sandbox section reads in Arabic at 390 px without horizontal overflow', async () => {
    await byTestId('lang-ar').click();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${BASE}/integrations?tab=sandbox`);
      await byTestId(`sandbox-${SBX}`).waitFor();
      expect(await byTestId('sandbox-intro').textContent()).toContain('مستأجر حقيقي');
      expect(await byTestId(`sandbox-${SBX}`).textContent()).toContain('3 طلب');
      // the reseed confirmation reads in Arabic; cancelled, nothing happens
      await byTestId(`sandbox-${SBX}`).locator('[data-testid="sandbox-reseed"]').click();
      await poll(() => page.locator('.ant-popconfirm:visible').textContent()).toContain(`للمستأجر ${SBX}`);
      await byTestId('sandbox-reseed-cancel').click();
      await poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await shot('int06-sandbox-ar-narrow');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await byTestId('lang-en').click();
    }
  });

  test('reseeds the sandbox after a confirmation: new sample orders replace the old ones', async () => {
    await page.goto(`${BASE}/integrations?tab=sandbox`);
    const sbxRow = byTestId(`sandbox-${SBX}`);
    await sbxRow.waitFor();
    const [{ id: tenant }] = await rows<{ id: string }>('select id from public.tenants where slug = $1', [SBX]);
    const before = (await rows<{ id: string }>('select id from public.orders where tenant_id = $1', [tenant])).map((r) => r.id);
    expect(before).toHaveLength(3);
    await sbxRow.locator('[data-testid="sandbox-reseed"]').click();
    await poll(() => page.locator('.ant-popconfirm:visible').textContent()).toContain(`Wipe ${SBX}'s sample orders`);
    await byTestId('sandbox-reseed-ok').click();
    await poll(async () => (await rows('select 1 from audit.log where action = $1 and entity_id = $2', ['sandbox_tenant.reseed', tenant])).length).toBe(1);
    await poll(async () => {
      await db.query('select private.dispatch()');
      return (await rows<{ id: string }>('select id from public.orders where tenant_id = $1', [tenant])).filter((r) => !before.includes(r.id)).length;
    }).toBe(3);
    expect(await rows('select 1 from public.orders where id = any($1::uuid[])', [before])).toHaveLength(0);
    await page.reload();
    await poll(() => sbxRow.getAttribute('data-orders')).toBe('3');
  });

  test('the event catalogue reads in Arabic at 390 px without horizontal overflow', async () => {
    await byTestId('lang-ar').click();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${BASE}/integrations?tab=events`);
      await byTestId('event-type-webhook.test').waitFor();
      expect(await byTestId('event-type-webhook.test').textContent()).toContain('حدث تجريبي');
      await poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await shot('int04-ar-narrow');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await byTestId('lang-en').click();
    }
  });

  test('the auditor reads endpoints, keys and sandboxes with no action button', async () => {
    await signInAs('auditor@cleanmatex.test');
    await page.goto(`${BASE}/integrations?tab=endpoints`);
    await row().waitFor();
    expect(await byTestId('endpoint-create').count()).toBe(0);
    expect(await row().locator('[data-testid="endpoint-test"]').count()).toBe(0);
    await page.goto(`${BASE}/integrations?tab=keys`);
    await byTestId(`key-${KEY_NAME}`).waitFor();
    expect(await byTestId('key-create').count()).toBe(0);
    await page.goto(`${BASE}/integrations?tab=sandbox`);
    await byTestId(`sandbox-${SBX}`).waitFor();
    expect(await byTestId('sandbox-create').count()).toBe(0);
    expect(await byTestId('sandbox-reseed').count()).toBe(0);
    expect(await byTestId('sandbox-delete').count()).toBe(0);
  });

  test('a role without settings.read is refused with the catalogue\'s title', async () => {
    await signInAs('support@cleanmatex.test');
    await page.goto(`${BASE}/integrations?tab=endpoints`);
    await poll(() => byTestId('integrations-refused').textContent()).toContain('Your role may not do this');
    expect(await byTestId('endpoints-table').count()).toBe(0);
  });

  test('deletes the sandbox after a confirmation', async () => {
    await signInAs();
    await page.goto(`${BASE}/integrations?tab=sandbox`);
    const sbxRow = byTestId(`sandbox-${SBX}`);
    await sbxRow.waitFor();
    await sbxRow.locator('[data-testid="sandbox-delete"]').click();
    await poll(() => page.locator('.ant-popconfirm:visible').textContent()).toContain('This cannot be undone');
    await byTestId('sandbox-delete-ok').click();
    await poll(() => sbxRow.count()).toBe(0);
    expect(await rows('select 1 from public.tenants where slug = $1', [SBX])).toHaveLength(0);
    expect(await rows("select 1 from audit.log where action = 'sandbox_tenant.delete' and before ->> 'slug' = $1", [SBX])).toHaveLength(1);
  });
});
