// End to end, workflow engine (issue 7): HQ builds a template in the visual editor (validation
// errors on the graph), publishes it twice and diffs the versions, overrides it for Al Noor
// (renames a stage), the tenant owner moves an order through it (SQL as that user: tenant users
// never use HQ), HQ sees the transitions in the analytics, then publishes a version that removes
// the overridden stage and upgrades the tenant, which reports the conflict.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, API, DB_URL, SHOTS, pickOption, screenshotOnFailure, signIn } from './session';

const OWNER = 'owner@alnoor.test';
const code = `e2e_${Date.now().toString(36)}`;

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
let tenantId = '';
let templateId = '';
let orderId = '';
let orderVersion = '';
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

const pick = (select: Locator, text: string | RegExp, search?: string) => pickOption(page, select, text, search);


/** Runs SQL as the tenant owner, the way PostgREST would for their session (role + JWT claims). */
async function asOwner<T = any>(sql: string, params: unknown[] = [], at?: Date): Promise<T[]> {
  await db.query('begin');
  try {
    // the project's business clock (private.now()), so the order spends real-looking time in stages
    if (at) await db.query(`select set_config('cmx.frozen_now', $1, true)`, [at.toISOString()]);
    const { rows: [u] } = await db.query('select id from auth.users where email = $1', [OWNER]);
    await db.query(`select set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ sub: u.id, role: 'authenticated', aal: 'aal1' })]);
    await db.query('set local role authenticated');
    const { rows } = await db.query(sql, params);
    await db.query('commit');
    return rows as T[];
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
}

async function publish(note: string, version: number) {
  await byTestId('validation').and(page.locator('[data-valid="true"]')).waitFor();
  await byTestId('publish').click();
  await byTestId('publish-note').fill(note);
  await byTestId('publish-ok').click();
  // the new version, or the console's error notice (its text is the failure, not a bare timeout)
  const published = page.locator(`[data-testid="template-version"][data-version="${version}"]`);
  const refused = page.locator('.ant-notification-notice-error');
  await expect.poll(async () => (await published.count()) + (await refused.count())).toBeGreaterThan(0);
  if (await refused.count()) throw new Error(`publishing version ${version} failed: ${await refused.first().textContent()}`);
  await byTestId(`version-row-${version}`).waitFor();
}

async function openTenantWorkflow() {
  await page.goto(`${BASE}/tenants/show/${tenantId}`);
  await byTestId('tab-workflow').click();
  await byTestId('tenant-workflow-template').waitFor();
  await pick(byTestId('tenant-workflow-template'), code);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const health = await fetch(`${API}/auth/v1/health`).catch(() => null);
  if (!health) throw new Error(`the gateway does not answer at ${API}`);
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const { rows } = await db.query(`select id from public.tenants where slug = 'al-noor-muscat'`);
  tenantId = rows[0].id;
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(`${expect.getState().currentTestName}: ${e.message} ${e.stack ?? ''}`.slice(0, 600)));
  page.setDefaultTimeout(30_000);
});

afterEach(screenshotOnFailure('wf', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('workflow engine in the HQ console', () => {
  test('signs in as a super admin', async () => {
    await page.goto(`${BASE}/`);
    await signIn(page);
    await byTestId('dashboard').waitFor();
  });

  test('builds a template: validation errors show on the graph and in the list until fixed', async () => {
    await page.goto(`${BASE}/workflows`);
    await page.waitForSelector('[data-testid="template-row-wash_iron"]');
    await shot('wf-01-templates');
    await byTestId('template-create').click();
    await byTestId('template-code').fill('Bad Code');
    await byTestId('template-create-ok').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Lower-case letters')]));
    await byTestId('template-code').fill(code);
    await byTestId('template-category').fill(code);
    await byTestId('template-name-en').fill('E2E Steam Press');
    await byTestId('template-name-ar').fill('كي بالبخار');
    await byTestId('template-create-ok').click();
    await page.waitForURL(/\/workflows\/show\/[0-9a-f-]{36}/);
    templateId = page.url().match(/show\/([0-9a-f-]{36})/)![1];
    await expect.poll(() => byTestId('graph-node').count()).toBe(2);
    await page.waitForSelector('[data-testid="validation"][data-valid="true"]');

    // a new stage, not wired in: unreachable and a dead end, named on the graph and in the list
    await byTestId('stage-add').click();
    const row = byTestId('stage-row-stage_3');
    await row.locator('[data-testid="stage-code"]').fill('pressing');
    const pressing = byTestId('stage-row-pressing');
    await pressing.locator('[data-testid="stage-name-en"]').fill('Pressing');
    await pressing.locator('[data-testid="stage-name-ar"]').fill('الكي');
    await page.waitForSelector('[data-testid="validation-errors-item"][data-code="workflow.unreachable_stage"][data-subject="pressing"]');
    await page.waitForSelector('[data-testid="validation-errors-item"][data-code="workflow.dead_end"][data-subject="pressing"]');
    await page.waitForSelector('[data-testid="graph-node"][data-code="pressing"][data-error="true"]');
    expect(await byTestId('publish').isDisabled()).toBe(true);
    await shot('wf-02-validation-errors');

    // wire it in: received → pressing, pressing → done (guarded by a note, owners and admins only)
    await pick(byTestId('transition-row-0').locator('[data-testid="transition-to"]'), '(pressing)');
    await page.locator('[data-testid="graph-node"][data-code="pressing"]').click();
    await byTestId('transition-add').click();
    const tr = byTestId('transition-row-1');
    await tr.waitFor();
    await expect.poll(() => tr.locator('[data-testid="transition-from"]').textContent()).toContain('(pressing)');
    await pick(tr.locator('[data-testid="transition-to"]'), '(done)');
    await tr.locator('[data-testid="transition-label-en"]').fill('Pressed');
    await pick(tr.locator('[data-testid="transition-guards"]'), 'Requires a note');
    await pick(tr.locator('[data-testid="transition-roles"]'), 'Operator'); // toggles operator off
    await expect.poll(() => tr.locator('[data-testid="transition-roles"]').textContent()).not.toContain('Operator');
    await page.waitForSelector('[data-testid="validation"][data-valid="true"]');
    expect(await page.locator('[data-testid="graph-node"][data-error="true"]').count()).toBe(0);
    await byTestId('draft-save').click();
    await page.waitForSelector('[data-testid="draft-state"][data-dirty="false"]');
    await shot('wf-03-valid-draft');
    const { rows } = await db.query('select draft from public.workflow_templates where id = $1', [templateId]);
    expect(rows[0].draft.transitions).toEqual(expect.arrayContaining([
      expect.objectContaining({ from: 'pressing', to: 'done', guards: ['requires_note'], roles: ['owner', 'admin'] })]));
    await publish('first version', 1);
  });

  test('publishes a second version and shows the diff between versions', async () => {
    await byTestId('tab-draft').click();
    await byTestId('stage-row-pressing').locator('[data-testid="stage-name-en"]').fill('Steam pressing');
    await publish('renamed pressing', 2);
    await page.waitForSelector('[data-testid="diff-row"][data-change="changed"][data-key="pressing"]');
    await page.waitForSelector('[data-testid="diff-graph"] [data-testid="graph-node"][data-code="pressing"][data-mark="changed"]');
    expect(await byTestId('diff-row').count()).toBe(1);
    await shot('wf-04-version-diff');
    const { rows } = await db.query('select version from public.workflow_versions where template_id = $1 and tenant_id is null order by 1', [templateId]);
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
  });

  test('overrides it for a tenant: renames a stage', async () => {
    await openTenantWorkflow();
    await byTestId('tenant-workflow-build').click();
    await page.waitForSelector('[data-testid="tenant-effective-version"][data-version="1"]');
    const row = byTestId('override-row-pressing');
    await row.locator('[data-testid="override-rename-en"]').fill('Al Noor pressing');
    await row.locator('[data-testid="override-rename-ar"]').fill('كي النور');
    await byTestId('override-save').click();
    await byTestId('tenant-workflow-built').waitFor();
    await page.waitForSelector('[data-testid="tenant-effective-version"][data-version="2"]');
    await page.waitForSelector('[data-testid="tenant-workflow-graph"] [data-testid="graph-node"][data-code="pressing"][data-mark="changed"]');
    expect(await page.locator('[data-testid="tenant-workflow-graph"] [data-code="pressing"]').textContent()).toContain('Al Noor pressing');
    await shot('wf-05-tenant-override');
    const { rows } = await db.query('select patch from public.tenant_workflow_overrides where tenant_id = $1 and template_id = $2', [tenantId, templateId]);
    expect(rows[0].patch).toEqual({ rename: { pressing: { en: 'Al Noor pressing', ar: 'كي النور' } } });
  });

  test('the tenant owner moves an order through it; HQ sees the transitions in the analytics', async () => {
    // received 5 h ago, 2 h in intake and 3 h in pressing: both over their 60-minute SLA
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    const [created] = await asOwner(`select public.create_order($1, $2, $3, 'E2E Customer', '+968 9000 0000') ->> 'id' as id`,
      [tenantId, code, `E2E-${Date.now().toString(36)}`], hoursAgo(5));
    orderId = created.id;
    await asOwner('select public.transition_order($1, $2)', [orderId, 'pressing'], hoursAgo(3));
    // the guard holds the order until a note is given, and says so
    await expect(asOwner('select public.transition_order($1, $2)', [orderId, 'done'])).rejects.toThrow(/note/i);
    await asOwner('select public.transition_order($1, $2, $3)', [orderId, 'done', 'pressed and folded']);
    const { rows } = await db.query(`select o.current_stage, o.version_id, w.version_id as effective,
        (select count(*) from public.order_transitions x where x.order_id = o.id)::int as n
      from public.orders o join public.tenant_workflows w on w.tenant_id = o.tenant_id and w.template_id = o.template_id where o.id = $1`, [orderId]);
    expect(rows[0]).toMatchObject({ current_stage: 'done', n: 3 });
    expect(rows[0].version_id).toBe(rows[0].effective);
    orderVersion = rows[0].version_id;

    await page.goto(`${BASE}/workflows/analytics?tenant=${tenantId}&template=${templateId}`);
    await page.waitForSelector('[data-testid="stats-row"][data-stage="received"][data-transitions="1"][data-breaches="1"]');
    await page.waitForSelector('[data-testid="stats-row"][data-stage="pressing"][data-transitions="1"][data-breaches="1"]');
    await page.waitForSelector('[data-testid="analytics-breaches"][data-value="2"]');
    // pressing (3 h) is the bottleneck, ranked first
    expect(await byTestId('stats-row').first().getAttribute('data-stage')).toBe('pressing');
    expect(await byTestId('stats-table').textContent()).toContain('Al Noor pressing');
    await page.waitForSelector('[data-testid="analytics-transitions"][data-value="2"]');
    await byTestId('chart-time-in-stage').locator('svg').first().waitFor();
    await page.waitForTimeout(500);
    await shot('wf-06-analytics');
  });

  test('a new version removes the overridden stage: the upgrade reports the conflict, the order keeps its version', async () => {
    await page.goto(`${BASE}/workflows/show/${templateId}`);
    const row = byTestId('stage-row-pressing');
    await row.locator('[data-testid="stage-remove"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.waitForSelector('[data-testid="validation-errors-item"][data-code="workflow.dead_end"][data-subject="received"]');
    await byTestId('transition-add').click();
    await expect.poll(() => byTestId('transition-row-0').locator('[data-testid="transition-to"]').textContent()).toContain('(done)');
    await publish('pressing merged into done', 3);

    await openTenantWorkflow();
    await page.waitForSelector('[data-testid="tenant-base-version"][data-version="2"]');
    await byTestId('tenant-workflow-upgrade').click();
    await byTestId('tenant-workflow-upgrade-ok').click();
    await page.waitForSelector('[data-testid="upgrade-conflicts-item"][data-code="override.stage_removed"][data-subject="pressing"]');
    await page.waitForSelector('[data-testid="tenant-base-version"][data-version="3"]');
    await shot('wf-07-upgrade-conflicts');
    const { rows } = await db.query(`select o.version_id, w.conflicts, p.patch from public.orders o
      join public.tenant_workflows w on w.tenant_id = o.tenant_id and w.template_id = o.template_id
      join public.tenant_workflow_overrides p on p.tenant_id = o.tenant_id and p.template_id = o.template_id where o.id = $1`, [orderId]);
    expect(rows[0].version_id).toBe(orderVersion);
    expect(rows[0].conflicts).toEqual([expect.objectContaining({ code: 'override.stage_removed', subject: 'pressing' })]);
    expect(rows[0].patch.rename.pressing.en).toBe('Al Noor pressing');
  });

  test('in Arabic: the tenant tab, the template graph and the analytics flip right-to-left', async () => {
    await byTestId('lang-ar').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await byTestId('tenant-workflow-graph').waitFor();
    expect(await byTestId('tab-workflow').textContent()).toBe('سير العمل');
    await shot('wf-08-ar-tenant-workflow');
    await page.goto(`${BASE}/workflows/show/${templateId}`);
    await byTestId('tab-versions').click();
    await byTestId('diff-graph').waitFor();
    await shot('wf-09-ar-versions');
    await byTestId('tab-draft').click();
    await byTestId('workflow-graph').waitFor();
    // right-to-left: the start stage is drawn right of the terminal one
    const x = async (c: string) => (await page.locator(`[data-testid="workflow-graph"] [data-code="${c}"]`).boundingBox())!.x;
    expect(await x('received')).toBeGreaterThan(await x('done'));
    await shot('wf-10-ar-template');
    await page.goto(`${BASE}/workflows/analytics?tenant=${tenantId}&template=${templateId}`);
    await page.waitForSelector('[data-testid="stats-row"][data-stage="pressing"]');
    expect(await byTestId('stats-table').textContent()).toContain('كي النور');
    await page.waitForTimeout(500);
    await shot('wf-11-ar-analytics');
    await byTestId('lang-en').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(pageErrors).toEqual([]);
  });

  test('support staff read workflows but cannot change them', async () => {
    await byTestId('logout').click();
    await signIn(page, 'support@cleanmatex.test');
    // signed in (Refine may return to the last page rather than the dashboard)
    await expect.poll(() => byTestId('current-user').textContent().catch(() => '')).toContain('Support');
    await page.goto(`${BASE}/workflows`);
    await byTestId(`template-row-${code}`).waitFor();
    expect(await byTestId('template-create').count()).toBe(0);
    await page.goto(`${BASE}/workflows/show/${templateId}`);
    await byTestId('workflow-graph').waitFor();
    await byTestId('stages-table').waitFor();
    expect(await byTestId('publish').count()).toBe(0);
    expect(await byTestId('stage-add').count()).toBe(0);
    expect(await byTestId('stage-code').first().isDisabled()).toBe(true);
    await openTenantWorkflow();
    await byTestId('tenant-workflow-graph').waitFor();
    expect(await byTestId('override-save').count()).toBe(0);
    expect(await byTestId('tenant-workflow-upgrade').count()).toBe(0);
    await shot('wf-12-support-read-only');
    // and the database agrees: support cannot publish
    const { rows: [u] } = await db.query(`select id from auth.users where email = 'support@cleanmatex.test'`);
    await db.query('begin');
    try {
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: u.id, role: 'hq_staff', aal: 'aal2' })]);
      await db.query('set local role hq_staff');
      await expect(db.query('select public.publish_workflow_template($1)', [templateId])).rejects.toThrow(/needs workflows\.write/);
    } finally {
      await db.query('rollback');
    }
  });
});
