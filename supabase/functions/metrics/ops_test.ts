// ops/: the Prometheus alert rules and the Grafana dashboard parse, have the shape their tools load,
// and every metric they reference is one public.prometheus_metrics() exports (read from the test
// database: a renamed metric fails here, not silently in production).
import assert from 'node:assert/strict';
import { parse } from 'npm:yaml@2';
import { metricNames, parseExposition } from './exposition.ts';
import { metricsIn } from './promql.ts';
import { closeDb, q } from '../_shared/testing.ts';

const OPS = new URL('../../../ops/', import.meta.url);
/** Series Prometheus makes itself for every target (not from our function). */
const PROMETHEUS_OWN = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
const rules = parse(Deno.readTextFileSync(new URL('prometheus/alerts.yml', OPS))) as { groups: { name: string; rules: Rule[] }[] };
const dashboard = JSON.parse(Deno.readTextFileSync(new URL('grafana/cleanmatex-hq.json', OPS)));

/** Every `expr` anywhere in the dashboard (panels, rows' nested panels, templating). */
function exprsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => exprsOf(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'expr' && typeof v === 'string') out.push(v);
      else exprsOf(v, out);
    }
  }
  return out;
}

Deno.test('alerts.yml has the shape of a Prometheus rule file', () => {
  assert.ok(Array.isArray(rules.groups) && rules.groups.length > 0);
  const names = new Set<string>();
  for (const g of rules.groups) {
    assert.ok(g.name && Array.isArray(g.rules) && g.rules.length, `group ${g.name}`);
    for (const r of g.rules) {
      assert.ok(r.alert && typeof r.expr === 'string' && r.expr.trim(), `rule ${JSON.stringify(r)}`);
      assert.ok(!names.has(r.alert!), `alert ${r.alert} is unique`);
      names.add(r.alert!);
      assert.ok(['critical', 'warning', 'info'].includes(r.labels?.severity ?? ''), `${r.alert} has a severity`);
      assert.ok(r.annotations?.summary && r.annotations?.description, `${r.alert} says what happened`);
      if (r.for) assert.match(r.for, /^\d+[smh]$/, `${r.alert}.for`);
    }
  }
  for (const needed of ['JobsFailing', 'JobsDeadLettered', 'JobQueueBacklog', 'OutboxBacklog', 'WebhookInboxLag']) assert.ok(names.has(needed), needed);
});

Deno.test('the Grafana dashboard has the shape Grafana imports', () => {
  assert.equal(dashboard.uid, 'cleanmatex-hq');
  assert.ok(dashboard.title && Array.isArray(dashboard.panels) && dashboard.panels.length >= 8);
  const ids = dashboard.panels.map((p: { id: number }) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  for (const p of dashboard.panels) {
    assert.ok(p.title && p.type && p.gridPos && p.gridPos.w > 0 && p.gridPos.x + p.gridPos.w <= 24, `panel ${p.id}`);
    assert.ok(p.targets?.length, `panel ${p.title} queries something`);
  }
});

Deno.test('every metric the rules and the dashboard reference is exported by prometheus_metrics()', async () => {
  const [{ text }] = await q<{ text: string }>('select public.prometheus_metrics() as text');
  const exported = metricNames(parseExposition(text.endsWith('\n') ? text : text + '\n'));
  const referenced = new Map<string, string>();
  for (const g of rules.groups) for (const r of g.rules) for (const m of metricsIn(r.expr)) referenced.set(m, `alert ${r.alert}`);
  for (const e of exprsOf(dashboard.panels)) for (const m of metricsIn(e)) referenced.set(m, `dashboard: ${e}`);
  assert.ok(referenced.size >= 10, 'the files reference the metrics');
  const missing = [...referenced].filter(([m]) => !exported.has(m) && !PROMETHEUS_OWN.has(m));
  assert.deepEqual(missing, [], 'metrics referenced but not exported');
  await closeDb();
});
