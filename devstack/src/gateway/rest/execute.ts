// The execution stage: one request's transaction in one round trip on a pooled connection; for
// writes and calls, the statement's guard decides COMMIT or ROLLBACK before the answer is built
// (a second round trip). Reads run in the query's implicit transaction: nothing to end.
import type { Pool, QueryResult } from 'pg';
import { maxAffectedError, singleError } from './errors.ts';
import type { Guard, Statement } from './query/statement.ts';
import { transactionSql } from './query/transaction.ts';

/** The statement's result; `elements`: the body's elements, when the statement's rows are those (see Statement). */
export type Executed = QueryResult & { before?: any[]; elements?: string[] };

/** The guard's verdict on the statement's result: an error rolls back and becomes the answer. */
function check(guard: Guard, result: QueryResult): Error | null {
  const page = guard.page === 'wrapped' ? Number(result.rows[0]?.page ?? 0) : result.rowCount ?? 0;
  if (guard.singular && page !== 1) return singleError(page);
  if (guard.maxAffected !== undefined && page > guard.maxAffected) return maxAffectedError(page);
  return null;
}

export async function execute(pool: Pool, settings: string, stmt: Statement): Promise<Executed> {
  const client = await pool.connect();
  let released = false;
  try {
    const results = (await client.query(transactionSql(settings, stmt))) as unknown as QueryResult[];
    const main: Executed = results[results.length - 1];
    if (stmt.before) main.before = results[results.length - 2].rows;
    if (stmt.elements) main.elements = main.rows.map((row) => row.pgrst_element);
    let failure: Error | null = null;
    if (stmt.guard) {
      failure = check(stmt.guard, main);
      await client.query(failure || stmt.guard.rollback ? 'ROLLBACK' : 'COMMIT');
    }
    client.release();
    released = true;
    if (failure) throw failure;
    return main;
  } catch (err) {
    if (!released) {
      // A database error ended an implicit transaction already; an explicit one needs its ROLLBACK.
      // Anything else (a broken connection) retires the connection.
      const fromDatabase = typeof (err as any)?.severity === 'string';
      if (!stmt.guard) client.release(!fromDatabase);
      else {
        try { await client.query('ROLLBACK'); client.release(); } catch { client.release(true); }
      }
    }
    throw err;
  }
}
