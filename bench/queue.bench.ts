// The pgmq-compatible queue (devstack's stand-in here, the real extension on Supabase) against the
// limit: the same produce / consume work on a bare table with INSERT and DELETE … RETURNING.
// Messages/s for send → read → delete with 1 and 4 concurrent consumers.
import pg from 'pg';
import { benchPool } from './pool.ts';
import { size } from './size.ts';

const MESSAGES = size(6000, 50);
const BATCH = 10;

interface QueueDriver {
  setup(db: pg.Pool): Promise<void>;
  send(c: pg.PoolClient, body: string): Promise<void>;
  /** reads up to BATCH messages and acknowledges them; returns how many */
  consume(c: pg.PoolClient): Promise<number>;
  teardown(db: pg.Pool): Promise<void>;
}

const pgmqDriver: QueueDriver = {
  setup: async (db) => { await db.query(`select pgmq.create('bench_q')`); },
  send: async (c, body) => { await c.query(`select pgmq.send('bench_q', $1::jsonb)`, [body]); },
  consume: async (c) => {
    const { rows } = await c.query<{ msg_id: string }>(`select msg_id from pgmq.read('bench_q', 30, ${BATCH})`);
    if (rows.length) await c.query(`select pgmq.delete('bench_q', $1::bigint[])`, [rows.map((r) => r.msg_id)]);
    return rows.length;
  },
  teardown: async (db) => { await db.query(`select pgmq.drop_queue('bench_q')`); },
};

const bareTableDriver: QueueDriver = {
  setup: async (db) => {
    await db.query(`create table public.bench_bare (id bigint generated always as identity primary key,
                    enqueued_at timestamptz not null default now(), message jsonb)`);
  },
  send: async (c, body) => { await c.query('insert into public.bench_bare (message) values ($1::jsonb)', [body]); },
  consume: async (c) => {
    const { rowCount } = await c.query(`delete from public.bench_bare where id in (
      select id from public.bench_bare order by id limit ${BATCH} for update skip locked) returning id, message`);
    return rowCount ?? 0;
  },
  teardown: async (db) => { await db.query('drop table public.bench_bare'); },
};

async function measure(db: pg.Pool, driver: QueueDriver, consumers: number) {
  await driver.setup(db);
  const producer = await db.connect();
  const body = JSON.stringify({ kind: 'bench', tenant: 'demo', payload: 'x'.repeat(64) });
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) await driver.send(producer, body);
  const t1 = performance.now();
  producer.release();
  let consumed = 0;
  await Promise.all(Array.from({ length: consumers }, async () => {
    const c = await db.connect();
    try {
      for (let n; (n = await driver.consume(c)) > 0;) consumed += n;
    } finally {
      c.release();
    }
  }));
  const t2 = performance.now();
  await driver.teardown(db);
  if (consumed !== MESSAGES) throw new Error(`consumed ${consumed} of ${MESSAGES}`);
  return {
    sendPerS: MESSAGES / ((t1 - t0) / 1000),
    consumePerS: MESSAGES / ((t2 - t1) / 1000),
    endToEndPerS: MESSAGES / ((t2 - t0) / 1000),
  };
}

export default async function run(db: { url: string }) {
  const pool = benchPool(db.url, 6);
  const round = (n: number) => Math.round(n);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  try {
    // Warm-up so the first measured run does not pay for cold caches.
    await measure(pool, bareTableDriver, 1);
    const figures: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    for (const consumers of [1, 4]) {
      const bare = await measure(pool, bareTableDriver, consumers);
      const queue = await measure(pool, pgmqDriver, consumers);
      figures[`pgmq_send_per_s_${consumers}c`] = round(queue.sendPerS);
      figures[`bare_insert_per_s_${consumers}c`] = round(bare.sendPerS);
      figures[`pgmq_consume_per_s_${consumers}c`] = round(queue.consumePerS);
      figures[`bare_consume_per_s_${consumers}c`] = round(bare.consumePerS);
      figures[`pgmq_end_to_end_per_s_${consumers}c`] = round(queue.endToEndPerS);
      figures[`bare_end_to_end_per_s_${consumers}c`] = round(bare.endToEndPerS);
      ratios[`end_to_end_${consumers}c_pgmq_vs_bare`] = ratio(queue.endToEndPerS, bare.endToEndPerS);
      ratios[`consume_${consumers}c_pgmq_vs_bare`] = ratio(queue.consumePerS, bare.consumePerS);
    }
    return {
      figures: { messages: MESSAGES, batch: BATCH, ...figures },
      ratios,
      goals: { note: 'no target set by the issue: the bare table is the limit; ratios show what the queue costs' },
    };
  } finally {
    await pool.end();
  }
}
