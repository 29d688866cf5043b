// /functions/v1 (Deno workers) through supabase-js functions.invoke, and the pg_net worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FunctionsHttpError, FunctionsRelayError } from '@supabase/supabase-js';
import { DEMO_ANON_KEY, DEMO_SERVICE_ROLE_KEY, dbUrl, raw, repoRoot, startTestGateway, supabase, withDb } from './helpers.ts';

let gw: { url: string; close(): Promise<void> };
const fixtures = join(repoRoot, 'devstack/test/gateway/fixtures/functions');

beforeAll(async () => {
  gw = await startTestGateway({
    functionsDir: fixtures, functionsVerifyJwt: { webhook: false }, netWorker: true,
    functionsEnv: { DEVSTACK_TEST_EXTRA: 'extra-value' },
  });
}, 180_000);
afterAll(async () => { await gw?.close(); });

describe('functions', () => {
  it('invokes a function with a JSON body and Supabase environment', async () => {
    const client = supabase(gw.url);
    const { data, error } = await client.functions.invoke('echo', { body: { name: 'laundry' } });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      method: 'POST', path: '/echo', body: '{"name":"laundry"}', parsed: { name: 'laundry' }, auth: `Bearer ${DEMO_ANON_KEY}`,
      contentType: 'application/json',
      env: { url: gw.url, anon: DEMO_ANON_KEY, service: DEMO_SERVICE_ROLE_KEY, db: dbUrl(), extra: 'extra-value' },
    });
  }, 180_000);

  it('passes text bodies, sub-paths, query strings and methods through', async () => {
    const client = supabase(gw.url);
    const text = await client.functions.invoke('echo/sub?x=1', { body: 'plain text', method: 'PUT' });
    expect(text.data).toMatchObject({ method: 'PUT', path: '/echo/sub', query: '?x=1', body: 'plain text', contentType: 'text/plain' });
  });

  it('reports non-2xx answers as FunctionsHttpError with the response', async () => {
    const { error } = await supabase(gw.url).functions.invoke('echo/fail', { body: {} });
    expect(error).toBeInstanceOf(FunctionsHttpError);
    expect(error.context.status).toBe(422);
    expect(await error.context.json()).toEqual({ error: 'bad input' });
  });

  it('verifies JWTs unless config says verify_jwt = false, and keeps the raw body', async () => {
    const missing = await fetch(`${gw.url}/functions/v1/echo`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    const bad = await raw(`${gw.url}/functions/v1/echo`, { method: 'POST', body: '{}', headers: { Authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(bad.json.message).toBe('Invalid JWT');
    const body = '{"id":"evt_1",  "amount": 1.50}\n';
    const signature = createHmac('sha256', 'whsec_test').update(body).digest('hex');
    const hook = await fetch(`${gw.url}/functions/v1/webhook`, { method: 'POST', body, headers: { 'x-signature': signature } });
    expect(hook.status).toBe(200);
    expect(await hook.json()).toEqual({ ok: true, bytes: Buffer.byteLength(body) });
    const forged = await fetch(`${gw.url}/functions/v1/webhook`, { method: 'POST', body: body.trim(), headers: { 'x-signature': signature } });
    expect(forged.status).toBe(401);
  }, 180_000);

  it('answers 404 for unknown functions and a relay error for a function that cannot boot', async () => {
    const unknown = await raw(`${gw.url}/functions/v1/nope`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_ANON_KEY}` } });
    expect(unknown.status).toBe(404);
    const traversal = await raw(`${gw.url}/functions/v1/..%2F..%2Fetc`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_ANON_KEY}` } });
    expect(traversal.status).toBe(404);
    const { error } = await supabase(gw.url).functions.invoke('crash', { body: {} });
    expect(error).toBeInstanceOf(FunctionsRelayError);
  }, 180_000);
});

describe('pg_net worker', () => {
  async function responseFor(id: number) {
    for (let i = 0; i < 600; i++) {
      const { rows } = await withDb((c) => c.query('select * from net._http_response where id = $1', [id]));
      if (rows[0]) return rows[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no response stored for request ${id}`);
  }

  it('performs net.http_post to an Edge Function and stores the response', async () => {
    const { rows: [{ id }] } = await withDb((c) => c.query(
      `select net.http_post(url := $1, body := '{"name":"cron"}'::jsonb, headers := jsonb_build_object('Authorization', 'Bearer ' || $2::text)) as id`,
      [`${gw.url}/functions/v1/echo`, DEMO_SERVICE_ROLE_KEY]));
    const res = await responseFor(Number(id));
    expect(res.status_code).toBe(200);
    expect(res.content_type).toContain('application/json');
    expect(JSON.parse(res.content)).toMatchObject({ method: 'POST', parsed: { name: 'cron' }, auth: `Bearer ${DEMO_SERVICE_ROLE_KEY}` });
    const queued = await withDb((c) => c.query('select count(*)::int as n from net.http_request_queue where id = $1', [id]));
    expect(queued.rows[0].n).toBe(0);
  }, 180_000);

  it('records failures and timeouts instead of stalling the queue', async () => {
    // A port that refuses connections, and a server that accepts and never answers.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const silentPort = (silent.address() as AddressInfo).port;
    const { rows: [{ refused, slow }] } = await withDb((c) => c.query(
      `select net.http_get(url := $1) as refused, net.http_get(url := $2, timeout_milliseconds := 200) as slow`,
      [`http://127.0.0.1:${closedPort}/nothing`, `http://127.0.0.1:${silentPort}/slow`]));
    const r1 = await responseFor(Number(refused));
    expect(r1.status_code).toBeNull();
    expect(r1.error_msg).toBeTruthy();
    const r2 = await responseFor(Number(slow));
    silent.closeAllConnections();
    silent.close();
    expect(r2.status_code).toBeNull();
    expect(r2.timed_out).toBe(true);
    expect(r2.error_msg).toBe('Timeout of 200 ms reached');
    const rolledBack = await withDb(async (c) => {
      await c.query('begin');
      const { rows } = await c.query(`select net.http_get(url := $1) as id`, [`${gw.url}/auth/v1/health`]);
      await c.query('rollback');
      return Number(rows[0].id);
    });
    const { rows: [{ id: ok }] } = await withDb((c) => c.query(`select net.http_get(url := $1) as id`, [`${gw.url}/auth/v1/health`]));
    expect((await responseFor(Number(ok))).status_code).toBe(200);
    const none = await withDb((c) => c.query('select count(*)::int as n from net._http_response where id = $1', [rolledBack]));
    expect(none.rows[0].n).toBe(0);
  }, 180_000);
});
