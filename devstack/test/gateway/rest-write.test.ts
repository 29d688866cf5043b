// /rest/v1 writes and RPC through supabase-js, and Refine's dataProvider unmodified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { dataProvider } from '@refinedev/supabase';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, compatSchemaSql, raw, startTestGateway, supabase, asUser, withDb } from './helpers.ts';
import { signJwt } from '../../src/gateway/jwt.ts';

const S = 'compat_write';
let gw: { url: string; close(): Promise<void> };
let db: SupabaseClient<any, any, any>;
let anon: SupabaseClient<any, any, any>;

beforeAll(async () => {
  await withDb((c) => c.query(compatSchemaSql(S)));
  gw = await startTestGateway({ extraSchemas: [S] });
  db = supabase(gw.url, DEMO_SERVICE_ROLE_KEY, S);
  anon = supabase(gw.url, DEMO_ANON_KEY, S);
});
afterAll(async () => { await gw?.close(); });

describe('insert / upsert', () => {
  it('inserts one row (201) and returns it with select()', async () => {
    const { data, error, status } = await db.from('features').insert({ key: 'w1' }).select('id, key').single();
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data!.key).toBe('w1');
    const embedded = await db.from('orders').insert({ tenant_id: 2, total: 1 }).select('id, total, tenants(name)').single();
    expect(embedded.data).toEqual({ id: expect.any(Number), total: 1, tenants: { name: 'Beta' } });
    expect((await db.from('orders').delete().eq('id', embedded.data!.id)).status).toBe(204);
    const minimal = await db.from('features').insert({ key: 'w2' });
    expect(minimal.status).toBe(201);
    expect(minimal.data).toBeNull();
  });

  it('bulk-inserts with columns= and missing=default', async () => {
    const { data, error } = await db.from('tenants').insert([{ name: 'W-A', seats: 4 }, { name: 'W-B' }], { defaultToNull: false }).select('name, seats, plan');
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'W-A', seats: 4, plan: 'basic' }, { name: 'W-B', seats: 1, plan: 'basic' }]);
    const nulls = await db.from('tenants').insert([{ name: 'W-C', seats: 4 }, { name: 'W-D' }]).select('name, seats');
    expect(nulls.data).toEqual([{ name: 'W-C', seats: 4 }, { name: 'W-D', seats: null }]);
  });

  it('upserts with merge-duplicates and ignore-duplicates on a chosen conflict column', async () => {
    const merged = await db.from('tenants').upsert({ name: 'Alpha', seats: 50 }, { onConflict: 'name' }).select('name, seats');
    expect(merged.data).toEqual([{ name: 'Alpha', seats: 50 }]);
    const ignored = await db.from('tenants').upsert({ name: 'Alpha', seats: 70 }, { onConflict: 'name', ignoreDuplicates: true }).select('name');
    expect(ignored.data).toEqual([]);
    const { data } = await db.from('tenants').select('seats').eq('name', 'Alpha').single();
    expect(data!.seats).toBe(50);
  });

  it('reports constraint violations as PostgREST does', async () => {
    const dup = await db.from('tenants').insert({ name: 'Beta' });
    expect(dup.status).toBe(409);
    expect(dup.error?.code).toBe('23505');
    const fk = await db.from('orders').insert({ tenant_id: 9999 });
    expect(fk.status).toBe(409);
    expect(fk.error?.code).toBe('23503');
    const notNull = await db.from('tenants').insert({ plan: 'x' });
    expect(notNull.status).toBe(400);
    expect(notNull.error?.code).toBe('23502');
    const viewUpsert = await db.from('big_orders').upsert({ id: 1, total: 11 });
    expect(viewUpsert.status).toBe(400);
    expect(viewUpsert.error?.code).toBe('42P10');
    const unknown = await db.from('tenants').insert({ name: 'x', nope: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.error?.code).toBe('PGRST204');
  });

  it('rejects bad bodies with PGRST102 and oversized bodies with 413', async () => {
    const h = { 'Content-Profile': S, 'Content-Type': 'application/json', Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}` };
    for (const body of ['{bad', '', '42', '[1,2]', 'null', '[{"name":"a"},{"plan":"b"}]']) {
      const res = await raw(`${gw.url}/rest/v1/tenants`, { method: 'POST', headers: h, body });
      expect(res.status, body).toBe(400);
      expect(res.json.code, body).toBe('PGRST102');
    }
    const big = await raw(`${gw.url}/rest/v1/tenants`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    const ok = await db.from('tenants').select('id').eq('id', 1);
    expect(ok.data).toEqual([{ id: 1 }]);
  });

  it('applies RLS with-check on insert as the user', async () => {
    const uid = '44444444-4444-4444-8444-444444444444';
    const token = signJwt({ sub: uid, role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, DEMO_JWT_SECRET);
    const user = asUser(gw.url, token, S);
    const ok = await user.from('notes').insert({ body: 'hello' }).select('owner, body').single();
    expect(ok.data).toEqual({ owner: uid, body: 'hello' });
    const refused = await user.from('notes').insert({ body: 'x', owner: '55555555-5555-4555-8555-555555555555' });
    expect(refused.status).toBe(403);
    expect(refused.error?.code).toBe('42501');
  });
});

describe('update / delete', () => {
  it('patches with filters: 200 with representation, 204 without', async () => {
    const rep = await db.from('tenants').update({ plan: 'enterprise' }).eq('name', 'Gamma').select('name, plan');
    expect(rep.status).toBe(200);
    expect(rep.data).toEqual([{ name: 'Gamma', plan: 'enterprise' }]);
    const min = await db.from('tenants').update({ seats: 10 }).eq('name', 'Gamma');
    expect(min.status).toBe(204);
    expect(min.data).toBeNull();
  });

  it('refuses filter-less update and delete', async () => {
    const upd: any = await db.from('features').update({ key: 'x' });
    expect(upd.status).toBe(400);
    expect(upd.error?.message).toBe('UPDATE requires a WHERE clause');
    const del = await raw(`${gw.url}/rest/v1/features`, { method: 'DELETE', headers: { 'Content-Profile': S, Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}` } });
    expect(del.status).toBe(400);
    expect(del.json.message).toBe('DELETE requires a WHERE clause');
  });

  it('deletes with representation and rolls back single() on the wrong row count', async () => {
    await db.from('features').insert([{ key: 'd1' }, { key: 'd2' }]);
    const many = await db.from('features').delete().in('key', ['d1', 'd2']).select().single();
    expect(many.status).toBe(406);
    const still = await db.from('features').select('key').in('key', ['d1', 'd2']);
    expect(still.data).toHaveLength(2);
    const del = await db.from('features').delete().eq('key', 'd1').select('key');
    expect(del.data).toEqual([{ key: 'd1' }]);
    const gone = await db.from('features').delete().eq('key', 'd2');
    expect(gone.status).toBe(204);
  });

  it('honours Prefer tx=rollback and max-affected', async () => {
    const res = await raw(`${gw.url}/rest/v1/tenants?name=eq.Beta`, {
      method: 'PATCH', body: JSON.stringify({ seats: 99 }),
      headers: { 'Content-Profile': S, 'Content-Type': 'application/json', Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}`, Prefer: 'return=representation, tx=rollback' },
    });
    expect(res.json).toEqual([expect.objectContaining({ seats: 99 })]);
    const { data } = await db.from('tenants').select('seats').eq('name', 'Beta').single();
    expect(data!.seats).toBe(2);
    const strict = await (db.from('tenants').update({ seats: 3 }).gt('id', 0) as any).maxAffected(1);
    expect(strict.status).toBe(400);
    expect(strict.error?.code).toBe('PGRST124');
  });

  it('refuses writes on a GET (read-only transaction) with 405', async () => {
    const { error, status } = await db.rpc('bump', { t: 1 }, { get: true });
    expect(status).toBe(405);
    expect(error?.code).toBe('25006');
  });
});

describe('rpc', () => {
  it('calls scalar, set-returning and composite functions', async () => {
    expect((await anon.rpc('add', { a: 1, b: 2 })).data).toBe(3);
    expect((await anon.rpc('add', { a: 1, b: 2, c: 3 })).data).toBe(6);
    expect((await anon.rpc('numbers', { n: 3 })).data).toEqual([1, 2, 3]);
    expect((await anon.rpc('sum_all', { vals: [1, 2, 3] })).data).toBe(6);
    expect((await anon.rpc('echo', { any: ['thing'] })).data).toEqual({ any: ['thing'] });
    const set = await anon.rpc('tenants_by_plan', { p: 'basic' }).select('name').order('name');
    expect(set.data).toEqual([{ name: 'Beta' }, { name: 'W-A' }, { name: 'W-B' }, { name: 'W-C' }, { name: 'W-D' }]);
    const first = await anon.rpc('first_tenant');
    expect(first.data.name).toBe('Alpha');
    const got = await anon.rpc('add', { a: 2, b: 5 }, { get: true });
    expect(got.data).toBe(7);
    const counted = await anon.rpc('tenants_by_plan', { p: 'basic' }, { count: 'exact' }).select('name').limit(1);
    expect(counted.count).toBe(5);
    expect(counted.data).toHaveLength(1);
  });

  it('sets role, claims, method, path and headers for the request', async () => {
    const uid = '66666666-6666-4666-8666-666666666666';
    const token = signJwt({ sub: uid, role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 }, DEMO_JWT_SECRET);
    const { data } = await asUser(gw.url, token, S).rpc('whoami');
    expect(data).toMatchObject({ role: 'authenticated', uid, method: 'POST', path: '/rpc/whoami' });
    expect(data.client).toMatch(/^supabase-js/);
    const anonData = (await anon.rpc('whoami')).data;
    expect(anonData.role).toBe('anon');
    expect(anonData.uid).toBeNull();
  });

  it('answers 204 for void functions and maps raised errors', async () => {
    const v = await db.rpc('touch');
    expect((await anon.rpc('touch')).status).toBe(401);
    expect(v.status).toBe(204);
    expect(v.error).toBeNull();
    const pt = await anon.rpc('fail', { code: 'PT409' });
    expect(pt.status).toBe(409);
    expect(pt.error).toMatchObject({ code: 'PT409', message: 'failed on purpose', details: 'illegal.transition', hint: 'allowed: ready' });
    const p1 = await anon.rpc('fail', { code: 'P0001' });
    expect(p1.status).toBe(400);
    const missing = await anon.rpc('nope', { x: 1 });
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');
    const wrongArgs = await anon.rpc('add', { a: 1, zzz: 2 });
    expect(wrongArgs.error?.code).toBe('PGRST202');
    const badType = await anon.rpc('add', { a: 'one', b: 2 });
    expect(badType.status).toBe(400);
  });
});

describe('Refine dataProvider (@refinedev/supabase 6)', () => {
  const provider = () => dataProvider(supabase(gw.url, DEMO_SERVICE_ROLE_KEY, S) as any);

  it('getList with filters, sorters, pagination and meta.select', async () => {
    const res = await provider().getList({
      resource: 'orders',
      pagination: { currentPage: 1, pageSize: 2, mode: 'server' } as any,
      filters: [{ field: 'total', operator: 'between', value: [5, 25] }, { field: 'status', operator: 'ne', value: 'void' }],
      sorters: [{ field: 'total', order: 'desc' }],
      meta: { select: 'id, total, tenants(name)' },
    });
    expect(res.total).toBe(3);
    expect(res.data).toEqual([{ id: 2, total: 20, tenants: { name: 'Alpha' } }, { id: 1, total: 10.5, tenants: { name: 'Alpha' } }]);
    const nested = await provider().getList({
      resource: 'tenants', meta: { select: 'name, orders(id)' }, filters: [{ field: 'id', operator: 'eq', value: 1 }],
      sorters: [{ field: 'orders.id', order: 'desc' }],
    });
    expect(nested.data).toEqual([{ name: 'Alpha', orders: [{ id: 2 }, { id: 1 }] }]);
    const page2 = await provider().getList({ resource: 'orders', pagination: { currentPage: 2, pageSize: 2, mode: 'server' } as any, sorters: [{ field: 'id', order: 'asc' }] });
    expect(page2.data.map((r: any) => r.id)).toEqual([3]);
    const search = await provider().getList({
      resource: 'tenants',
      filters: [{ operator: 'or', value: [{ field: 'name', operator: 'contains', value: 'alp' }, { field: 'name', operator: 'eq', value: 'Beta' }] },
        { field: 'tags', operator: 'ina', value: ['b'] }, { field: 'note', operator: 'null', value: true } as any].slice(0, 2),
      sorters: [{ field: 'name', order: 'asc' }],
    });
    expect(search.data.map((r: any) => r.name)).toEqual(['Alpha', 'Beta']);
  });

  it('getList surfaces a broken filter as an error, not a crash', async () => {
    await expect(provider().getList({ resource: 'tenants', filters: [{ field: 'name', operator: 'nin', value: ['a', 'b'] }] }))
      .rejects.toMatchObject({ statusCode: NaN });
  });

  it('getOne, getMany, create, createMany, update, deleteOne', async () => {
    const p = provider();
    expect((await p.getOne({ resource: 'tenants', id: 2 })).data.name).toBe('Beta');
    expect((await p.getMany!({ resource: 'tenants', ids: [1, 2] })).data.map((r: any) => r.name).sort()).toEqual(['Alpha', 'Beta']);
    const created = await p.create({ resource: 'features', variables: { key: 'refine-1' } });
    expect(created.data.key).toBe('refine-1');
    const many = await p.createMany!({ resource: 'features', variables: [{ key: 'refine-2' }, { key: 'refine-3' }] });
    expect(many.data).toHaveLength(2);
    const updated = await p.update({ resource: 'features', id: created.data.id!, variables: { key: 'refine-1b' } });
    expect(updated.data.key).toBe('refine-1b');
    await p.deleteOne({ resource: 'features', id: created.data.id! });
    await expect(p.getOne({ resource: 'features', id: created.data.id! })).resolves.toMatchObject({ data: undefined });
    const after = await p.getList({ resource: 'features', filters: [{ field: 'key', operator: 'startswith', value: 'refine' }] });
    expect(after.total).toBe(2);
  });
});
