// End to end, the operations console and the dashboard (issue 20): a job dead-lettered through SQL
// is retried from the Queues tab (back in its queue, gone from the dead letters); a queue is paused
// and resumed; the history finds the failure; the auditor reads everything with no action button;
// a role without jobs.read sees the catalogue's refusal title; the SLO tab shows an objective's state,
// compliance, budget and burn chart to the auditor too. The dashboard renders in English and Arabic,
// its status chart's labels never overlapping. Narrow (390 px) and wide windows.
//   E2E_BASE_URL / E2E_API_URL / DEVSTACK_DB_URL: see session.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { BASE, DB_URL, SHOTS, screenshotOnFailure, signIn } from './session';

const QUEUE = 'e2e_ops';
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let page: Page;
let close: () => Promise<void>;
let db: pg.Client;
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const one = async <T = any>(sql: string, params: unknown[] = []): Promise<T> => (await db.query(sql, params)).rows[0] as T;

/** Enqueues a job whose handler always fails, with one attempt, and runs it: a dead letter. */
async function deadLetter(): Promise<number> {
  const { job } = await one<{ job: string }>(`select private.enqueue($1, 'e2e_ops.boom', '{"invoice": 7}', max_attempts => 1) as job`, [QUEUE]);
  await db.query('select private.dispatch($1)', [QUEUE]);
  return Number(job);
}
const deadIds = async () => (await db.query(`select (message ->> 'job_id')::bigint as id from pgmq.q_${QUEUE}_dlq`)).rows.map((r) => Number(r.id));
const waitingIds = async () => (await db.query(`select (message ->> 'job_id')::bigint as id from pgmq.q_${QUEUE}`)).rows.map((r) => Number(r.id));
const paused = async () => (await one<{ p: boolean }>('select paused_at is not null as p from private.job_queues where queue_name = $1', [QUEUE])).p;

async function setLang(lang: 'en' | 'ar') {
  await byTestId(`lang-${lang}`).click();
  await poll(() => page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
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

/** The status labels of the tenants-by-status chart (its category axis), and the pairs of them whose boxes overlap. */
const statusLabels = () => page.evaluate(() => {
  const chart = document.querySelector('[data-testid="status-chart"]');
  const clashes: string[] = [];
  let count = 0;
  for (const axis of ['xAxis', 'yAxis']) {
    // recharts 3 draws an axis's tick labels in a layer of their own, classed after the axis
    const labels = [...(chart?.querySelectorAll(`.recharts-${axis}-tick-labels text.recharts-cartesian-axis-tick-value, .recharts-${axis} text.recharts-cartesian-axis-tick-value`) ?? [])]
      .map((e) => ({ text: e.textContent ?? '', box: e.getBoundingClientRect() })).filter((l) => l.text);
    labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
      if (a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom) clashes.push(`${a.text} / ${b.text}`);
    }));
    // the category axis is the one whose labels are status names, not numbers
    if (labels.some((l) => !/^[\d\u0660-\u0669,.\u066c\u066b\s]+$/.test(l.text))) count = labels.length;
  }
  return { count, clashes };
});
/** The statuses the chart shows (those with tenants). */
const shownStatuses = async () => Number((await one<{ n: string }>('select count(*) as n from public.tenant_status_counts() where tenants > 0')).n);

/** Horizontal overflow of the page at the current window width (0 when everything fits). */
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

let firstDead = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  // A queue of our own with a handler that fails while e2e_ops.switch says so (the test runs the
  // dispatcher itself; the stack's own dispatcher may run the jobs too, which changes nothing here).
  await db.query(`create schema if not exists e2e_ops;
    create table if not exists e2e_ops.switch (failing boolean not null);
    delete from e2e_ops.switch; insert into e2e_ops.switch values (true);
    create or replace function e2e_ops.boom(payload jsonb, job jsonb) returns void language plpgsql as $$
    begin
      if (select failing from e2e_ops.switch) then
        raise exception 'e2e: the handler always fails' using errcode = 'PT422';
      end if;
    end $$;
    select private.create_job_queue('${QUEUE}', 'e2e operations queue', max_attempts => 1);
    select private.register_job_handler('e2e_ops.boom', sql_handler => 'e2e_ops.boom(jsonb, jsonb)'::regprocedure);
    select private.resume_queue('${QUEUE}')`);
  firstDead = await deadLetter();
  expect(await deadIds()).toContain(firstDead);
  const browser = await launchChromium();
  close = browser.close;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1440, height: 900 });
});

