// A bench's connection pool. pg-pool's end() resolves once it has *asked* its idle clients to close,
// not once they have; the runner then stops the cluster for the next bench, and a client still
// closing gets "terminating connection due to administrator command". Without an 'error' listener
// that event kills the whole bench run, so every bench pool has one.
import pg from 'pg';

export function benchPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return pool;
}
