// Outgoing webhooks: EVENTS events fanned out to 3 local endpoints (one answers 500 to 10 % of
// attempts and stalls past the timeout on 5 %), sent by the webhooks-deliver worker code (signing,
// target check, no redirects, timeout) over claim_webhook_deliveries / record_webhook_results, with
// a window of WORKERS × BATCH deliveries in flight. Failed attempts are retried until every delivery succeeded: the retry
// schedule (5 s, 5 min, …) is fast-forwarded, the only liberty taken. Afterwards each
// (endpoint, event) must have succeeded exactly once: zero lost, zero doubled. Baseline: inserting
// the same number of delivery rows over the same pool.
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { benchPool } from './pool.ts';
import { size } from './size.ts';
import type { Claimed, Result } from '../supabase/functions/webhooks-deliver/deliver.ts';
import { drain, type Store } from '../supabase/functions/webhooks-deliver/worker.ts';

const EVENTS = Number(process.env.OUTGOING_BENCH_EVENTS ?? size(10_000, 30));
const WORKERS = Number(process.env.OUTGOING_BENCH_WORKERS ?? 8);
const BATCH = 25;
const TIMEOUT_MS = 3_000;

/** A receiver: `fail` answers 500 on 10 % of requests and stalls past the timeout on 5 %. */
function receiver(fail: boolean) {
  let n = 0;
  const answered = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const k = n++ % 20;
      if (fail && k === 7) { setTimeout(() => res.end('late'), TIMEOUT_MS * 1.5); return; }
      if (fail && (k === 3 || k === 13)) { res.statusCode = 500; res.end('boom'); return; }
      answered.set(id, (answered.get(id) ?? 0) + 1);
      res.statusCode = 200;
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 5_000;
  return new Promise<{ url: string; answered: Map<string, number>; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, answered,
      close: () => { server.closeAllConnections(); server.close(); },
    })));
}