afterEach(screenshotOnFailure('operations', () => page));

afterAll(async () => {
  await close?.();
  await db?.end();
});

describe('operations console', () => {
  test('an operator retries a dead letter from the Queues tab', async () => {
    await signInAs();
    await page.goto(`${BASE}/operations`);
    await byTestId(`queue-${QUEUE}`).waitFor();
    await byTestId(`dead-letters-${QUEUE}`).click();
    await byTestId(`dead-${firstDead}`).waitFor();
    expect(await byTestId(`dead-${firstDead}`).textContent()).toContain('e2e: the handler always fails');
    await shot('ops01-dead-letters');
    await db.query('update e2e_ops.switch set failing = false'); // the cause is fixed: the retry will succeed
    await byTestId(`retry-${firstDead}`).click();
    await poll(() => deadIds()).not.toContain(firstDead);
    // back in its queue, or already run by the stack's dispatcher
    const succeeded = async () => (await one<{ n: string }>(`select count(*) as n from private.job_runs where job_id = $1 and outcome = 'succeeded'`, [firstDead])).n;
    expect((await waitingIds()).includes(firstDead) || Number(await succeeded()) === 1).toBe(true);
    await db.query('select private.dispatch($1)', [QUEUE]);
    await poll(() => succeeded().then(Number)).toBe(1);
    await poll(() => byTestId(`dead-${firstDead}`).count()).toBe(0);
    const audited = await one<{ n: string }>(`select count(*) as n from audit.log where action = 'job.retry_dead_letter' and entity_id = $1`, [String(firstDead)]);
    expect(Number(audited.n)).toBe(1);
    await page.keyboard.press('Escape');
  });

  test('pauses and resumes a queue', async () => {
    await page.goto(`${BASE}/operations`);
    await byTestId(`pause-${QUEUE}`).click();
    await byTestId('pause-ok').click();
    await poll(() => paused()).toBe(true);
    await poll(() => byTestId(`queue-${QUEUE}`).getAttribute('data-paused')).toBe('true');
    await shot('ops02-paused');
    await byTestId(`resume-${QUEUE}`).click();
    await poll(() => paused()).toBe(false);
    await poll(() => byTestId(`queue-${QUEUE}`).getAttribute('data-paused')).toBe('false');
  });

  test('the history finds the failure; schedules list with their last run', async () => {
    await page.goto(`${BASE}/operations?tab=history`);
    await byTestId('history-table').waitFor();
    await page.locator('input[data-testid="history-search"], [data-testid="history-search"] input').first().fill(String(firstDead));
    await page.locator('input[data-testid="history-search"], [data-testid="history-search"] input').first().press('Enter');
    await poll(() => page.locator('[data-testid="history-table"] tr[data-outcome="dead_lettered"]').count()).toBe(1);
    await shot('ops03-history');
    // a failed run of the clean-up schedule (the test cluster's pg_cron runs nothing by itself)
    await db.query(`insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
      select jobid, coalesce((select max(runid) from cron.job_run_details), 0) + 1, 'postgres', 'postgres', command, 'failed',
             'e2e: cron run failed', now() - interval '1 minute', now() from cron.job where jobname = 'jobs.cleanup'`);
    await page.goto(`${BASE}/operations?tab=schedules`);
    await byTestId('schedules-table').waitFor();
    await poll(() => byTestId('schedule-jobs.cleanup').getAttribute('data-state')).toBe('failed');
    expect(await byTestId('schedule-jobs.cleanup').textContent()).toContain('e2e: cron run failed');
    await byTestId('schedule-jobs.cleanup').locator('.ant-table-row-expand-icon').click();
    await poll(() => page.locator('[data-testid="cron-runs-jobs.cleanup"] tr[data-state="failed"]').count()).toBeGreaterThan(0);
    await shot('ops03b-schedules');
  });

  test('reads in Arabic at 390 px without horizontal overflow', async () => {
    await setLang('ar');
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${BASE}/operations`);
      await byTestId(`queue-${QUEUE}`).waitFor();
      await poll(() => overflow()).toBeLessThanOrEqual(1);
      await shot('ops04-ar-narrow');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await setLang('en');
    }
  });

  test('the auditor reads queues and dead letters but has no action button', async () => {
    await db.query('update e2e_ops.switch set failing = true');
    const dead = await deadLetter();
    await poll(() => deadIds()).toContain(dead);
    await signInAs('auditor@cleanmatex.test');
    await page.goto(`${BASE}/operations`);
    await byTestId(`queue-${QUEUE}`).waitFor();
    expect(await byTestId(`pause-${QUEUE}`).count()).toBe(0);
    await byTestId(`dead-letters-${QUEUE}`).click();
    await byTestId(`dead-${dead}`).waitFor();
    expect(await byTestId(`retry-${dead}`).count()).toBe(0);
    expect(await byTestId('retry-all').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  test('SLOs: state, compliance, budget and burn chart; the auditor reads them; Arabic at 390 px', async () => {
    // an objective of our own whose last hour is half failures: burn = 0.5 / (1 - 0.99) = 50, fast
    await db.query(`insert into public.slo_objectives (code, name_en, name_ar, kind, target, window_days, probe_path)
      values ('e2e_slo', 'E2E availability', 'توفر الاختبار', 'probe_availability', 0.99, 7, '/e2e-slo')
      on conflict (code) do nothing`);
    await db.query(`insert into private.slo_probe_results (slo_code, sent_at, completed_at, status_code, ok, latency_ms)
      select 'e2e_slo', now() - g * interval '1 minute', now() - g * interval '1 minute', case when g % 2 = 0 then 200 else 503 end, g % 2 = 0, 50
      from generate_series(1, 10) g`);
    try {
      await signInAs();
      await page.goto(`${BASE}/operations?tab=slos`);
      await byTestId('slo-e2e_slo').waitFor();
      await poll(() => byTestId('slo-e2e_slo').getAttribute('data-state')).toBe('burning_fast');
      expect(await byTestId('slo-state-e2e_slo').textContent()).toBe('Burning fast');
      // compliance as the database reports it (the stack's prober may add failures of its own)
      const compliance = async () => (await one<{ c: string }>(`select round(compliance * 100, 2)::float8::text as c from public.slo_status() where code = 'e2e_slo'`)).c;
      await poll(async () => (await byTestId('slo-compliance-e2e_slo').textContent())?.includes(`${await compliance()} %`)).toBe(true);
      // the budget bar in its spent (exception) style
      expect(await page.locator('[data-testid="slo-budget-e2e_slo"].ant-progress-status-exception, [data-testid="slo-budget-e2e_slo"] .ant-progress-status-exception').count()).toBe(1);
      expect(await byTestId('slo-burn-e2e_slo').locator('.recharts-bar-rectangle').count()).toBe(2);
      // every enabled objective has its card
      for (const { code } of (await db.query('select code from public.slo_objectives where enabled')).rows) await byTestId(`slo-${code}`).waitFor();
      await shot('ops07-slos');
      await signInAs('auditor@cleanmatex.test');
      await page.goto(`${BASE}/operations?tab=slos`);
      await poll(() => byTestId('slo-e2e_slo').getAttribute('data-state')).toBe('burning_fast');
      expect(await byTestId('slos').locator('button').count()).toBe(0);
      await setLang('ar');
      await page.setViewportSize({ width: 390, height: 844 });
      await poll(() => byTestId('slo-state-e2e_slo').textContent()).toBe('استهلاك سريع');
      expect(await byTestId('slo-e2e_slo').textContent()).toContain('توفر الاختبار');
      await poll(() => overflow()).toBeLessThanOrEqual(1);
      await shot('ops08-slos-ar-narrow');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await setLang('en');
      await db.query(`delete from public.slo_objectives where code = 'e2e_slo'`);
    }
  });

  test('a role without jobs.read is refused with the catalogue\'s title', async () => {
    await signInAs('biz@cleanmatex.test');
    await page.goto(`${BASE}/operations`);
    await poll(() => byTestId('queues-error').textContent()).toContain('Your role may not do this');
  });
});

describe('dashboard', () => {
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);

  test.each(['en', 'ar'] as const)('renders its KPI cards and charts in %s, wide and at 390 px', async (lang) => {
    if (lang === 'en') await signInAs();
    await page.goto(`${BASE}/`);
    await setLang(lang);
    try {
      await byTestId('kpi-cards').waitFor();
      // active tenants: the same count the database gives
      const { n } = await one<{ n: string }>(`select count(*) as n from public.tenants where status in ('trial', 'active', 'grace')`);
      const digits = (s: string | null) => (s ?? '').replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[^0-9]/g, '');
      await poll(async () => digits(await byTestId('kpi-tenants-value').textContent())).toBe(String(Number(n)));
      // jobs: the dead letter left by the auditor test makes the card ask for attention
      await poll(() => byTestId('kpi-jobs-value').textContent()).toBe(lang === 'en' ? 'Needs attention' : 'تحتاج إلى انتباه');
      // MRR in the reporting currency, or, when a rate is missing, the catalogue's title for it
      const kpis = await db.query('select public.analytics_kpis($1, $2) as k', [from, today]).then((r) => r.rows[0].k, (e) => e);
      if (kpis instanceof Error) {
        // the refusal's title above the cards, and MRR still shown per billing currency
        await poll(() => byTestId('kpi-error').count()).toBe(1);
        const paying = (await db.query('select currency, mrr from public.billing_mrr()')).rows.filter((r) => Number(r.mrr) > 0);
        if (lang === 'en') for (const r of paying) await poll(() => byTestId('kpi-mrr-value').textContent()).toContain(r.currency);
        else await poll(async () => digits(await byTestId('kpi-mrr-value').textContent()).length > 0).toBe(paying.length > 0);
      } else {
        // the amount with its currency's 2 or 3 decimals, whatever the digits' script
        const mrr = Number(kpis.reporting?.mrr ?? 0);
        const strip = (s: string) => s.replace(/^0+/, '');
        await poll(async () => [2, 3].map((d) => strip(mrr.toFixed(d).replace(/[^0-9]/g, '')))
          .includes(strip(digits(await byTestId('kpi-mrr-value').textContent())))).toBe(true);
        expect(await byTestId('kpi-mrr').textContent()).toContain(kpis.reporting_currency);
        await byTestId('mrr-trend-card').waitFor();
      }
      await byTestId('status-chart').waitFor();
      expect(await statusLabels()).toEqual({ count: await shownStatuses(), clashes: [] });
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await shot(`ops05-dashboard-${lang}-wide`);
      await page.setViewportSize({ width: 390, height: 844 });
      await byTestId('kpi-tenants').waitFor();
      await poll(() => overflow()).toBeLessThanOrEqual(1);
      // the tenants-by-status labels at 390 px: none overlaps another (they did, side by side)
      const shown = await shownStatuses();
      await poll(() => statusLabels()).toEqual({ count: shown, clashes: [] });
      expect(await byTestId('status-chart').getAttribute('data-layout')).toBe('horizontal');
      await shot(`ops06-dashboard-${lang}-narrow`);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      await setLang('en');
    }
  });

  test('each card opens its report', async () => {
    await page.goto(`${BASE}/`);
    for (const [card, url] of [['kpi-jobs', '/operations'], ['kpi-tenants', '/tenants'], ['kpi-dunning', '/billing/dunning']] as const) {
      await byTestId(card).click();
      await page.waitForURL((u) => u.pathname === url);
      await page.goto(`${BASE}/`);
      await byTestId('kpi-cards').waitFor();
    }
    expect(pageErrors).toEqual([]);
  });
});

