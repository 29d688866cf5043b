// MFA TOTP through supabase-js (enroll, challenge, verify → aal2, unenroll) and the three auth hooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, startTestGateway, supabase, withDb } from './helpers.ts';
import { verifyJwt } from '../../src/gateway/jwt.ts';
import { base32Decode, totp } from '../../src/gateway/auth/totp.ts';

const H = 'compat_hooks';
const PASSWORD = 'Correct-Horse-42!';
let plain: { url: string; close(): Promise<void> };
let hooked: { url: string; close(): Promise<void> };
let admin: SupabaseClient<any, any, any>;

const HOOKS_SQL = `
drop schema if exists ${H} cascade;
create schema ${H};
create table ${H}.attempts (kind text, user_id uuid, valid boolean, at timestamptz default now());
create table ${H}.blocked (user_id uuid primary key);
create function ${H}.access_token(event jsonb) returns jsonb language plpgsql as $$
declare claims jsonb := event -> 'claims';
begin
  if claims -> 'user_metadata' ->> 'deny' = 'yes' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message', 'staff account disabled'));
  end if;
  claims := jsonb_set(claims, '{staff_role}', to_jsonb('auditor'::text));
  claims := jsonb_set(claims, '{hook_method}', event -> 'authentication_method');
  return jsonb_build_object('claims', claims);
end $$;
create function ${H}.password_attempt(event jsonb) returns jsonb language plpgsql as $$
begin
  insert into ${H}.attempts (kind, user_id, valid) values ('password', (event ->> 'user_id')::uuid, (event ->> 'valid')::boolean);
  if exists (select 1 from ${H}.blocked where user_id = (event ->> 'user_id')::uuid) then
    return jsonb_build_object('decision', 'reject', 'message', 'Account locked', 'should_logout_user', true);
  end if;
  return jsonb_build_object('decision', 'continue');
end $$;
create function ${H}.mfa_attempt(event jsonb) returns jsonb language plpgsql as $$
begin
  insert into ${H}.attempts (kind, user_id, valid) values ('mfa', (event ->> 'user_id')::uuid, (event ->> 'valid')::boolean);
  if exists (select 1 from ${H}.blocked where user_id = (event ->> 'user_id')::uuid) then
    return jsonb_build_object('decision', 'reject', 'message', 'Too many attempts');
  end if;
  return jsonb_build_object('decision', 'continue');
end $$;
grant usage on schema ${H} to supabase_auth_admin;
grant all on all tables in schema ${H} to supabase_auth_admin;
grant execute on all functions in schema ${H} to supabase_auth_admin;
revoke execute on all functions in schema ${H} from public, anon, authenticated;
`;

beforeAll(async () => {
  await withDb((c) => c.query(HOOKS_SQL));
  plain = await startTestGateway();
  hooked = await startTestGateway({
    authHooks: {
      customAccessToken: { schema: H, name: 'access_token' },
      passwordVerificationAttempt: { schema: H, name: 'password_attempt' },
      mfaVerificationAttempt: { schema: H, name: 'mfa_attempt' },
    },
  });
  admin = supabase(plain.url, DEMO_SERVICE_ROLE_KEY);
});
afterAll(async () => { await plain?.close(); await hooked?.close(); });

async function signedIn(url: string, tag: string, meta: Record<string, unknown> = {}) {
  const email = `mfa-${tag}-${Date.now()}@example.test`;
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true, user_metadata: meta });
  expect(created.error).toBeNull();
  const client = supabase(url);
  const res = await client.auth.signInWithPassword({ email, password: PASSWORD });
  return { client, email, id: created.data.user!.id, signIn: res };
}

const claimsOf = (token: string) => (verifyJwt(token, DEMO_JWT_SECRET) as any).claims;
const codeFor = (secret: string, offset = 0) => totp(base32Decode(secret), Date.now() / 1000 + offset);

