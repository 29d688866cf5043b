// The drain: claim due deliveries (SQL enforces each endpoint's concurrency cap), send them in
// parallel, record the outcomes; again until nothing is due or the time is up. The store is the
// database behind two SQL functions (claim_webhook_deliveries, record_webhook_results).
import { type Claimed, deliver, type DeliverOptions, type Result } from './deliver.ts';

export interface Store {
  claim(batchSize: number): Promise<Claimed[]>;
  record(results: Result[]): Promise<number>;
}

export interface DrainOptions extends DeliverOptions { batchSize?: number; deadlineMs?: number }

export async function drain(store: Store, opts: DrainOptions = {}): Promise<{ sent: number; succeeded: number }> {
  const until = Date.now() + (opts.deadlineMs ?? 50_000);
  let sent = 0, succeeded = 0;
  while (Date.now() < until) {
    const batch = await store.claim(opts.batchSize ?? 50);
    if (!batch.length) break;
    const results = await Promise.all(batch.map((item) => deliver(item, opts)));
    await store.record(results);
    sent += results.length;
    succeeded += results.filter((r) => r.status_code !== null && r.status_code >= 200 && r.status_code < 300).length;
  }
  return { sent, succeeded };
}