export default async function bench(db: { url: string }) {
  const pool = benchPool(db.url, WORKERS + 2);
  // where the time goes: wall time inside the two SQL calls (summed over concurrent calls)
  const spent = { claim_ms: 0, claims: 0, record_ms: 0, records: 0 };
  const timed = async <T>(key: 'claim' | 'record', f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try { return await f(); } finally { spent[`${key}_ms`] += performance.now() - t0; spent[`${key}s`]++; }
  };
  const store: Store = {
    claim: (n) => timed('claim', async () => ((await pool.query('select public.claim_webhook_deliveries($1) as c', [n])).rows[0].c ?? []) as Claimed[]),
    record: (results: Result[]) => timed('record', async () => (await pool.query('select public.record_webhook_results($1) as n', [JSON.stringify(results)])).rows[0].n),
  };
  const receivers = await Promise.all([receiver(false), receiver(false), receiver(true)]);
  try {
    await pool.query(`update private.integration_settings set allow_private_targets = true, disable_after_failures = 1000`);
    await pool.query(`select private.pause_queue('webhooks', 'bench')`).catch(() => {});
    const { rows: [{ id: tenant }] } = await pool.query(
      `insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
       values ('bench-outgoing-' || substr(md5(random()::text), 1, 8), '{"en": "Bench", "ar": "مقياس"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR',
               '{"email": "bench@example.test"}', 'active') returning id`);
    const endpoints: string[] = [];
    for (const r of receivers) {
      const { rows: [{ e }] } = await pool.query(`select (public.create_webhook_endpoint($1, $2, array['order.*'], 'bench', 64) ->> 'id') as e`, [tenant, r.url]);
      endpoints.push(e);
    }

    // the events (and their 3 deliveries each), 500 per statement
    const emitStarted = performance.now();
    for (let done = 0; done < EVENTS; done += 500) {
      await pool.query(`select private.emit_event('order.created', $1, jsonb_build_object('order_id', gen_random_uuid(), 'tenant_id', $1::uuid,
                          'number', 'B-' || g, 'stage', 'intake')) from generate_series(1, $2) g`, [tenant, Math.min(500, EVENTS - done)]);
    }
    const emitSeconds = (performance.now() - emitStarted) / 1000;

    // deliver: a window of WORKERS × BATCH deliveries in flight until nothing is pending. The retry
    // schedule (5 s, 5 min, …) is fast-forwarded while the drain runs (every 250 ms, a failed
    // attempt is due again at once), and between passes for the last ones: without it a pass would
    // end on its slowest timeout and the next start from an empty window, a bench artefact.
    const started = performance.now();
    const loadAtStart = os.loadavg()[0];
    const fastForward = () => pool.query(
      `update public.webhook_deliveries set next_attempt_at = now()
       where status = 'pending' and attempts > 0 and next_attempt_at > now() and endpoint_id = any($1::uuid[])`, [endpoints]);
    let passes = 0;
    for (;;) {
      passes++;
      let forwarding: Promise<unknown> | null = null;
      const ticker = setInterval(() => { forwarding ??= fastForward().finally(() => { forwarding = null; }); }, 250);
      try {
        await drain(store, { batchSize: BATCH, parallel: WORKERS, timeoutMs: TIMEOUT_MS, deadlineMs: 600_000 });
      } finally {
        clearInterval(ticker);
        await forwarding;
      }
      const { rowCount } = await fastForward();
      const { rows: [{ due }] } = await pool.query(
        `select count(*)::int as due from public.webhook_deliveries where status = 'pending' and endpoint_id = any($1::uuid[])`, [endpoints]);
      if (!rowCount && !due) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const { rows: [c] } = await pool.query(
      `select count(*)::int as deliveries, count(*) filter (where status = 'succeeded')::int as succeeded,
              (select count(*)::int from public.webhook_attempts a where a.endpoint_id = any($1::uuid[])) as attempts,
              (select count(*)::int from public.webhook_attempts a where a.endpoint_id = any($1::uuid[]) and a.error like 'timeout%') as timeouts,
              (select count(*)::int from (select delivery_id from public.webhook_attempts a where a.endpoint_id = any($1::uuid[]) and a.succeeded
                                          group by delivery_id having count(*) > 1) x) as doubled
       from public.webhook_deliveries where endpoint_id = any($1::uuid[])`, [endpoints]);
    // at least once: a receiver may see an id again (an answer that came after the timeout); it
    // deduplicates on webhook-id. Never a second id for one event: ids acknowledged = events, per receiver.
    const receiverRedeliveries = receivers.reduce((n, r) => n + [...r.answered.values()].reduce((a, v) => a + v - 1, 0), 0);
    const receiverMissing = EVENTS * 3 - receivers.reduce((n, r) => n + r.answered.size, 0);
    const receiverExtraIds = receivers.reduce((n, r) => n + Math.max(r.answered.size - EVENTS, 0), 0);

    // baseline: the same number of delivery rows inserted over the same pool, BATCH per statement
    await pool.query(`create unlogged table if not exists public.bench_delivery_rows (like public.webhook_deliveries including defaults)`);
    const baseStarted = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: WORKERS }, async () => {
      while (next < c.deliveries) {
        const n = Math.min(BATCH, c.deliveries - next);
        next += n;
        await pool.query(`insert into public.bench_delivery_rows (id, endpoint_id, event_id, tenant_id)
                          select g, $1, gen_random_uuid(), $2 from generate_series(1, $3) g`, [endpoints[0], tenant, n]);
      }
    }));
    const baseSeconds = (performance.now() - baseStarted) / 1000;
    await pool.query(`drop table public.bench_delivery_rows`);

    const rate = Math.round(c.succeeded / seconds);
    const baseRate = Math.round(c.deliveries / baseSeconds);
    const lost = c.deliveries - c.succeeded;
    return {
      figures: {
        // the machine is shared: the 1-minute load average when the deliveries started and ended
        load_average_start: Number(loadAtStart.toFixed(1)), load_average_end: Number(os.loadavg()[0].toFixed(1)),
        events: EVENTS, endpoints: 3, deliveries: c.deliveries, attempts: c.attempts, passes, workers: WORKERS,
        deliveries_per_s: rate, attempts_per_s: Math.round(c.attempts / seconds), emit_events_per_s: Math.round(EVENTS / emitSeconds),
        claim_calls: spent.claims, claim_ms_avg: Math.round(spent.claim_ms / Math.max(spent.claims, 1)),
        record_calls: spent.records, record_ms_avg: Math.round(spent.record_ms / Math.max(spent.records, 1)),
        timeouts: c.timeouts,
        baseline_insert_rows_per_s: baseRate, lost, doubled: c.doubled, receiver_redeliveries_same_id: receiverRedeliveries, receiver_missing: receiverMissing, receiver_extra_ids: receiverExtraIds,
      },
      ratios: { deliveries_vs_row_inserts: Number((rate / baseRate).toFixed(4)) },
      goals: {
        'deliveries_per_s >= 300': rate >= 300,
        'zero lost': lost === 0 && receiverMissing === 0,
        'zero doubled': c.doubled === 0 && receiverExtraIds === 0,
      },
    };
  } finally {
    for (const r of receivers) r.close();
    await pool.end();
  }
}
