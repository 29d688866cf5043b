// The pg_net worker: takes requests queued by net.http_get/post/delete (woken by
// pg_notify('devstack_net')), performs them and stores the result in net._http_response.
import pg from 'pg';

const PARALLEL = 8;
const POLL_MS = 2000;
const RESPONSE_TTL = '6 hours'; // pg_net's default pg_net.ttl

export interface NetWorker { close(): Promise<void>; drain(): Promise<void> }

export async function startNetWorker(dbUrl: string): Promise<NetWorker | null> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: PARALLEL + 1 });
  pool.on('error', () => {});
  const { rows } = await pool.query(`select to_regclass('net.http_request_queue') is not null as present`);
  if (!rows[0]?.present) { await pool.end(); return null; }

  const listener = new pg.Client({ connectionString: dbUrl });
  listener.on('error', () => {});
  await listener.connect();
  await listener.query('LISTEN devstack_net');

  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function performOne(): Promise<boolean> {
    const { rows: [job] } = await pool.query(
      `delete from net.http_request_queue where id = (
         select id from net.http_request_queue order by id for update skip locked limit 1) returning *`);
    if (!job) return false;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), job.timeout_milliseconds);
    let response: [number | null, string | null, string | null, string | null, boolean, string | null];
    try {
      const res = await fetch(job.url, {
        method: job.method, headers: job.headers ?? {}, body: job.method === 'GET' ? undefined : job.body ?? undefined, signal: controller.signal,
      });
      const content = await res.text();
      response = [res.status, res.headers.get('content-type'), JSON.stringify(Object.fromEntries(res.headers)), content, false, null];
    } catch (err) {
      const timedOut = controller.signal.aborted;
      response = [null, null, null, null, timedOut,
        timedOut ? `Timeout of ${job.timeout_milliseconds} ms reached` : String((err as Error).cause ?? (err as Error).message)];
    } finally {
      clearTimeout(timer);
    }
    await pool.query(
      `insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg, created)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7, now())`, [job.id, ...response]);
    return true;
  }

  async function drainQueue(): Promise<void> {
    const lanes = Array.from({ length: PARALLEL }, async () => {
      while (!closed && (await performOne().catch(() => false)));
    });
    await Promise.all(lanes);
  }

  function wake(): Promise<void> {
    if (running) { again = true; return running; }
    running = (async () => {
      do { again = false; await drainQueue(); } while (again && !closed);
      await pool.query(`delete from net._http_response where created < now() - interval '${RESPONSE_TTL}'`).catch(() => {});
    })().finally(() => { running = null; });
    return running;
  }

  listener.on('notification', () => { void wake(); });
  // Polling catches requests queued while the gateway was down or a notification was missed.
  const timer = setInterval(() => { void wake(); }, POLL_MS);
  void wake();

  return {
    drain: () => wake(),
    async close() {
      closed = true;
      clearInterval(timer);
      // In-flight HTTP calls are not awaited (their timeouts can be long); their results are dropped.
      await listener.end().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
