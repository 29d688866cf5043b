// health: the summary keeps only ok / fail; 200 / 503; then the real function through the gateway.
import assert from 'node:assert/strict';
import { handle, summarize } from './handler.ts';
import { SUPABASE_URL, closeDb, q } from '../_shared/testing.ts';

Deno.test('summarize keeps only ok / fail; anything else is a failure; no component is not healthy', () => {
  assert.deepEqual(summarize({ status: 'ok', components: { database: 'ok', cron: 'fail', vault: { detail: 'x' } } }),
    { status: 'fail', components: { database: 'ok', cron: 'fail', vault: 'fail' } });
  assert.deepEqual(summarize({ status: 'ok', components: { database: 'ok' }, extra: 'secret' }), { status: 'ok', components: { database: 'ok' } });
  assert.deepEqual(summarize({ status: 'fail', components: { database: 'ok' } }).status, 'fail');
  assert.deepEqual(summarize({ status: 'ok', components: {} }), { status: 'fail', components: {} });
  assert.deepEqual(summarize(null), { status: 'fail', components: {} });
});

Deno.test('handler: 200 when all are ok, 503 otherwise or when the database fails', async () => {
  const get = () => new Request('http://x/health');
  const ok = await handle(get(), () => Promise.resolve({ status: 'ok', components: { database: 'ok' } }));
  assert.deepEqual([ok.status, await ok.json()], [200, { status: 'ok', components: { database: 'ok' } }]);
  const bad = await handle(get(), () => Promise.resolve({ status: 'fail', components: { database: 'ok', queues: 'fail' } }));
  assert.deepEqual([bad.status, await bad.json()], [503, { status: 'fail', components: { database: 'ok', queues: 'fail' } }]);
  const down = await handle(get(), () => Promise.reject(new Error('connection refused')));
  assert.deepEqual([down.status, await down.json()], [503, { status: 'fail', components: { database: 'fail' } }]);
  const post = await handle(new Request('http://x/health', { method: 'POST', body: '{}' }), () => Promise.resolve({}));
  assert.equal(post.status, 405);
  await post.body?.cancel();
});

Deno.test('the deployed function answers with health_check()\'s components and the matching status', async () => {
  const res = await fetch(`${SUPABASE_URL}/functions/v1/health`);
  const body = await res.json();
  const [{ report }] = await q<{ report: { status: string; components: Record<string, string> } }>('select public.health_check() as report');
  assert.deepEqual(body, report);
  assert.equal(res.status, report.status === 'ok' ? 200 : 503);
  assert.ok('database' in report.components, 'the database is one of the components');
  await closeDb();
});
