// The drain's window: a receiver that stalls holds one slot, not the batch it was claimed with. One
// loop of 5 (parallel 1): the stalled delivery is claimed in the first batch with 4 others; the
// stalled receiver answers only once every other delivery has been recorded. A drain that awaited
// whole batches would wait for it forever (here: until the timeout, a failed attempt).
import assert from 'node:assert/strict';
import type { Claimed, Result } from './deliver.ts';
import { receiver } from './testing.ts';
import { drain, type Store } from './worker.ts';

Deno.test('webhooks drain: a stalled delivery holds one slot, the others go on and are recorded meanwhile', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  const quick = receiver(() => ({ status: 200 }));
  const stalled = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, async () => {
    await released;
    return new Response('late but fine');
  });
  const item = (n: number, url: string): Claimed => ({
    delivery_id: n, lease_token: `l${n}`, endpoint_id: 'e', url, webhook_id: `msg_${n}`, body: '{}',
    secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], attempt: 1, allow_private_targets: true,
  });
  const queue = [item(0, `http://127.0.0.1:${stalled.addr.port}/hook`), ...Array.from({ length: 40 }, (_, i) => item(i + 1, quick.url))];
  const recorded: Result[] = [];
  const store: Store = {
    claim: (n) => Promise.resolve(queue.splice(0, n)),
    record: (results) => {
      recorded.push(...results);
      if (recorded.filter((r) => r.delivery_id !== 0).length === 40) release();
      return Promise.resolve(results.length);
    },
  };
  try {
    const outcome = await drain(store, { batchSize: 5, parallel: 1, timeoutMs: 20_000 });
    assert.deepEqual(outcome, { sent: 41, succeeded: 41 });
    const stalledResult = recorded.find((r) => r.delivery_id === 0);
    assert.deepEqual(stalledResult?.status_code, 200, 'the stalled receiver answered once the 40 others were recorded');
    assert.deepEqual(recorded.at(-1)?.delivery_id, 0, 'and its result came last');
    assert.deepEqual(quick.received.length, 40);
  } finally {
    release();
    await Promise.all([quick.close(), stalled.shutdown()]);
  }
});

Deno.test('webhooks drain: a failing record stops the drain and is reported', async () => {
  const ok = receiver(() => ({ status: 200 }));
  let claims = 0;
  const store: Store = {
    claim: (n) => Promise.resolve(claims++ < 3 ? Array.from({ length: n }, (_, i) => ({
      delivery_id: claims * 100 + i, lease_token: 'l', endpoint_id: 'e', url: ok.url, webhook_id: 'msg', body: '{}',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], attempt: 1, allow_private_targets: true,
    })) : []),
    record: () => Promise.reject(new Error('database went away')),
  };
  try {
    await assert.rejects(drain(store, { batchSize: 2, parallel: 1 }), /database went away/);
  } finally {
    await ok.close();
  }
});
