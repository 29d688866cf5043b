// The drain: `parallel` loops, each claiming due deliveries (SQL enforces each endpoint's
// concurrency cap), sending them at once and recording the outcomes, until nothing is due or the
// time is up. Several small loops rather than one big batch: a batch waits for its slowest
// attempt (a timeout), and only its own loop waits with it.
import { type Claimed, deliver, type DeliverOptions, type Result } from './deliver.ts';

export interface Store {
  claim(batchSize: number): Promise<Claimed[]>;
  record(results: Result[]): Promise<number>;
}

export interface DrainOptions extends DeliverOptions { batchSize?: number; parallel?: number; deadlineMs?: number }

export async function drain(store: Store, opts: DrainOptions = {}): Promise<{ sent: number; succeeded: number }> {
  const until = Date.now() + (opts.deadlineMs ?? 50_000);
  let sent = 0, succeeded = 0;
  const loop = async () => {
    while (Date.now() < until) {
      const batch = await store.claim(opts.batchSize ?? 25);
      if (!batch.length) return;
      const results = await Promise.all(batch.map((item) => deliver(item, opts)));
      await store.record(results);
      sent += results.length;
      succeeded += results.filter((r) => r.status_code !== null && r.status_code >= 200 && r.status_code < 300).length;
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 4 }, loop));
  return { sent, succeeded };
}
