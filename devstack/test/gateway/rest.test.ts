// /rest/v1 driven through the real supabase-js: reads, embedding, filters, paging, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, compatSchemaSql, raw, startTestGateway, supabase, asUser, withDb } from './helpers.ts';
import { signJwt } from '../../src/gateway/jwt.ts';

const S = 'compat_rest';
let gw: { url: string; close(): Promise<void> };
let db: SupabaseClient<any, any, any>;

beforeAll(async () => {
  await withDb((c) => c.query(compatSchemaSql(S)));
  gw = await startTestGateway({ extraSchemas: [S] });
  db = supabase(gw.url, DEMO_ANON_KEY, S);
});
afterAll(async () => { await gw?.close(); });

describe('select', () => {
  it('reads columns, aliases, casts and JSON paths', async () => {
    const { data, error } = await db.from('tenants')
      .select('id, label:name, seats::text, color:settings->theme->>color, theme:settings->theme')
      .eq('id', 1);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1, label: 'Alpha', seats: '5', color: 'red', theme: { color: 'red' } }]);
  });

  it('embeds to-one as an object or null and to-many as an array ([] when empty)', async () => {
    const { data, error } = await db.from('users').select('email, tenants(name), profiles(bio), orders!customer_id(total)').order('id');
    expect(error).toBeNull();
    expect(data![0]).toEqual({ email: 'a1@x.io', tenants: { name: 'Alpha' }, profiles: { bio: 'boss' }, orders: [{ total: 10.5 }] });
    expect(data![2].profiles).toBeNull();
    const { data: t } = await db.from('tenants').select('name, users(email)').eq('name', 'Gamma');
    expect(t).toEqual([{ name: 'Gamma', users: [] }]);
  });

  it('follows hints by FK name and by column, nests, and embeds many-to-many', async () => {
    const { data, error } = await db.from('orders')
      .select('id, customer:users!orders_customer_id_fkey(email, tenants(name)), courier:users!courier_id(email)')
      .order('id');
    expect(error).toBeNull();
    expect(data![0]).toEqual({ id: 1, customer: { email: 'a1@x.io', tenants: { name: 'Alpha' } }, courier: { email: 'a2@x.io' } });
    expect(data![2].courier).toBeNull();
    const byColumn = await db.from('orders').select('id, customer_id(email), courier:users!courier_id!left(email)').eq('id', 2);
    expect(byColumn.data).toEqual([{ id: 2, customer_id: { email: 'a2@x.io' }, courier: { email: 'a1@x.io' } }]);
    const { data: f } = await db.from('tenants').select('name, features(key)').order('id').limit(2);
    expect(f).toEqual([{ name: 'Alpha', features: [{ key: 'sso' }, { key: 'api' }] }, { name: 'Beta', features: [{ key: 'api' }] }]);
  });

  it('orders, limits and filters embedded rows without filtering parents; !inner filters parents', async () => {
    const { data } = await db.from('tenants').select('name, orders(id)').order('id', { referencedTable: 'orders', ascending: false })
      .limit(1, { referencedTable: 'orders' }).eq('orders.status', 'new').order('id').limit(2);
    expect(data).toEqual([{ name: 'Alpha', orders: [{ id: 1 }] }, { name: 'Beta', orders: [{ id: 3 }] }]);
    const { data: inner } = await db.from('tenants').select('name, orders!inner(id)').eq('orders.status', 'done');
    expect(inner).toEqual([{ name: 'Alpha', orders: [{ id: 2 }] }]);
    const { data: notNull } = await db.from('tenants').select('name, orders(id)').not('orders', 'is', null).eq('orders.status', 'new').order('id');
    expect(notNull!.map((r: any) => r.name)).toEqual(['Alpha', 'Beta']);
  });

  it('orders parents by a to-one column and spreads a to-one embed', async () => {
    const { data } = await db.from('orders').select('id, tenants(name)').order('tenants(name)', { ascending: false }).order('id');
    expect(data!.map((r: any) => r.id)).toEqual([3, 1, 2]);
    const { data: spread } = await db.from('orders').select('id, ...tenants(tenant_name:name)').eq('id', 3);
    expect(spread).toEqual([{ id: 3, tenant_name: 'Beta' }]);
  });

  it('applies RLS to embedded and top-level rows', async () => {
    const uid = '11111111-1111-4111-8111-111111111111';
    await withDb((c) => c.query(`insert into ${S}.notes (owner, body) values ($1, 'mine'), ('22222222-2222-4222-8222-222222222222', 'theirs')`, [uid]));
    const token = signJwt({ sub: uid, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, DEMO_JWT_SECRET);
    const user = supabase(gw.url, DEMO_ANON_KEY, S);
    const signedIn = asUser(gw.url, token, S);
    const { data } = await signedIn.from('notes').select('body');
    expect(data).toEqual([{ body: 'mine' }]);
    const { data: anonNotes, error } = await user.from('notes').select('body');
    expect(error).toBeNull();
    expect(anonNotes).toEqual([]);
    // Embedded rows go through the same policies.
    const embedded = await signedIn.from('tenants').select('name, notes(body)').eq('id', 1);
    expect(embedded.data).toEqual([{ name: 'Alpha', notes: [{ body: 'mine' }] }]);
    const embeddedAnon = await user.from('tenants').select('name, notes(body)').eq('id', 1);
    expect(embeddedAnon.data).toEqual([{ name: 'Alpha', notes: [] }]);
    const inner = await user.from('tenants').select('name, notes!inner(body)');
    expect(inner.data).toEqual([]);
  });

  it('answers PGRST200 for a missing and PGRST201 for an ambiguous relationship', async () => {
    const missing = await db.from('tenants').select('name, features_nope(key)');
    expect(missing.error?.code).toBe('PGRST200');
    expect(missing.status).toBe(400);
    const ambiguous = await db.from('orders').select('id, users(email)');
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error?.code).toBe('PGRST201');
    expect(ambiguous.error?.hint).toContain("'users!orders_customer_id_fkey'");
  });

  it('applies or= inside an embed and reads views', async () => {
    const { data } = await db.from('tenants').select('name, orders(id)').or('status.eq.done,total.lt.8', { referencedTable: 'orders' }).in('id', [1, 2]).order('id');
    expect(data).toEqual([{ name: 'Alpha', orders: [{ id: 2 }] }, { name: 'Beta', orders: [{ id: 3 }] }]);
    const view = await db.from('big_orders').select('id, total').order('id');
    expect(view.data).toEqual([{ id: 1, total: 10.5 }, { id: 2, total: 20 }]);
  });

  it('refuses absurdly deep embedding and logic without crashing', async () => {
    const deep = await raw(`${gw.url}/rest/v1/tenants?select=${'users('.repeat(40)}id${')'.repeat(40)}`, { headers: { 'Accept-Profile': S } });
    expect(deep.status).toBe(400);
    expect(deep.json.code).toBe('PGRST100');
    const logic = await raw(`${gw.url}/rest/v1/tenants?or=(${'and('.repeat(60)}id.eq.1${')'.repeat(60)})`, { headers: { 'Accept-Profile': S } });
    expect(logic.status).toBe(400);
  });

  it('rejects a filter on an embed that is not selected (PGRST108)', async () => {
    const { error, status } = await db.from('tenants').select('name').eq('orders.status', 'new');
    expect(status).toBe(400);
    expect(error?.code).toBe('PGRST108');
  });
});

