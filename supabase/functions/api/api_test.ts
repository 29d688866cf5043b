// The API key gateway end to end (handler → PostgREST → api_dispatch): a key reads its own tenant
// within its scopes; another tenant's data, a missing scope, an expired or revoked key are refused
// with their catalogue codes.
import assert from 'node:assert/strict';
import pg from 'npm:pg@8';
import { handle } from './handler.ts';
import { match } from './routes.ts';

const DB_URL = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';
const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test('api routes: method and path pick the SQL route; path ids win over the body', () => {
  const id = crypto.randomUUID();
  assert.deepEqual(match('GET', new URL('http://x/functions/v1/api/v1/orders?limit=5'), {}), { route: 'orders.list', params: { limit: '5' } });
  assert.deepEqual(match('POST', new URL(`http://x/functions/v1/api/v1/orders/${id}/transition`), { to_stage: 'ready', order_id: 'spoof' }),
    { route: 'orders.transition', params: { to_stage: 'ready', order_id: id } });
  assert.equal(match('DELETE', new URL('http://x/functions/v1/api/v1/orders'), {}), null);
});

Deno.test('api: a key stays within its scopes and its tenant', opts, async () => {
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const slugs = [`api-a-${crypto.randomUUID().slice(0, 8)}`, `api-b-${crypto.randomUUID().slice(0, 8)}`];
  try {
    const [a, b] = await Promise.all(slugs.map(async (s) => (await db.query(`select tests.create_tenant($1) as id`, [s])).rows[0].id as string));
    for (const t of [a, b]) {
      await db.query(`select private.provision_entitlements($1)`, [t]);
      await db.query(`select public.create_order($1, 'wash_iron', 'API-1', 'Salim')`, [t]);
    }
    const key = (await db.query(`select public.create_api_key($1, 'ERP', array['orders:read']) ->> 'key' as k`, [a])).rows[0].k as string;
    const call = (path: string, k = key, init: RequestInit = {}) =>
      handle(new Request(`http://localhost/functions/v1/api${path}`, { ...init, headers: { authorization: `Bearer ${k}`, ...(init.headers ?? {}) } }));

    const res = await call(`/v1/orders?tenant_id=${b}`);
    assert.equal(res.status, 200);
    const orders = await res.json() as { tenant_id: string }[];
    assert.deepEqual(orders.map((o) => o.tenant_id), [a], 'only the key\'s tenant, whatever the query names');

    const denied = await call('/v1/invoices');
    assert.equal(denied.status, 403);
    assert.equal((await denied.json()).code, 'integrations.scope_denied');

    await db.query(`update public.api_keys set expires_at = now() - interval '1 second' where tenant_id = $1`, [a]);
    const expired = await call('/v1/orders');
    assert.equal(expired.status, 401);
    assert.equal((await expired.json()).code, 'integrations.key_expired');

    await db.query(`update public.api_keys set expires_at = null, revoked_at = now() where tenant_id = $1`, [a]);
    const revoked = await call('/v1/orders');
    assert.equal(revoked.status, 401);
    assert.equal((await revoked.json()).code, 'integrations.key_revoked');

    const none = await handle(new Request('http://localhost/functions/v1/api/v1/orders'));
    assert.equal(none.status, 401);
    assert.equal((await none.json()).code, 'integrations.invalid_key');
  } finally {
    await db.query(`delete from public.tenants where slug = any($1)`, [slugs]).catch(() => {});
    await db.end();
  }
});
