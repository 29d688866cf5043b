// JSON reads run as prepared statements shared by every caller (rest/prepared.ts): only the statement
// texts are shared, never a caller's role, claims or filter values. Each case repeats the same query
// shape well past the 5 runs after which PostgreSQL may switch a prepared statement to a generic plan,
// alternating callers, on a gateway whose pool hands the same few connections out again and again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, raw, startTestGateway, withDb } from './helpers.ts';
import { signJwt } from '../../src/gateway/jwt.ts';
import { namedStatements } from '../../src/gateway/rest/prepared.ts';

const S = 'prepared_reads';
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const ROUNDS = 8;

let gw: { url: string; close(): Promise<void> };
const userToken = (sub: string) =>
  signJwt({ sub, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, DEMO_JWT_SECRET);

beforeAll(async () => {
  await withDb((c) => c.query(`
    drop schema if exists ${S} cascade;
    create schema ${S};
    grant usage on schema ${S} to anon, authenticated, service_role;
    create table ${S}.notes (id int primary key, owner uuid not null, body text not null);
    alter table ${S}.notes enable row level security;
    create policy own on ${S}.notes for select to authenticated using (owner = auth.uid());
    create table ${S}.secrets (id int primary key, body text);
    create view ${S}.whoami as select current_user::text as role, auth.uid() as uid,
      current_setting('request.headers', true)::json ->> 'x-marker' as marker;
    grant select on ${S}.notes, ${S}.whoami to anon, authenticated, service_role;
    grant select on ${S}.secrets to service_role;
    insert into ${S}.notes values (1, '${A}', 'a1'), (2, '${A}', 'a2'), (3, '${B}', 'b1');
    insert into ${S}.secrets values (1, 'hidden');`));
  gw = await startTestGateway({ extraSchemas: [S] });
});
afterAll(async () => {
  await gw?.close();
  await withDb((c) => c.query(`drop schema if exists ${S} cascade`));
});

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  raw(`${gw.url}/rest/v1/${path}`, { headers: { 'Accept-Profile': S, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

describe('prepared reads', () => {
  it('row level security follows each caller: the same statement, alternating users and anon', async () => {
    const a = userToken(A);
    const b = userToken(B);
    for (let i = 0; i < ROUNDS; i++) {
      expect((await get('notes?select=body&order=id', a)).json).toEqual([{ body: 'a1' }, { body: 'a2' }]);
      expect((await get('notes?select=body&order=id', b)).json).toEqual([{ body: 'b1' }]);
      expect((await get('notes?select=body&order=id')).json).toEqual([]);
    }
  });

  it('privileges follow each caller: the same statement refused to anon, answered for service_role', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const allowed = await get('secrets?id=eq.1&select=body', DEMO_SERVICE_ROLE_KEY);
      expect(allowed.json).toEqual([{ body: 'hidden' }]);
      const refused = await get('secrets?id=eq.1&select=body');
      expect(refused.status).toBe(401);
      expect(refused.json.code).toBe('42501');
    }
  });

  it('role, claims and headers are the request\'s own and end with it', async () => {
    const a = userToken(A);
    for (let i = 0; i < ROUNDS; i++) {
      expect((await get('whoami', a, { 'x-marker': `a${i}` })).json).toEqual([{ role: 'authenticated', uid: A, marker: `a${i}` }]);
      expect((await get('whoami')).json).toEqual([{ role: 'anon', uid: null, marker: null }]);
    }
  });

  it('filter values are parameters of each request: the same shape with other values answers other rows', async () => {
    const token = DEMO_SERVICE_ROLE_KEY;
    for (let i = 0; i < ROUNDS; i++) {
      const id = 1 + (i % 3);
      expect((await get(`notes?id=eq.${id}&select=id`, token)).json).toEqual([{ id }]);
      expect((await get(`notes?body=in.(a2,"b1")&select=id&order=id`, token)).json).toEqual([{ id: 2 }, { id: 3 }]);
      expect((await get(`notes?body=eq.it's&select=id`, token)).json).toEqual([]);
    }
  });

  it('pages of a list are one statement: limit and offset are parameters too', async () => {
    const token = DEMO_SERVICE_ROLE_KEY;
    expect((await get('notes?select=id&order=id&limit=1&offset=1', token)).json).toEqual([{ id: 2 }]);
    const before = namedStatements();
    for (let offset = 0; offset < 3; offset++) {
      expect((await get(`notes?select=id&order=id&limit=1&offset=${offset}`, token)).json).toEqual([{ id: offset + 1 }]);
    }
    expect((await get('notes?select=id&order=id&limit=2&offset=1', token)).json).toEqual([{ id: 2 }, { id: 3 }]);
    // offset=0 is no OFFSET at all: the first page is the one other statement.
    expect(namedStatements()).toBe(before + 1);
    const ranged = await get('notes?select=id&order=id', token, { Range: '1-2' });
    expect(ranged.json).toEqual([{ id: 2 }, { id: 3 }]);
    expect(ranged.headers.get('content-range')).toBe('1-2/*');
  });

  it('a value the server refuses fails that request only, on a new shape and on a known one', async () => {
    const token = DEMO_SERVICE_ROLE_KEY;
    // A shape never run before whose first value is refused (the statement parses, its parameter does not):
    // the next request of that shape must neither re-prepare it nor miss it.
    for (let i = 0; i < ROUNDS; i++) {
      const bad = await get('notes?id=gt.abc&select=id', token);
      expect(bad.status).toBe(400);
      expect(bad.json.code).toBe('22P02');
      expect((await get('notes?id=gt.2&select=id', token)).json).toEqual([{ id: 3 }]);
    }
    // A statement the server cannot parse at all answers the same error every time.
    for (let i = 0; i < 3; i++) {
      const res = await get('notes?body=cs.{x}&select=id', token);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('42883');
    }
  });

  it('a migration that changes a column\'s type retires the prepared statements (schema reload)', async () => {
    await withDb((c) => c.query(`create table ${S}.codes (id int primary key, code int); insert into ${S}.codes values (1, 7);
      grant select on ${S}.codes to service_role; notify pgrst, 'reload schema'`));
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < ROUNDS; i++) expect((await get('codes?code=eq.7&select=id', DEMO_SERVICE_ROLE_KEY)).json).toEqual([{ id: 1 }]);
    // The parameter of `code = $1` was inferred as int when the statement was prepared.
    await withDb((c) => c.query(`alter table ${S}.codes alter column code type text using 'c' || code; notify pgrst, 'reload schema'`));
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < ROUNDS; i++) {
      const res = await get('codes?code=eq.c7&select=id', DEMO_SERVICE_ROLE_KEY);
      expect(res.json).toEqual([{ id: 1 }]);
    }
  });

  it('a value with a NUL byte is refused before it reaches the server', async () => {
    const res = await get('notes?body=eq.a%00b&select=id', DEMO_SERVICE_ROLE_KEY);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('PGRST100');
  });
});