describe('filters', () => {
  const names = async (q: any) => {
    const { data, error } = await q.order('id');
    expect(error).toBeNull();
    return data.map((r: any) => r.name);
  };
  const t = () => db.from('tenants').select('name');

  it('compares, matches patterns and lists', async () => {
    expect(await names(t().eq('plan', 'pro'))).toEqual(['Alpha', 'Gamma']);
    expect(await names(t().neq('plan', 'pro'))).toEqual(['Beta']);
    expect(await names(t().gt('seats', 2).lte('seats', 5))).toEqual(['Alpha', 'Delta laundry']);
    expect(await names(t().gte('seats', 5).lt('seats', 9))).toEqual(['Alpha']);
    expect(await names(t().like('name', '%ta%'))).toEqual(['Beta', 'Delta laundry']);
    expect(await names(t().ilike('name', 'a%'))).toEqual(['Alpha']);
    expect(await names(t().in('name', ['Alpha', 'Delta laundry', 'x,y']))).toEqual(['Alpha', 'Delta laundry']);
    expect(await names(t().is('plan', null))).toEqual(['Delta laundry']);
    expect(await names(t().not('plan', 'is', null).not('name', 'in', '(Alpha,Beta)'))).toEqual(['Gamma']);
  });

  it('handles arrays, JSON, full-text search and logic trees', async () => {
    expect(await names(t().contains('tags', ['b']))).toEqual(['Alpha', 'Beta']);
    expect(await names(t().containedBy('tags', ['a', 'b']))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(await names(t().overlaps('tags', ['a', 'c']))).toEqual(['Alpha', 'Delta laundry']);
    expect(await names(t().contains('settings', { seats: 2 }))).toEqual(['Beta']);
    expect(await names(t().eq('settings->theme->>color', 'red'))).toEqual(['Alpha']);
    expect(await names(t().textSearch('search', 'laundry'))).toEqual(['Delta laundry']);
    expect(await names(t().textSearch('search', 'delta laundry', { type: 'plain', config: 'english' }))).toEqual(['Delta laundry']);
    expect(await names(t().textSearch('search', 'alpha pro', { type: 'phrase' }))).toEqual(['Alpha']);
    expect(await names(t().or('name.eq.Beta,and(plan.eq.pro,seats.gt.6)'))).toEqual(['Beta', 'Gamma']);
    expect(await names(t().or('name.eq."Delta laundry",name.ilike.*amm*'))).toEqual(['Gamma', 'Delta laundry']);
    expect(await names(t().not('name', 'eq', 'Alpha').or('seats.eq.2,seats.eq.5'))).toEqual(['Beta']);
  });

  it('ANDs a repeated key (Refine between)', async () => {
    const res = await raw(`${gw.url}/rest/v1/tenants?select=name&seats=gte.2&seats=lte.3&order=id`, { headers: { 'Accept-Profile': S } });
    expect(res.json).toEqual([{ name: 'Beta' }, { name: 'Delta laundry' }]);
  });

  it('rejects malformed filters with PGRST100, never 500', async () => {
    const bad = ['id=zz.1', 'id=eq', 'id=in.1,2', 'or=(id.eq.1', 'or=(id.eq.1,)', 'name=is.maybe', 'select=id(((', 'order=id.sideways',
      'limit=-1', 'offset=x', 'or=name.eq.a', 'select=,', 'id=not.in.1,2', 'and=()', 'or=(name.ilike.%a%,name.startswith.a)'];
    for (const q of bad) {
      const res = await raw(`${gw.url}/rest/v1/tenants?${q}`, { headers: { 'Accept-Profile': S } });
      expect(res.status, q).toBe(400);
      expect(res.json.code, q).toBe('PGRST100');
      expect(res.headers.get('proxy-status'), q).toBe('PostgREST; error=PGRST100');
    }
  });

  it('passes database errors for unknown columns and bad values through as 400', async () => {
    const unknown = await db.from('tenants').select('nope');
    expect(unknown.status).toBe(400);
    expect(unknown.error?.code).toBe('42703');
    const badValue = await db.from('tenants').select('name').eq('id', 'abc');
    expect(badValue.status).toBe(400);
    expect(badValue.error?.code).toBe('22P02');
  });
});

describe('paging and counting', () => {
  it('sends Content-Range with counts and 206 for partial pages', async () => {
    const { data, count, status } = await db.from('tenants').select('id', { count: 'exact' }).order('id').range(1, 2);
    expect(data).toEqual([{ id: 2 }, { id: 3 }]);
    expect(count).toBe(4);
    expect(status).toBe(206);
    const res = await raw(`${gw.url}/rest/v1/tenants?select=id&limit=2`, { headers: { 'Accept-Profile': S, Prefer: 'count=exact' } });
    expect(res.headers.get('content-range')).toBe('0-1/4');
    const none = await raw(`${gw.url}/rest/v1/tenants?select=id&name=eq.none`, { headers: { 'Accept-Profile': S, Prefer: 'count=exact' } });
    expect(none.headers.get('content-range')).toBe('*/0');
    expect(none.status).toBe(200);
    const noCount = await raw(`${gw.url}/rest/v1/tenants?select=id&limit=2`, { headers: { 'Accept-Profile': S } });
    expect(noCount.headers.get('content-range')).toBe('0-1/*');
    expect(noCount.headers.get('access-control-expose-headers')).toContain('Content-Range');
  });

  it('honours planned/estimated counts, head requests and the Range header', async () => {
    // planned is the planner's estimate (PostgREST reads EXPLAIN); estimated is exact up to max_rows (1000).
    const { count, data } = await db.from('tenants').select('*', { count: 'planned', head: true });
    expect(count).toBeGreaterThan(0);
    expect(data).toBeNull();
    const estimated = await db.from('tenants').select('*', { count: 'estimated', head: true });
    expect(estimated.count).toBe(4);
    const ranged = await raw(`${gw.url}/rest/v1/tenants?select=id&order=id`, { headers: { 'Accept-Profile': S, Range: '1-2' } });
    expect(ranged.json).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('answers 416 PGRST103 past the end', async () => {
    const { error, status } = await db.from('tenants').select('id', { count: 'exact' }).range(10, 12);
    expect(status).toBe(416);
    expect(error?.code).toBe('PGRST103');
  });
});

describe('media types', () => {
  it('single() returns one object or 406 PGRST116; maybeSingle() null', async () => {
    const one = await db.from('tenants').select('name').eq('id', 2).single();
    expect(one.data).toEqual({ name: 'Beta' });
    const none = await db.from('tenants').select('name').eq('id', 999).single();
    expect(none.status).toBe(406);
    expect(none.error?.code).toBe('PGRST116');
    expect(none.error?.details).toBe('The result contains 0 rows');
    const many = await db.from('tenants').select('name').single();
    expect(many.error?.code).toBe('PGRST116');
    const maybe = await db.from('tenants').select('name').eq('id', 999).maybeSingle();
    expect(maybe.error).toBeNull();
    expect(maybe.data).toBeNull();
  });

  it('csv() returns text/csv with quoting', async () => {
    const { data, error } = await db.from('orders').select('id,note,total').order('id').csv();
    expect(error).toBeNull();
    // PostgreSQL's text output, as PostgREST writes it: numeric(14,3) keeps its scale.
    expect(data).toBe('id,note,total\n1,first,10.500\n2,,20.000\n3,"x, ""quoted""",7.250');
  });

  it('refuses an unknown Accept with 406', async () => {
    const res = await raw(`${gw.url}/rest/v1/tenants`, { headers: { 'Accept-Profile': S, Accept: 'application/xml' } });
    expect(res.status).toBe(406);
    expect(res.json.code).toBe('PGRST107');
  });
});

describe('schemas, tokens and errors', () => {
  it('switches schema with Accept-Profile and rejects unexposed schemas (PGRST106)', async () => {
    const { error, status } = await supabase(gw.url, DEMO_ANON_KEY, 'auth').from('users').select('id');
    expect(status).toBe(406);
    expect(error?.code).toBe('PGRST106');
    expect(error?.message).toContain(S);
  });

  it('answers 42P01 (as PostgREST 12 does) for an unknown table and picks up new tables', async () => {
    const { error, status } = await db.from('later').select('*');
    expect(status).toBe(404);
    expect(error).toMatchObject({ code: '42P01', message: `relation "${S}.later" does not exist`, details: null, hint: null });
    await withDb((c) => c.query(`create table ${S}.later (id int); grant select on ${S}.later to anon; insert into ${S}.later values (1)`));
    await new Promise((r) => setTimeout(r, 600));
    const again = await db.from('later').select('*');
    expect(again.data).toEqual([{ id: 1 }]);
  });

  it('reloads the schema cache on NOTIFY pgrst (new relationships)', async () => {
    await withDb((c) => c.query(`alter table ${S}.profiles add column feature_id bigint references ${S}.features(id)`));
    const before = await db.from('features').select('key, profiles(bio)');
    expect(before.error?.code).toBe('PGRST200');
    await withDb((c) => c.query(`notify pgrst, 'reload schema'`));
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await db.from('features').select('key, profiles(bio)')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('refuses writes to an unexposed schema via Content-Profile', async () => {
    const res = await raw(`${gw.url}/rest/v1/tenants`, { method: 'POST', body: '{}', headers: { 'Content-Profile': 'private', 'Content-Type': 'application/json' } });
    expect(res.status).toBe(406);
    expect(res.json.code).toBe('PGRST106');
  });

  it('rejects bad, expired and missing tokens with 401', async () => {
    const bad = await raw(`${gw.url}/rest/v1/tenants`, { headers: { 'Accept-Profile': S, Authorization: 'Bearer not.a.jwt' } });
    expect(bad.status).toBe(401);
    expect(bad.json.code).toBe('PGRST301');
    const forged = signJwt({ role: 'service_role' }, 'another-secret-another-secret-another-secret');
    const wrongSig = await raw(`${gw.url}/rest/v1/tenants`, { headers: { 'Accept-Profile': S, Authorization: `Bearer ${forged}` } });
    expect(wrongSig.json.code).toBe('PGRST301');
    const expired = signJwt({ role: 'authenticated', exp: 1000 }, DEMO_JWT_SECRET);
    const exp = await raw(`${gw.url}/rest/v1/tenants`, { headers: { 'Accept-Profile': S, Authorization: `Bearer ${expired}` } });
    expect(exp.status).toBe(401);
    expect(exp.json.code).toBe('PGRST303');
    expect(exp.headers.get('www-authenticate')).toContain('invalid_token');
    const none = await fetch(`${gw.url}/rest/v1/tenants`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'No API key found in request' });
    const unknownKey = await fetch(`${gw.url}/rest/v1/tenants`, { headers: { apikey: forged } });
    expect(unknownKey.status).toBe(401);
    const keyInQuery = await fetch(`${gw.url}/rest/v1/tenants?apikey=${DEMO_ANON_KEY}&select=id&id=eq.1`, { headers: { 'Accept-Profile': S } });
    expect(await keyInQuery.json()).toEqual([{ id: 1 }]);
  });

  it('refuses a token once it expires, also after it was accepted (verified tokens are remembered)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = signJwt({ role: 'authenticated', exp }, DEMO_JWT_SECRET);
    const headers = { 'Accept-Profile': S, Authorization: `Bearer ${token}` };
    expect((await raw(`${gw.url}/rest/v1/tenants?select=id&limit=1`, { headers })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));
    const after = await raw(`${gw.url}/rest/v1/tenants?select=id&limit=1`, { headers });
    expect(after.status).toBe(401);
    expect(after.json.code).toBe('PGRST303');
  });

  it('refuses a remembered token whose signature was changed (the cache is keyed by the whole token)', async () => {
    const token = signJwt({ role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, DEMO_JWT_SECRET);
    const url = `${gw.url}/rest/v1/tenants?select=id&limit=1`;
    expect((await raw(url, { headers: { 'Accept-Profile': S, Authorization: `Bearer ${token}` } })).status).toBe(200);
    const [header, payload, signature] = token.split('.');
    // Same header and claims, another signature: a flipped first character (the last one carries two
    // padding bits, so changing only those leaves the same bytes), then one from another secret.
    const flipped = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const foreign = signJwt({ role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, 'another-secret-of-at-least-32-characters');
    for (const forged of [flipped, foreign]) {
      const res = await raw(url, { headers: { 'Accept-Profile': S, Authorization: `Bearer ${forged}` } });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('PGRST301');
    }
  });

  it('sends complete bodies with Content-Length, not chunked (answers and errors)', async () => {
    for (const path of ['tenants?select=id,name&order=id', 'tenants?select=nope']) {
      const res = await fetch(`${gw.url}/rest/v1/${path}`, { headers: { apikey: DEMO_ANON_KEY, 'Accept-Profile': S } });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('transfer-encoding')).toBeNull();
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
    }
  });

  it('maps permission errors to 401 for anon and 403 for users', async () => {
    const anon = await db.from('locked').select('*');
    expect(anon.status).toBe(401);
    expect(anon.error?.code).toBe('42501');
    const token = signJwt({ sub: '33333333-3333-4333-8333-333333333333', role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, DEMO_JWT_SECRET);
    const user = await asUser(gw.url, token, S).from('locked').select('*');
    expect(user.status).toBe(403);
  });

  it('answers CORS preflights', async () => {
    const res = await fetch(`${gw.url}/rest/v1/tenants`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:3001', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'apikey, prefer, range' } });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-headers')).toBe('apikey, prefer, range');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
  });

  it('keeps serving after a burst of malformed requests', async () => {
    const junk = ['%', 'select=%E0%A4%A', 'id=eq.%00', 'a'.repeat(10000) + '=eq.1', 'order=', 'limit=99999999999999999999'];
    for (const q of junk) {
      const res = await raw(`${gw.url}/rest/v1/tenants?${q}`, { headers: { 'Accept-Profile': S } });
      expect(res.status, q).toBeGreaterThanOrEqual(200);
      expect(res.status, q).toBeLessThan(500);
    }
    const bad = await raw(`${gw.url}/rest/v1/%E0%A4%A`, { headers: { 'Accept-Profile': S } });
    expect(bad.status).toBeLessThan(500);
    const { data } = await db.from('tenants').select('id').eq('id', 1);
    expect(data).toEqual([{ id: 1 }]);
  });
});
