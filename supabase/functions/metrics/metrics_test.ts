// metrics: the token check, the exposition parser, the handler with a stub scrape, then the real
// function through the gateway (the real prometheus_metrics() output parsed as Prometheus would).
import assert from 'node:assert/strict';
import { bearerMatches } from './token.ts';
import { metricNames, parseExposition } from './exposition.ts';
import { metricsIn } from './promql.ts';
import { CONTENT_TYPE, handle } from './handler.ts';
import { SECRETS, SUPABASE_URL, closeDb, q } from '../_shared/testing.ts';

const TOKEN = 'scrape-token-for-tests-0123456789';

Deno.test('bearerMatches: the exact token only; nothing when no token is configured', async () => {
  assert.ok(await bearerMatches(`Bearer ${TOKEN}`, TOKEN));
  assert.ok(await bearerMatches(`bearer ${TOKEN}`, TOKEN), 'the scheme is case-insensitive');
  for (const h of [null, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN]) {
    assert.deepEqual(await bearerMatches(h, TOKEN), false, String(h));
  }
  assert.deepEqual(await bearerMatches('Bearer ', ''), false);
  assert.deepEqual(await bearerMatches(`Bearer ${TOKEN}`, undefined), false);
});

Deno.test('parseExposition reads families, labels with escapes, histograms', () => {
  const fams = parseExposition([
    '# HELP saas_active_tenants Active tenants.', '# TYPE saas_active_tenants gauge', 'saas_active_tenants 3',
    '# TYPE job_seconds histogram', 'job_seconds_bucket{queue="a",le="0.5"} 1', 'job_seconds_bucket{queue="a",le="+Inf"} 2',
    'job_seconds_sum{queue="a"} 1.5', 'job_seconds_count{queue="a"} 2',
    'x{msg="a \\"quoted\\" \\\\ line\\nbreak"} NaN 1700000000000', '',
  ].join('\n'));
  assert.deepEqual(fams.map((f) => [f.name, f.type, f.samples.length]), [['saas_active_tenants', 'gauge', 1], ['job_seconds', 'histogram', 4], ['x', 'untyped', 1]]);
  assert.deepEqual(fams[2].samples[0].labels.msg, 'a "quoted" \\ line\nbreak');
  assert.ok(metricNames(fams).has('job_seconds_count'));
});

Deno.test('parseExposition refuses what a scraper refuses', () => {
  for (const bad of ['a 1', 'a{b="1"} x\n', 'a{b=1} 1\n', '1a 1\n', 'a{b="1",b="2"} 1\n', 'a 1\na 2\n', '# TYPE a gauges\n',
    'a{b="\\q"} 1\n', 'a 1\n# TYPE a gauge\n']) {
    assert.throws(() => parseExposition(bad), Error, JSON.stringify(bad));
  }
});

Deno.test('metricsIn finds the metric names of PromQL expressions', () => {
  assert.deepEqual([...metricsIn('sum by (queue) (rate(jobs_failed_total{queue!~"x.*"}[5m])) / on(queue) group_left jobs_depth > 0 and bool up offset 5m')].sort(),
    ['jobs_depth', 'jobs_failed_total', 'up']);
  assert.deepEqual([...metricsIn('histogram_quantile(0.95, sum by (le) (rate(job_duration_seconds_bucket[1h])))')], ['job_duration_seconds_bucket']);
});

Deno.test('handler: 401 with an empty body for a missing or wrong token, the text format for the right one', async () => {
  Deno.env.set('METRICS_SCRAPE_TOKEN', TOKEN);
  let scraped = 0;
  const scrape = () => { scraped++; return Promise.resolve('# TYPE a gauge\na 1'); };
  for (const auth of [undefined, 'Bearer nope']) {
    const res = await handle(new Request('http://x/metrics', { headers: auth ? { authorization: auth } : {} }), scrape);
    assert.deepEqual([res.status, await res.text()], [401, '']);
  }
  assert.deepEqual(scraped, 0, 'a refused scrape never reaches the database');
  const ok = await handle(new Request('http://x/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }), scrape);
  assert.deepEqual([ok.status, ok.headers.get('content-type'), await ok.text()], [200, CONTENT_TYPE, '# TYPE a gauge\na 1\n']);
  const post = await handle(new Request('http://x/metrics', { method: 'POST', body: 'x', headers: { authorization: `Bearer ${TOKEN}` } }), scrape);
  assert.deepEqual([post.status, post.headers.get('allow')], [405, 'GET, HEAD']);
  await post.body?.cancel();
  const down = await handle(new Request('http://x/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }), () => Promise.reject(new Error('db down')));
  assert.deepEqual(down.status, 503);
  await down.body?.cancel();
});

// ── through the gateway, against the test database ───────────────────────────────────────────
const url = `${SUPABASE_URL}/functions/v1/metrics`;

Deno.test('the deployed function refuses a bad token and serves prometheus_metrics() as valid exposition text', async () => {
  for (const headers of [{}, { Authorization: 'Bearer wrong-token' }] as Record<string, string>[]) {
    const res = await fetch(url, { headers });
    assert.deepEqual([res.status, await res.text()], [401, ''], JSON.stringify(headers));
  }
  const res = await fetch(url, { headers: { Authorization: `Bearer ${SECRETS.METRICS_SCRAPE_TOKEN}` } });
  const text = await res.text();
  assert.deepEqual(res.status, 200, text);
  assert.deepEqual(res.headers.get('content-type'), CONTENT_TYPE);
  const names = metricNames(parseExposition(text));
  for (const m of ['saas_active_tenants', 'saas_plan_distribution', 'saas_limit_breaches_total', 'saas_catalog_sync_errors_total']) {
    assert.ok(names.has(m), `${m} is exported`);
  }
  const [{ direct }] = await q<{ direct: string }>('select public.prometheus_metrics() as direct');
  assert.deepEqual(metricNames(parseExposition(direct.endsWith('\n') ? direct : direct + '\n')), names, 'the function serves what the SQL function returns');
  await closeDb();
});
