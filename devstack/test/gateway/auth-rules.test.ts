// GoTrue's security rules on /auth/v1, driven with the real supabase-js: what an aal1 session may
// not do, secure password change, double-confirmed email change, rate limits, no timing oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, dbUrl, raw, startTestGateway, supabase, withDb } from './helpers.ts';
import { followLink, lastMailTo, linkAndCode, mailsTo, startTestMailbox } from './mailbox.ts';
import { verifyJwt } from '../../src/gateway/jwt.ts';
import { base32Decode, totp } from '../../src/gateway/auth/totp.ts';
import { DUMMY_PASSWORD_HASH, passwordMatches } from '../../src/gateway/auth/users.ts';

const PASSWORD = 'Correct-Horse-42!';
let gw: { url: string; close(): Promise<void> };
let mail: Awaited<ReturnType<typeof startTestMailbox>>;
let admin: SupabaseClient<any, any, any>;

beforeAll(async () => {
  mail = await startTestMailbox();
  gw = await startTestGateway({ smtp: { port: mail.smtpPort } });
  admin = supabase(gw.url, DEMO_SERVICE_ROLE_KEY);
});
afterAll(async () => { await gw?.close(); await mail?.dispose(); });

const address = (tag: string) => `rules-${tag}-${Date.now()}@example.test`;
const claimsOf = (token: string) => (verifyJwt(token, DEMO_JWT_SECRET) as any).claims;
const codeFor = (secret: string) => totp(base32Decode(secret), Date.now() / 1000);

async function signedIn(tag: string, url = gw.url) {
  const email = address(tag);
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(created.error).toBeNull();
  const client = supabase(url);
  expect((await client.auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  return { client, email, id: created.data.user!.id };
}

/** A user with a verified TOTP factor: the aal2 client and a second, password-only (aal1) client. */
async function withVerifiedFactor(tag: string) {
  const u = await signedIn(tag);
  const { data } = await u.client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'first' }) as any;
  expect((await u.client.auth.mfa.challengeAndVerify({ factorId: data.id, code: codeFor(data.totp.secret) })).error).toBeNull();
  const aal1 = supabase(gw.url);
  await aal1.auth.signInWithPassword({ email: u.email, password: PASSWORD });
  return { ...u, secret: data.totp.secret as string, factorId: data.id as string, aal1 };
}

describe('aal1 sessions of users with a verified factor', () => {
  it('cannot enrol another factor (GoTrue: 403 insufficient_aal); aal2 sessions can', async () => {
    const u = await withVerifiedFactor('enrol');
    const refused = await u.aal1.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'second' });
    expect(refused.error?.status).toBe(403);
    expect(refused.error?.code).toBe('insufficient_aal');
    expect(refused.error?.message).toBe('AAL2 required to enroll a new factor');
    const factors = await withDb((c) => c.query('select count(*)::int as n from auth.mfa_factors where user_id = $1', [u.id]));
    expect(factors.rows[0].n).toBe(1);
    const allowed = await u.client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'second' });
    expect(allowed.error).toBeNull();
  });

  it('cannot change the password or the email (401 insufficient_aal); aal2 can', async () => {
    const u = await withVerifiedFactor('update');
    const pw = await u.aal1.auth.updateUser({ password: 'Brand-New-Pass-9?' });
    expect(pw.error?.status).toBe(401);
    expect(pw.error?.code).toBe('insufficient_aal');
    const em = await u.aal1.auth.updateUser({ email: address('elsewhere') });
    expect(em.error?.code).toBe('insufficient_aal');
    // Metadata stays open to aal1.
    expect((await u.aal1.auth.updateUser({ data: { locale: 'ar' } })).error).toBeNull();
    expect((await supabase(gw.url).auth.signInWithPassword({ email: u.email, password: PASSWORD })).error).toBeNull();
    expect((await u.client.auth.updateUser({ password: 'Brand-New-Pass-9?' })).error).toBeNull();
  });

  it('decides on the session row, not on a claim: a session lowered to aal1 cannot unenrol', async () => {
    const u = await withVerifiedFactor('row');
    const token = (await u.client.auth.getSession()).data.session!.access_token;
    await withDb((c) => c.query(`update auth.sessions set aal = 'aal1' where id = $1`, [claimsOf(token).session_id]));
    const res = await u.client.auth.mfa.unenroll({ factorId: u.factorId });
    expect(res.error?.code).toBe('insufficient_aal');
  });
});

