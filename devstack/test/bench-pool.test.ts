// A bench pool outlives its server: the runner stops the cluster between benches while an idle
// client may still be closing. The server's "terminating connection" must not become an unhandled
// 'error' event (which killed a whole CI bench run); a plain pg.Pool shows the event it would raise.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { benchPool } from '../../bench/pool.ts';
import { pool, testDbUrl } from './db.ts';

async function terminateIdleClientOf(p: pg.Pool): Promise<void> {
  const pid = (await p.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const admin = pool(1);
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('bench pools', () => {
  it('a plain pool raises an error event when its idle client is terminated', async () => {
    const plain = new pg.Pool({ connectionString: testDbUrl(), max: 1 });
    const errors: string[] = [];
    plain.on('error', (err) => errors.push((err as { code?: string }).code ?? err.message));
    await terminateIdleClientOf(plain);
    await plain.end();
    expect(errors).toEqual(['57P01']);
  });

  it('a bench pool listens for that event, so it cannot crash the run', async () => {
    const bench = benchPool(testDbUrl(), 1);
    expect(bench.listenerCount('error')).toBe(1);
    await terminateIdleClientOf(bench);
    // Still usable afterwards: the pool dropped the dead client and opens a new one.
    expect((await bench.query('select 1 as one')).rows[0].one).toBe(1);
    await bench.end();
  });
});
