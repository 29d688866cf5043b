// Delivery against local receivers that fail, delay, redirect and see duplicates, through the real
// database (claim_webhook_deliveries / record_webhook_results); signatures verified with the
// `standardwebhooks` npm library, as a receiver would.
import assert from 'node:assert/strict';
import pg from 'npm:pg@8';
import { Webhook } from 'npm:standardwebhooks@1';
import { deliver } from './deliver.ts';
import { isPrivateAddress, checkTarget } from './target.ts';
import { pgStore, receiver } from './testing.ts';
import { drain } from './worker.ts';

const DB_URL = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';
const opts = { sanitizeOps: false, sanitizeResources: false };

async function setup(db: pg.Client, slug: string) {
  const t = (await db.query(`select tests.create_tenant($1) as id`, [slug]).catch(() =>
    db.query(`insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
              values ($1, '{"en": "T", "ar": "ت"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', '{"email": "t@example.test"}', 'active') returning id`, [slug]))).rows[0].id;
  return t as string;
}

async function endpoint(db: pg.Client, tenant: string, url: string, types = ['order.*']) {
  return (await db.query(`select public.create_webhook_endpoint($1, $2, $3) as e`, [tenant, url, types])).rows[0].e as { id: string; secret: string };
}

async function emitOrders(db: pg.Client, tenant: string, n: number) {
  await db.query(`select private.emit_event('order.created', $1, jsonb_build_object('order_id', gen_random_uuid(), 'tenant_id', $1::uuid,
                   'number', 'W-' || g, 'stage', 'intake')) from generate_series(1, $2) g`, [tenant, n]);
}

Deno.test('webhooks: signed, retried, timed out, redirects refused, duplicates keep their id', opts, async () => {
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const slug = `wh-deno-${crypto.randomUUID().slice(0, 8)}`;
  // the jobs backbone's own worker must not race this test for the deliveries
  await db.query(`select private.pause_queue('webhooks', 'deno test')`);
  const ok = receiver(() => ({ status: 200 }));
  const flaky = receiver((_r, n) => ({ status: n === 1 ? 500 : 200 }));
  const slow = receiver(() => ({ status: 200, delayMs: 2_000 }));
  const moved = receiver(() => ({ status: 302, location: 'http://127.0.0.1:1/elsewhere' }));
  try {
    await db.query(`update private.integration_settings set allow_private_targets = true`);
    const tenant = await setup(db, slug);
    const eOk = await endpoint(db, tenant, ok.url);
    const eFlaky = await endpoint(db, tenant, flaky.url);
    const eSlow = await endpoint(db, tenant, slow.url);
    const eMoved = await endpoint(db, tenant, moved.url);
    await emitOrders(db, tenant, 3);
    const store = pgStore(db);

    await drain(store, { timeoutMs: 300 });
    // every message verifies with the library, with the endpoint's secret
    const wh = new Webhook(eOk.secret);
    for (const r of ok.received) {
      const payload = wh.verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }) as { type: string };
      assert.deepEqual(payload.type, 'order.created');
    }
    assert.deepEqual(ok.received.length, 3);
    assert.deepEqual(new Set(ok.received.map((r) => r.id)).size, 3, 'one webhook-id per event');

    const status = async (id: string) => (await db.query(
      `select status, count(*)::int as n, max(last_error) as err from public.webhook_deliveries where endpoint_id = $1 group by status`, [id])).rows;
    assert.deepEqual(await status(eOk.id), [{ status: 'succeeded', n: 3, err: null }]);
    assert.deepEqual((await status(eSlow.id))[0].status, 'pending', 'a timeout is a failure, retried');
    assert.ok(/timeout/.test((await status(eSlow.id))[0].err));
    assert.ok(/redirect .* not followed/.test((await status(eMoved.id))[0].err), 'a redirect is not followed');
    assert.deepEqual(moved.received.length, 3);

    // the flaky endpoint's first answer (500) is retried; the retry carries the same webhook-id
    const firstFailed = flaky.received[0].id;
    await db.query(`update public.webhook_deliveries set next_attempt_at = now() where endpoint_id = $1 and status = 'pending'`, [eFlaky.id]);
    await drain(store, { timeoutMs: 300 });
    assert.deepEqual(flaky.received.filter((r) => r.id === firstFailed).length, 2, 'the retry has the same webhook-id');
    assert.deepEqual((await status(eFlaky.id)).find((s: { status: string; n: number }) => s.status === 'succeeded')?.n, 3);

    // a worker that dies after sending (no result recorded): the lease lapses, the delivery is sent
    // again with the same id, and the late result of the dead worker is ignored
    await emitOrders(db, tenant, 1);
    const [item] = (await store.claim(50)).filter((c) => c.endpoint_id === eOk.id);
    const lost = await deliver(item);
    await db.query(`update public.webhook_deliveries set leased_until = now() - interval '1 second' where id = $1`, [item.delivery_id]);
    await db.query(`update public.webhook_deliveries set status = 'succeeded' where endpoint_id <> $1 and status <> 'succeeded' and endpoint_id in
                    (select id from public.webhook_endpoints where tenant_id = $2)`, [eOk.id, tenant]);
    await drain(store);
    assert.deepEqual(await store.record([lost]), 0, "the dead worker's result no longer counts");
    assert.deepEqual(ok.received.filter((r) => r.id === item.webhook_id).length, 2, 'the receiver sees a duplicate with the same id');
    assert.deepEqual((await db.query(`select attempts, status from public.webhook_deliveries where id = $1`, [item.delivery_id])).rows[0],
      { attempts: 1, status: 'succeeded' });

    // rotation: both signatures are sent; the library accepts the message with either secret
    const rotated = (await db.query(`select public.rotate_webhook_secret($1, 24) ->> 'secret' as s`, [eOk.id])).rows[0].s as string;
    await emitOrders(db, tenant, 1);
    await drain(store);
    const last = ok.received[ok.received.length - 1];
    assert.deepEqual(last.signature.split(' ').length, 2);
    for (const secret of [eOk.secret, rotated]) {
      new Webhook(secret).verify(last.body, { 'webhook-id': last.id, 'webhook-timestamp': last.timestamp, 'webhook-signature': last.signature });
    }
  } finally {
    await db.query(`delete from public.tenants where slug = $1`, [slug]).catch(() => {});
    await db.query(`select private.resume_queue('webhooks')`).catch(() => {});
    await Promise.all([ok.close(), flaky.close(), slow.close(), moved.close()]);
    await db.end();
  }
});

Deno.test('webhooks: targets are re-checked at delivery (DNS rebinding)', async () => {
  for (const ip of ['127.0.0.1', '10.0.0.8', '169.254.169.254', '172.20.1.1', '192.168.1.1', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
    assert.ok(isPrivateAddress(ip), ip);
  }
  for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) assert.ok(!isPrivateAddress(ip), ip);
  // a public name that now resolves to a private address is refused before connecting
  const rebinding = () => Promise.resolve(['93.184.216.34', '127.0.0.1']);
  const refused = await deliver({ delivery_id: 1, lease_token: 'x', endpoint_id: 'e', url: 'https://hooks.example.com/h', webhook_id: 'msg_1',
    body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], attempt: 1 }, { resolve: rebinding });
  assert.deepEqual(refused.status_code, null);
  assert.ok(/refused: .*private address \(127\.0\.0\.1\)/.test(refused.error ?? ''));
  await checkTarget('https://hooks.example.com/h', false, () => Promise.resolve(['93.184.216.34']));
  await checkTarget('http://127.0.0.1:9/h', true);
});