describe('password change', () => {
  it('ends the other sessions of the user and voids mailed tokens', async () => {
    const u = await signedIn('others');
    const other = supabase(gw.url);
    await other.auth.signInWithPassword({ email: u.email, password: PASSWORD });
    await supabase(gw.url).auth.resetPasswordForEmail(u.email);
    expect((await u.client.auth.updateUser({ password: 'Other-Strong-Pass-1!' })).error).toBeNull();
    expect((await other.auth.getUser()).error?.name).toBe('AuthSessionMissingError');
    expect((await u.client.auth.getUser()).error).toBeNull();
    const { link } = linkAndCode(await lastMailTo(mail, u.email));
    expect((await followLink(link)).fragment.get('error_code')).toBe('otp_expired');
  });

  it('with secure_password_change, a session older than 24 h needs the mailed reauthentication nonce', async () => {
    const u = await signedIn('nonce');
    const sid = claimsOf((await u.client.auth.getSession()).data.session!.access_token).session_id;
    await withDb((c) => c.query(`update auth.sessions set created_at = now() - interval '25 hours' where id = $1`, [sid]));
    const none = await u.client.auth.updateUser({ password: 'Nonce-Strong-Pass-2!' });
    expect(none.error?.status).toBe(400);
    expect(none.error?.code).toBe('reauthentication_needed');
    const wrong = await u.client.auth.updateUser({ password: 'Nonce-Strong-Pass-2!', nonce: '000000' });
    expect(wrong.error?.status).toBe(422);
    expect(wrong.error?.code).toBe('reauthentication_not_valid');
    expect((await u.client.auth.reauthenticate()).error).toBeNull();
    const m = await lastMailTo(mail, u.email);
    expect(m.subject).toBe('Confirm reauthentication');
    const { code } = linkAndCode(m);
    expect(code).toMatch(/^\d{6}$/);
    expect((await u.client.auth.updateUser({ password: 'Nonce-Strong-Pass-2!', nonce: code })).error).toBeNull();
    expect((await supabase(gw.url).auth.signInWithPassword({ email: u.email, password: 'Nonce-Strong-Pass-2!' })).error).toBeNull();
    // A nonce is good once.
    const again = await u.client.auth.updateUser({ password: 'Nonce-Strong-Pass-3!', nonce: code });
    expect(again.error?.code).toBe('reauthentication_not_valid');
  });

  it('refuses app_metadata from the user (403 not_admin)', async () => {
    const u = await signedIn('appmeta');
    const token = (await u.client.auth.getSession()).data.session!.access_token;
    const res = await raw(`${gw.url}/auth/v1/user`, { method: 'PUT', body: JSON.stringify({ app_metadata: { role: 'super_admin' } }),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('not_admin');
  });
});

describe('email change with double_confirm_changes', () => {
  it('mails both addresses and changes the email only once both links are followed', async () => {
    const u = await signedIn('change');
    const next = address('changed');
    const res = await u.client.auth.updateUser({ email: next }, { emailRedirectTo: 'http://127.0.0.1:3001/profile' });
    expect(res.error).toBeNull();
    expect(res.data.user?.email).toBe(u.email);
    expect((res.data.user as any).new_email).toBe(next);
    const toOld = await lastMailTo(mail, u.email);
    const toNew = await lastMailTo(mail, next);
    expect(toOld.subject).toBe('Confirm Email Change');
    expect(toNew.subject).toBe('Confirm Email Change');
    const first = await followLink(linkAndCode(toOld).link);
    expect(first.status).toBe(303);
    expect(first.location.pathname).toBe('/profile');
    expect(first.fragment.get('message')).toBe('Confirmation link accepted. Please proceed to confirm link sent to the other email');
    expect((await admin.auth.admin.getUserById(u.id)).data.user?.email).toBe(u.email);
    // The second confirmation, by code this time.
    const done = await supabase(gw.url).auth.verifyOtp({ email: next, token: linkAndCode(toNew).code!, type: 'email_change' });
    expect(done.error).toBeNull();
    expect(done.data.user?.email).toBe(next);
    expect((await supabase(gw.url).auth.signInWithPassword({ email: next, password: PASSWORD })).error).toBeNull();
  });
});

describe('[auth.rate_limit] and max_frequency', () => {
  it('answers 429 over_request_rate_limit past the per-IP limits', async () => {
    const limited = await startTestGateway({ smtp: { port: mail.smtpPort },
      configOverrides: { rateLimit: { emailSent: null, tokenRefresh: 3, signInSignUps: 2, tokenVerifications: 2 } } });
    try {
      const u = await signedIn('limit', limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await supabase(limited.url).auth.signInWithPassword({ email: u.email, password: PASSWORD })).error?.status ?? 200);
      // signedIn used one token request already: two more pass, the third is refused.
      expect(statuses).toEqual([200, 200, 429]);
      const over = await supabase(limited.url).auth.signInWithPassword({ email: u.email, password: PASSWORD });
      expect(over.error?.code).toBe('over_request_rate_limit');
      for (let i = 0; i < 2; i++) expect((await supabase(limited.url).auth.verifyOtp({ token_hash: 'nope', type: 'email' })).error?.status).toBe(403);
      expect((await supabase(limited.url).auth.verifyOtp({ token_hash: 'nope', type: 'email' })).error?.code).toBe('over_request_rate_limit');
    } finally { await limited.close(); }
  });

  it('limits mails per hour (email_sent) and per user (max_frequency)', async () => {
    const limited = await startTestGateway({ smtp: { port: mail.smtpPort }, configOverrides: {
      emailMaxFrequency: 60, rateLimit: { emailSent: 2, tokenRefresh: 150, signInSignUps: 30, tokenVerifications: 30 } } });
    try {
      const a = await signedIn('freq-a', limited.url);
      const b = await signedIn('freq-b', limited.url);
      const c = await signedIn('freq-c', limited.url);
      expect((await supabase(limited.url).auth.resetPasswordForEmail(a.email)).error).toBeNull();
      const again = await supabase(limited.url).auth.resetPasswordForEmail(a.email);
      expect(again.error?.status).toBe(429);
      expect(again.error?.code).toBe('over_email_send_rate_limit');
      expect(again.error?.message).toMatch(/^For security purposes, you can only request this after \d+ seconds\.$/);
      expect((await supabase(limited.url).auth.resetPasswordForEmail(b.email)).error).toBeNull();
      const third = await supabase(limited.url).auth.resetPasswordForEmail(c.email);
      expect(third.error?.code).toBe('over_email_send_rate_limit');
      expect(third.error?.message).toBe('email rate limit exceeded');
      expect(await mailsTo(mail, c.email)).toEqual([]);
    } finally { await limited.close(); }
  });
});

describe('password grant without an existence oracle', () => {
  it('spends one bcrypt comparison of the same cost for unknown emails and password-less users', async () => {
    const pool = new pg.Pool({ connectionString: dbUrl() });
    try {
      const u = await signedIn('timing');
      const stored = (await pool.query('select encrypted_password from auth.users where id = $1', [u.id])).rows[0].encrypted_password;
      // Same algorithm and cost as real hashes, so the dummy comparison takes as long.
      expect(DUMMY_PASSWORD_HASH.slice(0, 7)).toBe(stored.slice(0, 7));
      expect((await pool.query('select extensions.crypt($1, $2) = $2 as ok', ['x', DUMMY_PASSWORD_HASH])).rows[0].ok).toBe(false);
      expect(await passwordMatches(pool, undefined, PASSWORD)).toBe(false);
      expect(await passwordMatches(pool, { encrypted_password: '' }, '')).toBe(false);
      expect(await passwordMatches(pool, { encrypted_password: stored }, PASSWORD)).toBe(true);
      const unknown = await supabase(gw.url).auth.signInWithPassword({ email: address('nobody'), password: PASSWORD });
      expect(unknown.error?.code).toBe('invalid_credentials');
    } finally { await pool.end(); }
  });
});
