// health: the summary keeps only ok flags; 200 / 503; then the real function through the gateway.
import assert from 'node:assert/strict';
import { handle, summarize } from './handler.ts';
import { SUPABASE_URL, closeDb, q } from '../_shared/testing.ts';

Deno.test('summarize keeps only the ok flags; anything not ok: true is down; no component is not healthy', () => {
  assert.deepEqual(summarize({ ok: true, components: { database: { ok: true, latency_ms: 2 }, cron: { ok: false, failed: ['x'] }, secrets: { ok: 'yes' } } }),
    { ok: false, components: { database: { ok: true }, cron: { ok: false }, secrets: { ok: false } } });
  assert.deepEqual(summarize({ components: { database: { ok: true } } }), { ok: true, components: { database: { ok: true } } });
  assert.deepEqual(summarize(null), { ok: false, components: {} });
});

Deno.test('handler: 200 when all are ok, 503 otherwise or when the database fails', async () => {
  const get = () => new Request('http://x/health');
  const ok = await handle(get(), () => Promise.resolve({ components: { database: { ok: true } } }));
  assert.deepEqual([ok.status, await ok.json()], [200, { ok: true, components: { database: { ok: true } } }]);
  const bad = await handle(get(), () => Promise.resolve({ components: { database: { ok: true }, queues: { ok: false, dead: 3 } } }));
  assert.deepEqual([bad.status, await bad.json()], [503, { ok: false, components: { database: { ok: true }, queues: { ok: false } } }]);
  const down = await handle(get(), () => Promise.reject(new Error('connection refused')));
  assert.deepEqual([down.status, await down.json()], [503, { ok: false, components: { database: { ok: false } } }]);
  const post = await handle(new Request('http://x/health', { method: 'POST', body: '{}' }), () => Promise.resolve({}));
  assert.equal(post.status, 405);
  await post.body?.cancel();
});

Deno.test('the deployed function answers with health_check()\'s ok flags and the matching status', async () => {
  const res = await fetch(`${SUPABASE_URL}/functions/v1/health`);
  const body = await res.json();
  const [{ report }] = await q<{ report: { components: Record<string, { ok: boolean }> } }>('select public.health_check() as report');
  const expected = Object.fromEntries(Object.entries(report.components).map(([k, v]) => [k, { ok: v.ok === true }]));
  assert.deepEqual(body.components, expected);
  assert.equal(res.status, body.ok ? 200 : 503);
  assert.ok(Object.keys(expected).includes('database'), 'the database is one of the components');
  await closeDb();
});
