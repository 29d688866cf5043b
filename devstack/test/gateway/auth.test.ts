// /auth/v1 through the real supabase-js: password sign-in, refresh rotation, user, logout, admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, raw, startTestGateway, supabase, withDb } from './helpers.ts';
import { verifyJwt } from '../../src/gateway/jwt.ts';

let gw: { url: string; close(): Promise<void> };
let admin: SupabaseClient<any, any, any>;
const PASSWORD = 'Correct-Horse-42!';
const email = (tag: string) => `auth-${tag}-${Date.now()}@example.test`;

beforeAll(async () => {
  gw = await startTestGateway({ configOverrides: { refreshTokenReuseInterval: 1 } });
  admin = supabase(gw.url, DEMO_SERVICE_ROLE_KEY);
});
afterAll(async () => { await gw?.close(); });

async function newUser(tag: string, extra: Record<string, unknown> = {}) {
  const address = email(tag);
  const { data, error } = await admin.auth.admin.createUser({ email: address, password: PASSWORD, email_confirm: true, ...extra });
  expect(error).toBeNull();
  return { email: address, id: data.user!.id };
}

describe('password sign-in', () => {
  it('returns a session whose access token carries GoTrue claims', async () => {
    const u = await newUser('claims', { user_metadata: { name: 'Ann' }, app_metadata: { tenant: 't1' } });
    const client = supabase(gw.url);
    const { data, error } = await client.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    expect(error).toBeNull();
    const s = data.session!;
    expect(s.token_type).toBe('bearer');
    expect(s.expires_in).toBe(3600);
    expect(s.refresh_token).toMatch(/^[A-Za-z0-9_-]{12}$/);
    const claims = (verifyJwt(s.access_token, DEMO_JWT_SECRET) as any).claims;
    expect(claims).toMatchObject({
      sub: u.id, aud: 'authenticated', role: 'authenticated', email: u.email, aal: 'aal1', is_anonymous: false,
      user_metadata: { name: 'Ann' }, app_metadata: { provider: 'email', providers: ['email'], tenant: 't1' },
    });
    expect(claims.iss).toBe(`${gw.url}/auth/v1`);
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    expect(claims.exp - claims.iat).toBe(3600);
    const session = await withDb((c) => c.query('select aal from auth.sessions where id = $1', [claims.session_id]));
    expect(session.rows).toEqual([{ aal: 'aal1' }]);
    const aal = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(aal.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' });
  });

  it('rejects wrong passwords and unknown users with invalid_credentials', async () => {
    const u = await newUser('wrong');
    const bad = await supabase(gw.url).auth.signInWithPassword({ email: u.email, password: 'nope-nope-nope' });
    expect(bad.error?.status).toBe(400);
    expect(bad.error?.code).toBe('invalid_credentials');
    expect(bad.error?.message).toBe('Invalid login credentials');
    const unknown = await supabase(gw.url).auth.signInWithPassword({ email: 'nobody@example.test', password: PASSWORD });
    expect(unknown.error?.code).toBe('invalid_credentials');
  });

  it('refuses banned users', async () => {
    const u = await newUser('banned');
    await admin.auth.admin.updateUserById(u.id, { ban_duration: '24h' });
    const res = await supabase(gw.url).auth.signInWithPassword({ email: u.email, password: PASSWORD });
    expect(res.error?.code).toBe('user_banned');
  });

  it('answers malformed bodies and grant types with 4xx and the API version header', async () => {
    for (const [query, body] of [['grant_type=password', '{bad'], ['grant_type=password', '[]'], ['grant_type=password', '{"email":1}'], ['grant_type=magic', '{}'], ['grant_type=refresh_token', '{}']]) {
      const res = await raw(`${gw.url}/auth/v1/token?${query}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      expect(res.status, `${query} ${body}`).toBe(400);
      expect(res.headers.get('x-supabase-api-version')).toBe('2024-01-01');
      expect(typeof res.json.code).toBe('string');
    }
    const big = await raw(`${gw.url}/auth/v1/token?grant_type=password`, { method: 'POST', body: JSON.stringify({ email: 'x'.repeat(2_000_000) }) });
    expect(big.status).toBe(413);
    const health = await raw(`${gw.url}/auth/v1/health`);
    expect(health.json.name).toBe('GoTrue');
  });
});

describe('refresh tokens', () => {
  it('rotates, tolerates reuse inside the interval and revokes the session after it', async () => {
    const u = await newUser('refresh');
    const client = supabase(gw.url);
    const { data } = await client.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    const first = data.session!.refresh_token;
    const r1 = await client.auth.refreshSession({ refresh_token: first });
    expect(r1.error).toBeNull();
    const second = r1.data.session!.refresh_token;
    expect(second).not.toBe(first);
    // Concurrent refreshes inside refresh_token_reuse_interval get the active token back.
    const again = await supabase(gw.url).auth.refreshSession({ refresh_token: first });
    expect(again.data.session?.refresh_token).toBe(second);
    await new Promise((r) => setTimeout(r, 1500));
    const reused = await supabase(gw.url).auth.refreshSession({ refresh_token: first });
    expect(reused.error?.code).toBe('refresh_token_already_used');
    // The whole session is gone: the newer token no longer works either.
    const newer = await supabase(gw.url).auth.refreshSession({ refresh_token: second });
    expect(newer.error?.code).toBe('refresh_token_not_found');
    const unknown = await supabase(gw.url).auth.refreshSession({ refresh_token: 'not-a-token' });
    expect(unknown.error?.status).toBe(400);
  });
});

describe('user and logout', () => {
  it('gets and updates the user (metadata, password strength, same password)', async () => {
    const u = await newUser('update');
    const client = supabase(gw.url);
    await client.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    const got = await client.auth.getUser();
    expect(got.data.user?.email).toBe(u.email);
    const upd = await client.auth.updateUser({ data: { locale: 'ar' } });
    expect(upd.data.user?.user_metadata).toEqual({ locale: 'ar' });
    const weak = await client.auth.updateUser({ password: 'short' });
    expect(weak.error?.code).toBe('weak_password');
    expect(weak.error?.status).toBe(422);
    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error?.code).toBe('same_password');
    const next = 'Another-Strong-Pass-7?';
    expect((await client.auth.updateUser({ password: next })).error).toBeNull();
    expect((await supabase(gw.url).auth.signInWithPassword({ email: u.email, password: next })).error).toBeNull();
  });

  it('rejects bad tokens on /user', async () => {
    const noSub = await supabase(gw.url).auth.getUser(DEMO_ANON_KEY);
    expect(noSub.error?.status).toBe(403);
    const bad = await supabase(gw.url).auth.getUser('abc.def.ghi');
    expect(bad.error?.code).toBe('bad_jwt');
    const none = await raw(`${gw.url}/auth/v1/user`);
    expect(none.status).toBe(401);
  });

  it('signs out locally, others and globally', async () => {
    const u = await newUser('logout');
    const a = supabase(gw.url);
    const b = supabase(gw.url);
    await a.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    await b.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    const tokenB = (await b.auth.getSession()).data.session!.access_token;
    expect((await a.auth.signOut({ scope: 'others' })).error).toBeNull();
    const gone = await supabase(gw.url).auth.getUser(tokenB);
    // auth-js turns GoTrue's session_not_found into AuthSessionMissingError (and signs out).
    expect(gone.error?.name).toBe('AuthSessionMissingError');
    expect((await a.auth.getUser()).error).toBeNull();
    const tokenA = (await a.auth.getSession()).data.session!.access_token;
    expect((await a.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect((await supabase(gw.url).auth.getUser(tokenA)).error?.name).toBe('AuthSessionMissingError');
    const c = supabase(gw.url);
    await c.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    expect((await c.auth.signOut()).error).toBeNull();
    const count = await withDb((db) => db.query('select count(*)::int as n from auth.sessions where user_id = $1', [u.id]));
    expect(count.rows[0].n).toBe(0);
  });
});

describe('admin', () => {
  it('creates, lists, reads, updates and deletes users with the service key only', async () => {
    const u = await newUser('admin');
    const dup = await admin.auth.admin.createUser({ email: u.email, password: PASSWORD });
    expect(dup.error?.code).toBe('email_exists');
    expect(dup.error?.status).toBe(422);
    const list = await admin.auth.admin.listUsers({ page: 1, perPage: 2 });
    expect(list.error).toBeNull();
    expect(list.data.users.length).toBeLessThanOrEqual(2);
    expect((list.data as any).total).toBeGreaterThanOrEqual(1);
    const one = await admin.auth.admin.getUserById(u.id);
    expect(one.data.user?.email).toBe(u.email);
    const upd = await admin.auth.admin.updateUserById(u.id, { app_metadata: { role: 'staff' } });
    expect(upd.data.user?.app_metadata.role).toBe('staff');
    expect((await admin.auth.admin.deleteUser(u.id)).error).toBeNull();
    expect((await admin.auth.admin.getUserById(u.id)).error?.status).toBe(404);
    expect((await raw(`${gw.url}/auth/v1/admin/users/not-a-uuid`, { headers: { Authorization: `Bearer ${DEMO_SERVICE_ROLE_KEY}` } })).status).toBe(404);
    const asAnon = await supabase(gw.url).auth.admin.listUsers();
    expect(asAnon.error?.status).toBe(403);
    expect(asAnon.error?.code).toBe('not_admin');
    const badEmail = await admin.auth.admin.createUser({ email: 'not an email', password: PASSWORD });
    expect(badEmail.error?.status).toBe(400);
  });

  it('refuses sign-ups when config.toml disables them', async () => {
    const res = await supabase(gw.url).auth.signUp({ email: email('signup'), password: PASSWORD });
    expect(res.error?.code).toBe('signup_disabled');
  });
});