describe('MFA TOTP', () => {
  it('enrolls, challenges and verifies into an aal2 session', async () => {
    const { client } = await signedIn(plain.url, 'happy');
    const enroll = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'phone', issuer: 'CleanMateX HQ' });
    expect(enroll.error).toBeNull();
    const { id, totp: t } = enroll.data as any;
    expect(t.uri).toMatch(/^otpauth:\/\/totp\/CleanMateX%20HQ:.+\?issuer=CleanMateX%20HQ&secret=[A-Z2-7]{32}$/);
    expect(t.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    const listed = await client.auth.mfa.listFactors();
    expect(listed.data?.all).toEqual([expect.objectContaining({ id, friendly_name: 'phone', factor_type: 'totp', status: 'unverified' })]);
    const challenge = await client.auth.mfa.challenge({ factorId: id });
    expect(challenge.error).toBeNull();
    expect(challenge.data!.expires_at).toBeGreaterThan(Date.now() / 1000);
    const verify = await client.auth.mfa.verify({ factorId: id, challengeId: challenge.data!.id, code: codeFor(t.secret) });
    expect(verify.error).toBeNull();
    const claims = claimsOf(verify.data!.access_token);
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((a: any) => a.method).sort()).toEqual(['password', 'totp']);
    const aal = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(aal.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
    expect((await client.auth.mfa.listFactors()).data?.totp).toEqual([expect.objectContaining({ id, status: 'verified' })]);
    // A later password sign-in starts at aal1 with aal2 as the next level.
    const again = supabase(plain.url);
    await again.auth.signInWithPassword({ email: claims.email, password: PASSWORD });
    expect((await again.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });
    const cv = await again.auth.mfa.challengeAndVerify({ factorId: id, code: codeFor(t.secret) });
    expect(cv.error).toBeNull();
    // The refreshed session keeps aal2.
    const refreshed = await again.auth.refreshSession();
    expect(claimsOf(refreshed.data.session!.access_token).aal).toBe('aal2');
  });

  it('rejects wrong codes, reused challenges, foreign factors and bad input', async () => {
    const { client } = await signedIn(plain.url, 'errors');
    const enroll = await client.auth.mfa.enroll({ factorType: 'totp' });
    const { id, totp: t } = enroll.data as any;
    const ch = await client.auth.mfa.challenge({ factorId: id });
    const wrong = await client.auth.mfa.verify({ factorId: id, challengeId: ch.data!.id, code: '000000' === codeFor(t.secret) ? '111111' : '000000' });
    expect(wrong.error?.status).toBe(422);
    expect(wrong.error?.code).toBe('mfa_verification_failed');
    const stale = await client.auth.mfa.verify({ factorId: id, challengeId: ch.data!.id, code: codeFor(t.secret, -300) });
    expect(stale.error?.code).toBe('mfa_verification_failed');
    const ok = await client.auth.mfa.verify({ factorId: id, challengeId: ch.data!.id, code: codeFor(t.secret) });
    expect(ok.error).toBeNull();
    const reused = await client.auth.mfa.verify({ factorId: id, challengeId: ch.data!.id, code: codeFor(t.secret) });
    expect(reused.error?.code).toBe('mfa_challenge_expired');
    const other = await signedIn(plain.url, 'other');
    const foreign = await other.client.auth.mfa.challenge({ factorId: id });
    expect(foreign.error?.status).toBe(404);
    const phone = await client.auth.mfa.enroll({ factorType: 'phone', phone: '+96812345678' } as any);
    expect(phone.error?.status).toBe(422);
    const dupName = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'dup' });
    expect(dupName.error).toBeNull();
    const dup = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'dup' });
    expect(dup.error?.code).toBe('mfa_factor_name_conflict');
  });

  it('expires challenges', async () => {
    const { client } = await signedIn(plain.url, 'expiry');
    const { data } = await client.auth.mfa.enroll({ factorType: 'totp' }) as any;
    const ch = await client.auth.mfa.challenge({ factorId: data.id });
    await withDb((c) => c.query(`update auth.mfa_challenges set created_at = now() - interval '10 minutes' where id = $1`, [ch.data!.id]));
    const res = await client.auth.mfa.verify({ factorId: data.id, challengeId: ch.data!.id, code: codeFor(data.totp.secret) });
    expect(res.error?.code).toBe('mfa_challenge_expired');
  });

  it('needs aal2 to unenroll a verified factor', async () => {
    const { client, email } = await signedIn(plain.url, 'unenroll');
    const { data } = await client.auth.mfa.enroll({ factorType: 'totp' }) as any;
    await client.auth.mfa.challengeAndVerify({ factorId: data.id, code: codeFor(data.totp.secret) });
    const aal1 = supabase(plain.url);
    await aal1.auth.signInWithPassword({ email, password: PASSWORD });
    const refused = await aal1.auth.mfa.unenroll({ factorId: data.id });
    expect(refused.error?.code).toBe('insufficient_aal');
    const done = await client.auth.mfa.unenroll({ factorId: data.id });
    expect(done.error).toBeNull();
    expect(done.data).toEqual({ id: data.id });
    expect((await client.auth.mfa.listFactors()).data?.all).toEqual([]);
  });
});

describe('auth hooks', () => {
  it('custom access token hook adds claims and can refuse a token', async () => {
    const { signIn } = await signedIn(hooked.url, 'claims');
    const claims = claimsOf(signIn.data.session!.access_token);
    expect(claims.staff_role).toBe('auditor');
    expect(claims.hook_method).toBe('password');
    const denied = await signedIn(hooked.url, 'deny', { deny: 'yes' });
    expect(denied.signIn.error?.status).toBe(403);
    expect(denied.signIn.error?.message).toBe('staff account disabled');
  });

  it('password verification hook sees every attempt and can reject (logging the user out)', async () => {
    const { id, email, client } = await signedIn(hooked.url, 'lock');
    await supabase(hooked.url).auth.signInWithPassword({ email, password: 'Wrong-Password-1!' });
    const attempts = await withDb((c) => c.query(`select valid from ${H}.attempts where kind = 'password' and user_id = $1 order by at`, [id]));
    expect(attempts.rows).toEqual([{ valid: true }, { valid: false }]);
    await withDb((c) => c.query(`insert into ${H}.blocked values ($1)`, [id]));
    const locked = await supabase(hooked.url).auth.signInWithPassword({ email, password: PASSWORD });
    expect(locked.error?.code).toBe('invalid_credentials');
    expect(locked.error?.message).toBe('Account locked');
    expect((await client.auth.getUser()).error).not.toBeNull();
  });

  it('MFA verification hook sees attempts and can reject', async () => {
    const { id, client } = await signedIn(hooked.url, 'mfalock');
    const { data } = await client.auth.mfa.enroll({ factorType: 'totp' }) as any;
    const bad = await client.auth.mfa.challengeAndVerify({ factorId: data.id, code: '000000' === codeFor(data.totp.secret) ? '111111' : '000000' });
    expect(bad.error?.code).toBe('mfa_verification_failed');
    await withDb((c) => c.query(`insert into ${H}.blocked values ($1)`, [id]));
    const rejected = await client.auth.mfa.challengeAndVerify({ factorId: data.id, code: codeFor(data.totp.secret) });
    expect(rejected.error?.status).toBe(403);
    expect(rejected.error?.code).toBe('mfa_verification_rejected');
    const attempts = await withDb((c) => c.query(`select valid from ${H}.attempts where kind = 'mfa' and user_id = $1 order by at`, [id]));
    expect(attempts.rows).toEqual([{ valid: false }, { valid: true }]);
  });
});
