// Jobs backbone throughput and dispatch latency.
//
// Throughput, end to end: enqueue → dispatch → no-op SQL handler → delete, with run history on,
// against raw pgmq send → read → delete of the same number of messages in the same run. Both
// sides use the same round trips (chunks of 500 sends per statement, batches of 64 per read /
// dispatch, one transaction per round) and a fresh queue per round; rounds are interleaved and
// the median is kept, so the ratio stays comparable on a noisy machine.
//
// Latency: the real runner (private.dispatcher_command(), what pg_cron runs) while a producer enqueues
// at a steady rate; latency is job_runs.started_at − run_at, i.e. due → handler start.
import pg from 'pg';
import { size } from './size.ts';

const JOBS_PER_ROUND = size(10_000, 50);
const ROUNDS = size(5, 1);
const SEND_CHUNK = 500;
const BATCH = 64;

type Client = pg.Client;

async function connect(url: string): Promise<Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

async function rawRound(db: Client, queue: string) {
  await db.query('select pgmq.create($1)', [queue]);
  const sendStart = process.hrtime.bigint();
  for (let from = 1; from <= JOBS_PER_ROUND; from += SEND_CHUNK) {
    await db.query(
      `select count(*) from generate_series($2::int, $3::int) i, lateral pgmq.send($1, jsonb_build_object('i', i), 0)`,
      [queue, from, Math.min(from + SEND_CHUNK - 1, JOBS_PER_ROUND)],
    );
  }
  const sendSeconds = seconds(sendStart);
  const consumeStart = process.hrtime.bigint();
  let consumed = 0;
  for (;;) {
    const { rows } = await db.query(
      `select count(*)::int as n from pgmq.delete($1, (select array_agg(m.msg_id) from pgmq.read($1, 30, $2) m))`,
      [queue, BATCH],
    );
    if (rows[0].n === 0) break;
    consumed += rows[0].n;
  }
  const consumeSeconds = seconds(consumeStart);
  if (consumed !== JOBS_PER_ROUND) throw new Error(`raw pgmq consumed ${consumed} of ${JOBS_PER_ROUND}`);
  return { sendSeconds, consumeSeconds, total: sendSeconds + consumeSeconds };
}

async function jobsRound(db: Client, queue: string) {
  await db.query(`select private.create_job_queue($1, 'bench', batch_size => $2)`, [queue, BATCH]);
  const enqueueStart = process.hrtime.bigint();
  for (let from = 1; from <= JOBS_PER_ROUND; from += SEND_CHUNK) {
    await db.query(
      `select count(private.enqueue($1, 'bench.noop', jsonb_build_object('i', i))) from generate_series($2::int, $3::int) i`,
      [queue, from, Math.min(from + SEND_CHUNK - 1, JOBS_PER_ROUND)],
    );
  }
  const enqueueSeconds = seconds(enqueueStart);
  const dispatchStart = process.hrtime.bigint();
  for (;;) {
    const { rows } = await db.query('select private.dispatch($1, $2) as n', [queue, BATCH]);
    if (rows[0].n === 0) break;
  }
  const dispatchSeconds = seconds(dispatchStart);
  const { rows } = await db.query(
    `select count(*) filter (where outcome = 'succeeded')::int as ok, count(*)::int as runs from private.job_runs where queue_name = $1`,
    [queue],
  );
  if (rows[0].ok !== JOBS_PER_ROUND || rows[0].runs !== JOBS_PER_ROUND) {
    throw new Error(`jobs: ${rows[0].ok} succeeded of ${rows[0].runs} runs, expected ${JOBS_PER_ROUND}`);
  }
  return { enqueueSeconds, dispatchSeconds, total: enqueueSeconds + dispatchSeconds };
}

/** The statement pg_cron runs, with a budget and without the cron-job check (no cron job runs it here). */
async function dispatcherCommand(db: Client, seconds: number): Promise<string> {
  const { rows } = await db.query(`select private.dispatcher_command($1, 500, null) as command`, [seconds]);
  return rows[0].command as string;
}

