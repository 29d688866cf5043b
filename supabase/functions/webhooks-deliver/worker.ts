// The drain: a sliding window of deliveries in flight (`parallel` × `batchSize`), refilled by
// claim_webhook_deliveries (SQL enforces each endpoint's concurrency cap) as soon as half a batch of
// slots is free, each outcome recorded within FLUSH_MS in batches through record_webhook_results,
// until nothing is due or the time is up. Why a window and not "claim a batch, await all of it":
// a batch waits for its slowest attempt, so one receiver that stalls until the timeout (15 s) held
// back every other delivery of its batch; here it holds one slot only.
import { type Claimed, deliver, type DeliverOptions, type Result } from './deliver.ts';

export interface Store {
  claim(batchSize: number): Promise<Claimed[]>;
  record(results: Result[]): Promise<number>;
}

export interface DrainOptions extends DeliverOptions { batchSize?: number; parallel?: number; deadlineMs?: number }

/** How long a finished delivery's result may wait for others to be recorded with it. */
const FLUSH_MS = 20;

const succeeded = (r: Result) => r.status_code !== null && r.status_code >= 200 && r.status_code < 300;

export async function drain(store: Store, opts: DrainOptions = {}): Promise<{ sent: number; succeeded: number }> {
  const until = Date.now() + (opts.deadlineMs ?? 50_000);
  const batchSize = opts.batchSize ?? 25;
  const window = batchSize * (opts.parallel ?? 4);
  const outcome = { sent: 0, succeeded: 0 };
  let inFlight = 0;
  let pending: Result[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const recording = new Set<Promise<void>>();
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const slotFreed = () => new Promise<void>((resolve) => { wake = resolve; });

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending.length) return;
    const results = pending;
    pending = [];
    const p: Promise<void> = store.record(results)
      .then(() => { outcome.sent += results.length; outcome.succeeded += results.filter(succeeded).length; })
      .catch((err) => { failure ??= err; })
      .finally(() => { recording.delete(p); });
    recording.add(p);
  };
  const settle = (r: Result) => {
    inFlight--;
    pending.push(r);
    if (pending.length >= batchSize) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
    const w = wake;
    wake = null;
    w?.();
  };

  while (Date.now() < until && failure === null) {
    // claim when half a batch of slots is free: stalled deliveries hold only their own slots
    if (window - inFlight < Math.ceil(batchSize / 2)) { await slotFreed(); continue; }
    const batch = await store.claim(Math.min(batchSize, window - inFlight));
    if (!batch.length) {
      if (inFlight === 0) break;
      await slotFreed();   // nothing due now: a delivery in flight may fail and be due again later, not now
      continue;
    }
    inFlight += batch.length;
    for (const item of batch) void deliver(item, opts).then(settle);
  }
  while (inFlight > 0) await slotFreed();
  flush();
  await Promise.all([...recording]);
  if (failure !== null) throw failure;
  return outcome;
}
