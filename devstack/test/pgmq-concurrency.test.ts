// pgmq (real or devstack's stand-in) under real concurrency: separate connections consuming one
// queue at once must each get different messages, and together get every message exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from './db.ts';

const db = pool(12);
const queue = `concurrency_${process.pid}`;

beforeAll(async () => {
  await db.query('select pgmq.create($1)', [queue]);
});

afterAll(async () => {
  await db.query('select pgmq.drop_queue($1)', [queue]);
  await db.end();
});

async function consume(consumer: number, seen: Map<number, number[]>) {
  for (;;) {
    const { rows } = await db.query<{ msg_id: string }>('select msg_id from pgmq.read($1, 30, 5)', [queue]);
    if (!rows.length) return;
    const ids = rows.map((r) => Number(r.msg_id));
    for (const id of ids) seen.set(id, [...(seen.get(id) ?? []), consumer]);
    await db.query('select pgmq.delete($1, $2::bigint[])', [queue, ids]);
  }
}

describe('pgmq with concurrent consumers', () => {
  it('delivers each of 500 messages to exactly one of 8 consumers', async () => {
    const messages = Array.from({ length: 500 }, (_, i) => JSON.stringify({ n: i }));
    const { rows: sent } = await db.query('select pgmq.send_batch($1, $2::jsonb[]) as id', [queue, messages]);
    expect(sent).toHaveLength(500);

    const seen = new Map<number, number[]>();
    await Promise.all(Array.from({ length: 8 }, (_, c) => consume(c, seen)));

    const duplicates = [...seen.entries()].filter(([, consumers]) => consumers.length > 1);
    expect(duplicates).toEqual([]);
    expect(seen.size).toBe(500);
    expect(new Set(sent.map((r) => Number(r.id)))).toEqual(new Set(seen.keys()));
    const { rows } = await db.query('select queue_length from pgmq.metrics($1)', [queue]);
    expect(Number(rows[0].queue_length)).toBe(0);
  });

  it('hides a message read by one connection from another until its visibility timeout', async () => {
    await db.query(`select pgmq.send($1, '{"only":1}')`, [queue]);
    const first = await db.query('select msg_id from pgmq.read($1, 30, 10)', [queue]);
    expect(first.rows).toHaveLength(1);
    const second = await db.query('select msg_id from pgmq.read($1, 30, 10)', [queue]);
    expect(second.rows).toHaveLength(0);
    await db.query('select pgmq.set_vt($1, $2, 0)', [queue, first.rows[0].msg_id]);
    const again = await db.query('select msg_id, read_ct from pgmq.read($1, 30, 10)', [queue]);
    expect(again.rows.map((r) => [String(r.msg_id), r.read_ct])).toEqual([[String(first.rows[0].msg_id), 2]]);
    await db.query('select pgmq.purge_queue($1)', [queue]);
  });
});