/** Enqueues `perTick` jobs every `tickMs` for `durationMs` while the runner dispatches; returns latency percentiles. */
async function latencyPhase(url: string, db: Client, queue: string, perTick: number, tickMs: number, durationMs: number) {
  await db.query(`select private.create_job_queue($1, 'bench latency', batch_size => $2)`, [queue, BATCH]);
  const runner = await connect(url);
  const runnerSeconds = Math.ceil(durationMs / 1000) + 2;
  const running = runner.query(await dispatcherCommand(runner, runnerSeconds));
  const started = Date.now();
  let produced = 0;
  while (Date.now() - started < durationMs) {
    const tickStart = Date.now();
    await db.query(`select count(private.enqueue($1, 'bench.noop', '{}'::jsonb)) from generate_series(1, $2::int)`, [queue, perTick]);
    produced += perTick;
    await sleep(Math.max(0, tickMs - (Date.now() - tickStart)));
  }
  await running;
  await runner.end();
  const { rows } = await db.query(
    `select count(*)::int as n,
            percentile_cont(0.5) within group (order by extract(epoch from (started_at - run_at)) * 1000) as p50,
            percentile_cont(0.95) within group (order by extract(epoch from (started_at - run_at)) * 1000) as p95
     from private.job_runs where queue_name = $1 and attempt = 1`,
    [queue],
  );
  if (rows[0].n !== produced) throw new Error(`latency phase: ${rows[0].n} of ${produced} jobs ran`);
  return { produced, ratePerSecond: (produced / durationMs) * 1000, p50: Number(rows[0].p50), p95: Number(rows[0].p95) };
}

export default async function run(db: { url: string }) {
  const client = await connect(db.url);
  try {
    // Take the scheduled dispatcher out of the way: deactivate its cron job, then wait for a
    // running round to notice (the runner holds this lock while it runs).
    await client.query(`select cron.alter_job(jobid, active := false) from cron.job where jobname = 'jobs.dispatch'`);
    await client.query('select pg_advisory_lock(private.job_dispatcher_lock_id())');
    await client.query(`create or replace function public.bench_noop(payload jsonb, job jsonb) returns void language plpgsql as $$ begin end $$`);
    await client.query(`select private.register_job_handler('bench.noop', sql_handler => 'public.bench_noop(jsonb, jsonb)'::regprocedure)`);

    const raw: Awaited<ReturnType<typeof rawRound>>[] = [];
    const jobs: Awaited<ReturnType<typeof jobsRound>>[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      raw.push(await rawRound(client, `bench_raw_${r}`));
      jobs.push(await jobsRound(client, `bench_jobs_${r}`));
    }
    await client.query('select pg_advisory_unlock(private.job_dispatcher_lock_id())');

    const busy = await latencyPhase(db.url, client, 'bench_latency_busy', 20, 20, size(10_000, 500));
    const idle = await latencyPhase(db.url, client, 'bench_latency_idle', 1, 250, size(5_000, 500));

    await client.query(`select cron.alter_job(jobid, active := true) from cron.job where jobname = 'jobs.dispatch'`);

    const jobsPerSecond = median(jobs.map((j) => JOBS_PER_ROUND / j.total));
    const rawPerSecond = median(raw.map((r) => JOBS_PER_ROUND / r.total));
    const ratio = jobsPerSecond / rawPerSecond;
    return {
      figures: {
        jobs_per_second_end_to_end: Math.round(jobsPerSecond),
        enqueue_per_second: Math.round(median(jobs.map((j) => JOBS_PER_ROUND / j.enqueueSeconds))),
        dispatch_per_second: Math.round(median(jobs.map((j) => JOBS_PER_ROUND / j.dispatchSeconds))),
        raw_pgmq_per_second_end_to_end: Math.round(rawPerSecond),
        raw_pgmq_send_per_second: Math.round(median(raw.map((r) => JOBS_PER_ROUND / r.sendSeconds))),
        raw_pgmq_read_delete_per_second: Math.round(median(raw.map((r) => JOBS_PER_ROUND / r.consumeSeconds))),
        jobs_per_round: JOBS_PER_ROUND,
        rounds: ROUNDS,
        latency_busy_rate_per_second: Math.round(busy.ratePerSecond),
        latency_busy_p50_ms: round1(busy.p50),
        latency_busy_p95_ms: round1(busy.p95),
        latency_idle_rate_per_second: Math.round(idle.ratePerSecond),
        latency_idle_p50_ms: round1(idle.p50),
        latency_idle_p95_ms: round1(idle.p95),
      },
      ratios: {
        jobs_vs_raw_pgmq_end_to_end: Math.round(ratio * 1000) / 1000,
      },
      goals: {
        jobs_per_second_end_to_end: { target: '>= 2000', met: jobsPerSecond >= 2000 },
        jobs_vs_raw_pgmq_end_to_end: { target: '>= 0.5', met: ratio >= 0.5 },
        note: 'latency_busy_*: 20 jobs every 20 ms; latency_idle_*: one job every 250 ms, so the runner is idle between jobs (its poll backs off from 20 ms to 500 ms)',
      },
    };
  } finally {
    await client.end();
  }
}
