// Runs one request's statement in its own transaction with PostgREST's per-request settings,
// sent as a single simple-protocol round trip (BEGIN; set_config…; statement; COMMIT).
import type { Pool, QueryResult } from 'pg';
import { literal } from './sql.ts';

export interface TxOptions {
  readOnly: boolean;
  settings: Record<string, string>;
  sql: string;
  /** Called with the statement's result before COMMIT; returning false rolls back. */
  decide?: (result: QueryResult) => boolean;
  /** A statement run just before `sql` (e.g. EXPLAIN for a planned count); its rows come back as `before`. */
  before?: string;
}

export async function runInTransaction(pool: Pool, tx: TxOptions): Promise<QueryResult & { before?: any[] }> {
  const client = await pool.connect();
  const setConfig = Object.entries(tx.settings).map(([k, v]) => `set_config(${literal(k)}, ${literal(v)}, true)`).join(', ');
  const text = `BEGIN${tx.readOnly ? ' READ ONLY' : ''}; SELECT ${setConfig}; ${tx.before ? `${tx.before}; ` : ''}${tx.sql}${tx.decide ? '' : '; COMMIT'}`;
  let released = false;
  try {
    const results = (await client.query(text)) as unknown as QueryResult[];
    const main: QueryResult & { before?: any[] } = results[tx.before ? 3 : 2];
    if (tx.before) main.before = results[2].rows;
    if (tx.decide) {
      let commit = false;
      try { commit = tx.decide(main); } finally { await client.query(commit ? 'COMMIT' : 'ROLLBACK'); }
    }
    client.release();
    released = true;
    return main;
  } catch (err) {
    if (!released) {
      try { await client.query('ROLLBACK'); client.release(); } catch { client.release(true); }
    }
    throw err;
  }
}
