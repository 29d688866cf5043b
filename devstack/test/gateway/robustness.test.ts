// Malformed input on every route: the gateway answers 4xx (never 5xx, never hangs) and keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DEMO_ANON_KEY, DEMO_SERVICE_ROLE_KEY, compatSchemaSql, startTestGateway, supabase, withDb } from './helpers.ts';

const S = 'compat_fuzz';
let gw: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await withDb((c) => c.query(compatSchemaSql(S)));
  gw = await startTestGateway({ extraSchemas: [S] });
});
afterAll(async () => { await gw?.close(); });

const routes: [string, string][] = [
  ['POST', '/rest/v1/tenants'], ['PATCH', '/rest/v1/tenants?id=eq.1'], ['POST', '/rest/v1/rpc/add'], ['POST', '/rest/v1/rpc/echo'],
  ['PUT', '/rest/v1/tenants?id=eq.1'], ['POST', '/rest/v1/tenants?columns=name,nope'], ['POST', '/rest/v1/tenants?on_conflict=zzz'],
  ['POST', '/auth/v1/token?grant_type=password'], ['POST', '/auth/v1/token?grant_type=refresh_token'], ['PUT', '/auth/v1/user'],
  ['POST', '/auth/v1/logout?scope=weird'], ['POST', '/auth/v1/admin/users'], ['PUT', '/auth/v1/admin/users/00000000-0000-0000-0000-000000000000'],
  ['POST', '/auth/v1/factors'], ['POST', '/auth/v1/factors/xyz/verify'], ['POST', '/auth/v1/signup'], ['GET', '/auth/v1/admin/users?page=-4&per_page=abc'],
  ['POST', '/functions/v1/nope'], ['GET', '/nowhere'],
];
const nested = '['.repeat(20000) + ']'.repeat(20000);
const bodies = ['', '{', '[]', 'null', '"text"', '12', '{"email":{},"password":[],"refresh_token":5,"name":{"a":1},"a":"x","b":[1]}',
  nested, randomBytes(512).toString('binary'), '{"factor_type":"totp","friendly_name":' + '"x'.repeat(1) + '}'];
const auths = [undefined, `Bearer ${DEMO_ANON_KEY}`, `Bearer ${DEMO_SERVICE_ROLE_KEY}`, 'Bearer a.b.c', 'Basic Zm9vOmJhcg==', 'Bearer ' + 'x'.repeat(5000)];

describe('robustness', () => {
  it('answers every malformed request with a non-5xx status', async () => {
    const failures: string[] = [];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        for (const auth of auths) {
          const headers: Record<string, string> = { apikey: DEMO_ANON_KEY, 'Content-Type': 'application/json', 'Accept-Profile': S, 'Content-Profile': S };
          if (auth) headers.Authorization = auth;
          const res = await fetch(`${gw.url}${path}`, { method, headers, body: method === 'GET' ? undefined : body });
          await res.arrayBuffer();
          if (res.status >= 500) failures.push(`${method} ${path} body=${body.slice(0, 30)} auth=${auth?.slice(0, 20)} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const { data } = await supabase(gw.url, DEMO_ANON_KEY, S).from('tenants').select('id').eq('id', 1);
    expect(data).toEqual([{ id: 1 }]);
  }, 120_000);

  it('survives clients that disconnect mid-request', async () => {
    const net = await import('node:net');
    const { port } = new URL(gw.url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = net.createConnection({ port: Number(port), host: '127.0.0.1' }, () => {
          socket.write(`POST /rest/v1/tenants HTTP/1.1\r\nHost: x\r\napikey: ${DEMO_ANON_KEY}\r\nContent-Length: 1000\r\n\r\n{"na`);
          socket.destroy();
          resolve();
        });
        socket.on('error', () => resolve());
      });
    }
    const { data } = await supabase(gw.url, DEMO_ANON_KEY, S).from('tenants').select('id').eq('id', 2);
    expect(data).toEqual([{ id: 2 }]);
  });
});
