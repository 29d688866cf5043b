// PostgREST 12 behaviours beyond the basics (issue 14 §3), driven through supabase-js and raw HTTP:
// aggregates and their setting, embedding by key name / self reference / views, RPC counts and
// max-affected, upsert statuses, quoted columns, planned counts and PostgREST's error wording.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_SERVICE_ROLE_KEY, compatSchemaSql, raw, startTestGateway, supabase, withDb } from './helpers.ts';

const S = 'compat_pgrst';
let gw: { url: string; close(): Promise<void> };
let db: SupabaseClient<any, any, any>;
const rest = (path: string) => `${gw.url}/rest/v1/${path}`;
const svc = { apikey: DEMO_SERVICE_ROLE_KEY, Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}`, 'Accept-Profile': S, 'Content-Profile': S };

const extraSql = `
create table ${S}.folders (id bigint primary key, name text, parent_id bigint constraint folders_parent_fkey references ${S}.folders(id));
insert into ${S}.folders values (1, 'root', null), (2, 'a', 1), (3, 'b', 1), (4, 'a1', 2);
create view ${S}.user_emails as select id, email from ${S}.users;
create table ${S}."odd cols" (id int primary key, "col with space" text);
create function ${S}.users_like(pattern text) returns setof ${S}.users language sql volatile as $$ select * from ${S}.users where email like pattern $$;
create function ${S}.tenant_orders(${S}.tenants) returns setof ${S}.orders language sql stable as $$ select * from ${S}.orders where tenant_id = $1.id order by id $$;
create function ${S}.tenant_head(${S}.tenants) returns ${S}.users language sql stable as $$ select * from ${S}.users where tenant_id = $1.id order by id limit 1 $$;
create function ${S}.tenant_writes(${S}.tenants) returns setof ${S}.orders language sql volatile as $$ update ${S}.orders set total = total where tenant_id = $1.id returning * $$;
create function ${S}.unnamed_text(text) returns text language sql immutable as $$ select $1 $$;
create function ${S}.unnamed_xml(xml) returns xml language sql immutable as $$ select $1 $$;
create function ${S}.unnamed_bytea(bytea) returns bytea language sql immutable as $$ select $1 $$;
create function ${S}.same_args(arg int) returns int language sql immutable as $$ select arg $$;
create function ${S}.same_args(arg text) returns text language sql immutable as $$ select arg $$;
grant all on all tables in schema ${S} to anon, authenticated, service_role;
grant execute on all functions in schema ${S} to anon, authenticated, service_role;
`;

async function setAggregates(on: boolean) {
  await withDb((c) => c.query(`${on ? `alter role authenticator in database ${'postgres'} set pgrst.db_aggregates_enabled = 'true'`
    : `alter role authenticator in database postgres reset pgrst.db_aggregates_enabled`}; notify pgrst, 'reload config'`));
  await new Promise((r) => setTimeout(r, 700));
}

beforeAll(async () => {
  await withDb((c) => c.query(compatSchemaSql(S) + extraSql));
  gw = await startTestGateway({ extraSchemas: [S] });
  db = supabase(gw.url, DEMO_SERVICE_ROLE_KEY, S);
});
afterAll(async () => {
  await withDb((c) => c.query('alter role authenticator in database postgres reset pgrst.db_aggregates_enabled; alter role authenticator in database postgres reset pgrst.db_plan_enabled')).catch(() => {});
  await gw?.close();
});

describe('aggregates', () => {
  it('are refused with PGRST123 while the setting is off (Supabase default)', async () => {
    const { error, status } = await db.from('orders').select('total.sum()');
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: 'PGRST123', message: 'Use of aggregate functions is not allowed', details: null, hint: null });
  });

  it('count(), sum(), avg(), min(), max() group by the other columns, on embeds and through spreads', async () => {
    await setAggregates(true);
    try {
      const total = await db.from('orders').select('count(), total.sum(), total.max(), total.min()');
      expect(total.error).toBeNull();
      expect(total.data).toEqual([{ count: 3, sum: 37.75, max: 20, min: 7.25 }]);
      const grouped = await db.from('orders').select('status, n:count(), avg:total.avg()::int').order('status');
      expect(grouped.data).toEqual([{ status: 'done', n: 1, avg: 20 }, { status: 'new', n: 2, avg: 9 }]);
      const embedded = await db.from('tenants').select('name, orders(count(), total.sum())').order('id').limit(2);
      expect(embedded.data).toEqual([{ name: 'Alpha', orders: [{ count: 2, sum: 30.5 }] }, { name: 'Beta', orders: [{ count: 1, sum: 7.25 }] }]);
      const spread = await db.from('orders').select('count(), ...tenants(name)');
      expect(spread.error).toBeNull();
      expect([...spread.data!].sort((x: any, y: any) => x.name.localeCompare(y.name))).toEqual([{ count: 2, name: 'Alpha' }, { count: 1, name: 'Beta' }]);
      const missing = await db.from('orders').select('nope.sum()');
      expect(missing.error).toMatchObject({ code: '42703', message: 'column orders.nope does not exist' });
    } finally {
      await setAggregates(false);
    }
  });
});

describe('embedding', () => {
  it('embeds computed relationships: functions taking the parent row, to-many (setof) and to-one', async () => {
    const { data, error } = await db.from('tenants').select('name, tenant_orders(id), head:tenant_head(email)').eq('id', 1);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Alpha', tenant_orders: [{ id: 1 }, { id: 2 }], head: { email: 'a1@x.io' } }]);
    const inner = await db.from('tenants').select('name, tenant_orders!inner(id)').eq('tenant_orders.status', 'done');
    expect(inner.data).toEqual([{ name: 'Alpha', tenant_orders: [{ id: 2 }] }]);
    const written = await db.from('tenants').update({ seats: 6 }).eq('id', 2).select('name, tenant_orders(id)');
    expect(written.error).toBeNull();
    expect(written.data).toEqual([{ name: 'Beta', tenant_orders: [{ id: 3 }] }]);
  });

  it('embeds by foreign key constraint name as the resource, to-many from the referenced side', async () => {
    const { data, error } = await db.from('users').select('email, as_customer:orders_customer_id_fkey(id), as_courier:orders_courier_id_fkey(id)').eq('id', 1);
    expect(error).toBeNull();
    expect(data).toEqual([{ email: 'a1@x.io', as_customer: [{ id: 1 }], as_courier: [{ id: 2 }] }]);
  });

  it('reads a self-referencing table name as its children, the column as its parent (no false ambiguity)', async () => {
    const { data, error } = await db.from('folders').select('name, folders(name), parent_id(name)').eq('id', 2);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'a', folders: [{ name: 'a1' }], parent_id: { name: 'root' } }]);
    const byKey = await db.from('folders').select('name, folders_parent_fkey(id)').eq('id', 1);
    expect(byKey.data).toEqual([{ name: 'root', folders_parent_fkey: [{ id: 2 }, { id: 3 }] }]);
  });

  it('relates views through the foreign keys of their base tables', async () => {
    const { data, error } = await db.from('orders').select('id, user_emails!customer_id(email)').eq('id', 1);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1, user_emails: { email: 'a1@x.io' } }]);
    const toMany = await db.from('user_emails').select('email, profiles(bio)').eq('id', 1);
    expect(toMany.data).toEqual([{ email: 'a1@x.io', profiles: { bio: 'boss' } }]);
  });

  it('answers as PostgREST 12 for ambiguous embeds, a table embedded twice without alias, and spreads on to-many', async () => {
    const amb = await db.from('users').select('orders(id)');
    expect(amb.status).toBe(300);
    expect(amb.error!.details).toContainEqual({ cardinality: 'one-to-many', embedding: 'users with orders',
      relationship: 'orders_customer_id_fkey using users(id) and orders(customer_id)' });
    const twice = await db.from('orders').select('users!customer_id(email), users!courier_id(email)');
    expect(twice.status).toBe(400);
    expect(twice.error).toMatchObject({ code: '42712', message: 'table name "orders_users_1" specified more than once' });
    const spread = await db.from('tenants').select('id, ...features(key)');
    expect(spread.error).toMatchObject({ code: 'PGRST119', message: "A spread operation on 'features' is not possible",
      details: "'tenants' and 'features' do not form a many-to-one or one-to-one relationship", hint: null });
  });
});

describe('rpc', () => {
  it('feeds text/plain, text/xml and octet-stream bodies to a single unnamed text/xml/bytea parameter, and answers raw', async () => {
    const text = await raw(rest('rpc/unnamed_text'), { method: 'POST', headers: { ...svc, 'Content-Type': 'text/plain', Accept: 'text/plain' }, body: 'unnamed text arg' });
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.text).toBe('unnamed text arg');
    const xml = await raw(rest('rpc/unnamed_xml'), { method: 'POST', headers: { ...svc, 'Content-Type': 'text/xml', Accept: 'text/xml' }, body: '<note><to>Jane</to></note>' });
    expect(xml.text).toBe('<note><to>Jane</to></note>');
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const bin = await fetch(rest('rpc/unnamed_bytea'), { method: 'POST', headers: { ...svc, 'Content-Type': 'application/octet-stream', Accept: 'application/octet-stream' }, body: bytes });
    expect(Buffer.from(await bin.arrayBuffer())).toEqual(bytes);
    const none = await raw(rest('rpc/add'), { method: 'POST', headers: { ...svc, 'Content-Type': 'text/plain' }, body: 'x' });
    expect(none.status).toBe(404);
    expect(none.json).toEqual({ code: 'PGRST202', message: `Could not find the function ${S}.add in the schema cache`,
      details: `Searched for the function ${S}.add with a single unnamed text parameter, but no matches were found in the schema cache.`, hint: null });
  });

  it('answers 300 PGRST203 when two overloads match the argument names', async () => {
    const res = await raw(rest('rpc/same_args?arg=1'), { headers: svc });
    expect(res.status).toBe(300);
    expect(res.json).toEqual({ code: 'PGRST203', details: null,
      message: `Could not choose the best candidate function between: ${S}.same_args(arg => integer), ${S}.same_args(arg => text)`,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved' });
  });

  it('reports count=exact for scalar functions', async () => {
    const { data, count, error } = await db.rpc('add', { a: 1, b: 2 }, { count: 'exact' });
    expect(error).toBeNull();
    expect(data).toBe(3);
    expect(count).toBe(1);
    const head = await db.rpc('numbers', { n: 4 }, { head: true, count: 'exact' });
    expect(head.count).toBe(4);
  });

  it('rolls back and answers PGRST124 when a call returns more rows than max-affected', async () => {
    const res = await raw(rest('rpc/users_like'), { method: 'POST', headers: { ...svc, 'Content-Type': 'application/json',
      Prefer: 'handling=strict, max-affected=1' }, body: JSON.stringify({ pattern: 'a%' }) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'PGRST124', message: 'Query result exceeds max-affected preference constraint', details: 'The query affects 2 rows', hint: null });
    const ok = await raw(rest('rpc/users_like'), { method: 'POST', headers: { ...svc, 'Content-Type': 'application/json',
      Prefer: 'handling=strict, max-affected=1' }, body: JSON.stringify({ pattern: 'b%' }) });
    expect(ok.status).toBe(200);
  });
});

describe('writes', () => {
  it('answers inserts with Content-Range */total and lists applied preferences in PostgREST order', async () => {
    const minimal = await raw(rest('features'), { method: 'POST', headers: { ...svc, 'Content-Type': 'application/json', Prefer: 'return=minimal' },
      body: JSON.stringify({ key: 'hdr-1' }) });
    expect(minimal.status).toBe(201);
    expect(minimal.headers.get('content-range')).toBe('*/*');
    expect(minimal.headers.get('preference-applied')).toBe('return=minimal');
    const upsert = await raw(rest('features?on_conflict=key'), { method: 'POST', headers: { ...svc, 'Content-Type': 'application/json',
      Prefer: 'count=exact, return=representation, resolution=merge-duplicates, missing=default' }, body: JSON.stringify([{ key: 'hdr-1' }, { key: 'hdr-2' }]) });
    expect(upsert.status).toBe(201);
    expect(upsert.headers.get('content-range')).toBe('*/2');
    expect(upsert.headers.get('preference-applied')).toBe('resolution=merge-duplicates, missing=default, return=representation, count=exact');
    const patched = await raw(rest('tenants?id=in.(3,4)'), { method: 'PATCH', headers: { ...svc, 'Content-Type': 'application/json', Prefer: 'return=minimal' },
      body: JSON.stringify({ seats: 9 }) });
    expect(patched.status).toBe(204);
    expect(patched.headers.get('content-range')).toBe('0-1/*');
    expect(patched.headers.get('preference-applied')).toBe('return=minimal');
  });

  it('with missing=default evaluates every column default for every row, as PostgREST does', async () => {
    const seq = async () => withDb(async (c) => Number((await c.query(`select nextval(pg_get_serial_sequence('${S}.features', 'id')) as v`)).rows[0].v));
    const before = await seq();
    const { data, error } = await db.from('features').insert([{ id: 9000, key: 'md-1' }, { key: 'md-2' }], { defaultToNull: false }).select('id, key');
    expect(error).toBeNull();
    // The explicit id still used a sequence value for its default (before + 1); the second row got before + 2.
    expect(data).toEqual([{ id: 9000, key: 'md-1' }, { id: before + 2, key: 'md-2' }]);
  });

  it('upserts a payload of only the conflict columns (returns the row) and answers 200 when nothing was inserted', async () => {
    const merged = await db.from('features').upsert({ key: 'sso' }, { onConflict: 'key' }).select('key');
    expect(merged.error).toBeNull();
    expect(merged.status).toBe(200);
    expect(merged.data).toEqual([{ key: 'sso' }]);
    const mixed = await db.from('features').upsert([{ key: 'sso' }, { key: 'new-one' }], { onConflict: 'key' }).select('key');
    expect(mixed.status).toBe(201);
    expect(mixed.data).toEqual([{ key: 'sso' }, { key: 'new-one' }]);
    const minimal = await db.from('features').upsert({ key: 'api' }, { onConflict: 'key' });
    expect(minimal.status).toBe(200);
  });

  it('accepts quoted column names with spaces in columns= and select', async () => {
    const { data, error, status } = await db.from('odd cols').insert([{ 'col with space': 'x', id: 1 }]).select('"col with space", id');
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toEqual([{ 'col with space': 'x', id: 1 }]);
  });
});

describe('responses', () => {
  it('strips null fields with Accept: application/vnd.pgrst.array+json;nulls=stripped (and object, and on writes)', async () => {
    const list = await raw(rest('orders?select=id,note,courier_id&order=id'), { headers: { ...svc, Accept: 'application/vnd.pgrst.array+json;nulls=stripped' } });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8');
    expect(list.json).toEqual([{ id: 1, note: 'first', courier_id: 2 }, { id: 2, courier_id: 1 }, { id: 3, note: 'x, "quoted"' }]);
    const one = await raw(rest('orders?select=id,note&id=eq.2'), { headers: { ...svc, Accept: 'application/vnd.pgrst.object+json;nulls=stripped' } });
    expect(one.json).toEqual({ id: 2 });
    expect(one.headers.get('content-type')).toBe('application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8');
    const written = await raw(rest('features?select=id,key'), { method: 'POST', headers: { ...svc, 'Content-Type': 'application/json',
      Accept: 'application/vnd.pgrst.array+json;nulls=stripped', Prefer: 'return=representation' }, body: JSON.stringify({ key: 'nulls-1' }) });
    expect(written.status).toBe(201);
    expect(written.json).toEqual([{ id: expect.any(Number), key: 'nulls-1' }]);
  });

  // The gateway applies a changed setting when its 'reload config' notification arrives: wait for
  // that (a read's plan is served) instead of a fixed pause, which a loaded machine outlasts.
  const planReloaded = () => vi.waitFor(async () => {
    const probe = await raw(rest('tenants?select=id'), { headers: { ...svc, Accept: 'application/vnd.pgrst.plan+json' } });
    expect(probe.status).toBe(200);
  }, { timeout: 10_000, interval: 100 });

  it('serves EXPLAIN for Accept: application/vnd.pgrst.plan only when pgrst.db_plan_enabled is on (off on Supabase)', async () => {
    const accept = 'application/vnd.pgrst.plan+json; for="application/json"; options=verbose';
    const off = await raw(rest('tenants?select=id'), { headers: { ...svc, Accept: accept } });
    expect(off.status).toBe(406);
    expect(off.json).toMatchObject({ code: 'PGRST107' });
    await withDb((c) => c.query(`alter role authenticator in database postgres set pgrst.db_plan_enabled = 'true'; notify pgrst, 'reload config'`));
    try {
      await planReloaded();
      const json = await raw(rest('tenants?select=id'), { headers: { ...svc, Accept: accept } });
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8');
      expect(json.json[0].Plan['Node Type']).toBe('Aggregate');
      expect(json.json[0].Plan.Output).toBeDefined();
      const { data, error } = await db.from('tenants').select('id').explain();
      expect(error).toBeNull();
      expect(data).toMatch(/^Aggregate {2}\(cost=/);
    } finally {
      await withDb((c) => c.query(`alter role authenticator in database postgres reset pgrst.db_plan_enabled; notify pgrst, 'reload config'`));
    }
  });

  it('explains writes and RPC too while db_plan_enabled is on, rolling the explained write back (also with analyze)', async () => {
    const accept = 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze';
    const insert = () => raw(rest('tenants'), { method: 'POST', headers: { ...svc, Accept: accept, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Explained' }) });
    // The previous test turned plans off again; the gateway reloads its settings on the notification.
    await vi.waitFor(async () => {
      const off = await insert();
      expect(off.status).toBe(406);
      expect(off.json).toMatchObject({ code: 'PGRST107' });
    }, { timeout: 5000, interval: 100 });
    await withDb((c) => c.query(`alter role authenticator in database postgres set pgrst.db_plan_enabled = 'true'; notify pgrst, 'reload config'`));
    try {
      await planReloaded();
      const written = await insert();
      expect(written.status).toBe(200);
      expect(written.headers.get('content-type')).toBe('application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8');
      expect(JSON.stringify(written.json)).toContain('"Operation":"Insert"');
      expect((await db.from('tenants').select('id').eq('name', 'Explained')).data).toEqual([]);
      const patched = await raw(rest('tenants?id=eq.1'), { method: 'PATCH', headers: { ...svc, Accept: accept, 'Content-Type': 'application/json' }, body: JSON.stringify({ plan: 'explained' }) });
      expect(JSON.stringify(patched.json)).toContain('"Operation":"Update"');
      expect((await db.from('tenants').select('plan').eq('id', 1)).data).not.toEqual([{ plan: 'explained' }]);
      const { data, error } = await db.rpc('users_like', { pattern: '%' }).explain({ format: 'text' });
      expect(error).toBeNull();
      expect(data).toMatch(/^Aggregate {2}\(cost=/);
      const viaGet = await raw(rest('rpc/add?a=1&b=2'), { headers: { ...svc, Accept: 'application/vnd.pgrst.plan+text' } });
      expect(viaGet.status).toBe(200);
      expect(viaGet.text).toMatch(/ {2}\(cost=/);
      const seats = async () => (await db.from('tenants').select('seats').eq('id', 1)).data;
      const before = await seats();
      const bumped = await raw(rest('rpc/bump'), { method: 'POST', headers: { ...svc, Accept: accept, 'Content-Type': 'application/json' }, body: JSON.stringify({ t: 1 }) });
      expect(bumped.status).toBe(200);
      expect(await seats()).toEqual(before);
    } finally {
      await withDb((c) => c.query(`alter role authenticator in database postgres reset pgrst.db_plan_enabled; notify pgrst, 'reload config'`));
    }
  });

  it("answers reads with json_agg's exact text: no rows, one, many, one object, and with a planned count", async () => {
    const agg = async (where: string) => withDb(async (c) => (await c.query(
      `select coalesce(json_agg(t), '[]')::text as body from (select id, name from ${S}.tenants where ${where} order by id) t`)).rows[0].body);
    for (const [query, where] of [['id=eq.999', 'id = 999'], ['id=eq.1', 'id = 1'], ['id=lte.3', 'id <= 3']]) {
      const res = await raw(rest(`tenants?select=id,name&${query}&order=id`), { headers: svc });
      expect(res.status).toBe(200);
      expect(res.text).toBe(await agg(where));
    }
    const one = await raw(rest('tenants?select=id,name&id=eq.1'), { headers: { ...svc, Accept: 'application/vnd.pgrst.object+json' } });
    expect(one.text).toBe((await agg('id = 1')).slice(1, -1));
    const counted = await raw(rest('tenants?select=id,name&id=lte.3&order=id'), { headers: { ...svc, Prefer: 'count=planned' } });
    expect(counted.text).toBe(await agg('id <= 3'));
    expect(counted.headers.get('content-range')).toMatch(/^0-\d+\/\d+$/);
  });

  it('reads in a read-only transaction, and a failed read leaves its pooled connection clean', async () => {
    const writing = await raw(rest('tenants?select=id,tenant_writes(id)'), { headers: svc });
    expect(writing.status).toBe(405);
    expect(writing.json).toMatchObject({ code: '25006' });
    // More failures than the pool has connections: a connection left in a failed transaction would answer 25P02 after.
    for (let i = 0; i < 25; i++) expect((await raw(rest('tenants?id=eq.not-a-number'), { headers: svc })).json).toMatchObject({ code: '22P02' });
    for (let i = 0; i < 25; i++) expect((await raw(rest('tenants?select=id&id=eq.1'), { headers: svc })).json).toEqual([{ id: 1 }]);
  });

  it('writes CSV in PostgreSQL text output: arrays and jsonb text, quoted when needed; empty when no rows', async () => {
    const { data, error } = await db.from('tenants').select('name, tags, settings').eq('id', 1).csv();
    expect(error).toBeNull();
    expect(data).toBe('name,tags,settings\nAlpha,"{a,b}","{""seats"": 5, ""theme"": {""color"": ""red""}}"');
    const none = await raw(rest('tenants?select=name&id=eq.999'), { headers: { ...svc, Accept: 'text/csv' } });
    expect(none.status).toBe(200);
    expect(none.text).toBe('');
  });

  it('counts planned and estimated from the planner (206 when the estimate exceeds the page)', async () => {
    await withDb((c) => c.query(`insert into ${S}.features (key) select 'bulk-' || g from generate_series(1, 300) g; analyze ${S}.features`));
    const head = await raw(rest('features?select=id&limit=1'), { method: 'HEAD', headers: { ...svc, Prefer: 'count=planned' } });
    expect(head.status).toBe(206);
    const total = Number(head.headers.get('content-range')!.split('/')[1]);
    expect(total).toBeGreaterThan(250);
  });

  it('words errors as PostgREST 12: unknown tables (42P01) and singular responses (PGRST116)', async () => {
    const missing = await db.from('no_such_table').select();
    expect(missing.status).toBe(404);
    expect(missing.error).toEqual({ code: '42P01', message: `relation "${S}.no_such_table" does not exist`, details: null, hint: null });
    const many = await db.from('tenants').select('id').single();
    expect(many.status).toBe(406);
    expect(many.error).toMatchObject({ code: 'PGRST116', message: 'JSON object requested, multiple (or no) rows returned', details: 'The result contains 4 rows' });
  });
});
