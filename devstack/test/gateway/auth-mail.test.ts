// GoTrue's mail flows through the real supabase-js, with mail delivered over SMTP to devstack's
// catcher: invite, generateLink, recovery, magic link / email OTP, link verification; and the
// console's invitation path (invite_staff → mail → link → password → TOTP → HQ).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, startTestGateway, supabase, withDb } from './helpers.ts';
import { followLink, lastMailTo, linkAndCode, mailsTo, startTestMailbox } from './mailbox.ts';
import { verifyJwt } from '../../src/gateway/jwt.ts';
import { base32Decode, totp } from '../../src/gateway/auth/totp.ts';

const PASSWORD = 'Correct-Horse-42!';
const APP = 'http://127.0.0.1:3001';
let gw: { url: string; close(): Promise<void> };
let mail: Awaited<ReturnType<typeof startTestMailbox>>;
let admin: SupabaseClient<any, any, any>;

beforeAll(async () => {
  mail = await startTestMailbox();
  gw = await startTestGateway({ smtp: { port: mail.smtpPort } });
  admin = supabase(gw.url, DEMO_SERVICE_ROLE_KEY);
});
afterAll(async () => { await gw?.close(); await mail?.dispose(); });

const address = (tag: string) => `mail-${tag}-${Date.now()}@example.test`;
const claimsOf = (token: string) => (verifyJwt(token, DEMO_JWT_SECRET) as any).claims;
const codeFor = (secret: string) => totp(base32Decode(secret), Date.now() / 1000);

/** A client holding the session a verify redirect carried in its fragment (what detectSessionInUrl does in a browser). */
async function sessionFrom(fragment: URLSearchParams) {
  const client = supabase(gw.url);
  const set = await client.auth.setSession({ access_token: fragment.get('access_token')!, refresh_token: fragment.get('refresh_token')! });
  expect(set.error).toBeNull();
  return client;
}

describe('invite', () => {
  it('inviteUserByEmail mails the config.toml template; the link signs the invitee in once', async () => {
    const email = address('invite');
    const res = await admin.auth.admin.inviteUserByEmail(email, { data: { display_name: 'Noor' }, redirectTo: `${APP}/set-password` });
    expect(res.error).toBeNull();
    expect(res.data.user).toMatchObject({ email, user_metadata: { display_name: 'Noor' } });
    expect(res.data.user?.email_confirmed_at).toBeUndefined();
    expect(res.data.user?.invited_at).toEqual(expect.any(String));
    const m = await lastMailTo(mail, email);
    expect(m.subject).toBe('CleanMateX HQ invitation | دعوة');
    expect(m.from).toEqual({ name: 'Admin', address: 'admin@email.com' });
    expect(m.html).toContain('قبول الدعوة');
    const { link } = linkAndCode(m);
    expect(link).toMatch(new RegExp(`^${gw.url}/auth/v1/verify\\?token=[0-9a-f]{56}&type=invite&redirect_to=`));
    const first = await followLink(link);
    expect(first.status).toBe(303);
    expect(`${first.location.origin}${first.location.pathname}`).toBe(`${APP}/set-password`);
    expect(first.fragment.get('type')).toBe('invite');
    const token = first.fragment.get('access_token')!;
    expect(claimsOf(token)).toMatchObject({ email, aal: 'aal1', amr: [{ method: 'otp', timestamp: expect.any(Number) }] });
    // The session set a first password; the user is confirmed and signs in with it.
    const invitee = await sessionFrom(first.fragment);
    expect((await invitee.auth.updateUser({ password: PASSWORD })).error).toBeNull();
    expect((await supabase(gw.url).auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    const again = await followLink(link);
    expect(again.fragment.get('error_code')).toBe('otp_expired');
    expect(again.fragment.get('error')).toBe('access_denied');
    const twice = await admin.auth.admin.inviteUserByEmail(email);
    expect(twice.error?.status).toBe(422);
    expect(twice.error?.code).toBe('email_exists');
    expect((await supabase(gw.url).auth.admin.inviteUserByEmail(address('anon'))).error?.code).toBe('not_admin');
  });

  it('generateLink returns the link and code without mailing them', async () => {
    const email = address('generate');
    const inv = await admin.auth.admin.generateLink({ type: 'invite', email, options: { redirectTo: `${APP}/set-password` } });
    expect(inv.error).toBeNull();
    expect(inv.data.properties).toMatchObject({ verification_type: 'invite', redirect_to: `${APP}/set-password`, email_otp: expect.stringMatching(/^\d{6}$/) });
    expect(inv.data.user?.email).toBe(email);
    expect(await mailsTo(mail, email)).toEqual([]);
    const byHash = await supabase(gw.url).auth.verifyOtp({ token_hash: inv.data.properties!.hashed_token, type: 'invite' });
    expect(byHash.error).toBeNull();
    expect(byHash.data.session?.user.email).toBe(email);
    const rec = await admin.auth.admin.generateLink({ type: 'recovery', email });
    const byCode = await supabase(gw.url).auth.verifyOtp({ email, token: rec.data.properties!.email_otp, type: 'recovery' });
    expect(byCode.error).toBeNull();
    expect((await admin.auth.admin.generateLink({ type: 'recovery', email: address('unknown') })).error?.code).toBe('user_not_found');
    expect((await admin.auth.admin.generateLink({ type: 'invite', email })).error?.code).toBe('email_exists');
  });
});

describe('recovery, magic link and email OTP', () => {
  async function confirmedUser(tag: string) {
    const email = address(tag);
    const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    expect(created.error).toBeNull();
    return { email, id: created.data.user!.id };
  }

  it('resetPasswordForEmail answers alike for unknown addresses and mails known ones a recovery link', async () => {
    const u = await confirmedUser('recover');
    const unknown = address('nobody');
    expect((await supabase(gw.url).auth.resetPasswordForEmail(unknown)).error).toBeNull();
    expect(await mailsTo(mail, unknown)).toEqual([]);
    expect((await supabase(gw.url).auth.resetPasswordForEmail(u.email, { redirectTo: `${APP}/set-password` })).error).toBeNull();
    const m = await lastMailTo(mail, u.email);
    expect(m.subject).toBe('Set your CleanMateX HQ password | تعيين كلمة المرور');
    const followed = await followLink(linkAndCode(m).link);
    expect(followed.fragment.get('type')).toBe('recovery');
    const client = await sessionFrom(followed.fragment);
    expect((await client.auth.updateUser({ password: 'Recovered-Pass-77!' })).error).toBeNull();
    expect((await supabase(gw.url).auth.signInWithPassword({ email: u.email, password: 'Recovered-Pass-77!' })).error).toBeNull();
  });

  it('signInWithOtp mails a magic link whose code signs in; unknown addresses are refused as GoTrue does', async () => {
    const u = await confirmedUser('otp');
    const client = supabase(gw.url);
    expect((await client.auth.signInWithOtp({ email: u.email, options: { shouldCreateUser: false } })).error).toBeNull();
    const m = await lastMailTo(mail, u.email);
    expect(m.subject).toBe('Your Magic Link');
    const { code } = linkAndCode(m);
    const wrong = await client.auth.verifyOtp({ email: u.email, token: code === '123456' ? '654321' : '123456', type: 'email' });
    expect(wrong.error?.status).toBe(403);
    expect(wrong.error?.code).toBe('otp_expired');
    const ok = await client.auth.verifyOtp({ email: u.email, token: code!, type: 'email' });
    expect(ok.error).toBeNull();
    expect(claimsOf(ok.data.session!.access_token).sub).toBe(u.id);
    const noUser = await supabase(gw.url).auth.signInWithOtp({ email: address('stranger'), options: { shouldCreateUser: false } });
    expect(noUser.error?.code).toBe('otp_disabled');
    // config.toml disables sign-ups: no account appears through the magic link either.
    const signup = await supabase(gw.url).auth.signInWithOtp({ email: address('newcomer') });
    expect(signup.error?.code).toBe('signup_disabled');
  });

  it('refuses expired links', async () => {
    const u = await confirmedUser('expired');
    await supabase(gw.url).auth.resetPasswordForEmail(u.email);
    await withDb((c) => c.query(`update auth.users set recovery_sent_at = now() - interval '2 hours' where id = $1`, [u.id]));
    const res = await followLink(linkAndCode(await lastMailTo(mail, u.email)).link);
    expect(res.fragment.get('error_code')).toBe('otp_expired');
    expect(res.fragment.get('error_description')).toBe('Email link is invalid or has expired');
  });
});

describe('sign-up settings', () => {
  it('with enable_confirmations, sign-up mails a confirmation and opens no session until it is followed', async () => {
    const open = await startTestGateway({ smtp: { port: mail.smtpPort }, configOverrides: { enableSignup: true, mailerAutoconfirm: false } });
    try {
      const email = address('signup');
      const client = supabase(open.url);
      const res = await client.auth.signUp({ email, password: PASSWORD, options: { emailRedirectTo: `${APP}/welcome` } });
      expect(res.error).toBeNull();
      expect(res.data.session).toBeNull();
      expect(res.data.user?.email_confirmed_at).toBeUndefined();
      const refused = await supabase(open.url).auth.signInWithPassword({ email, password: PASSWORD });
      expect(refused.error?.code).toBe('email_not_confirmed');
      await new Promise((r) => setTimeout(r, 1100)); // [auth.email] max_frequency = 1s
      expect((await supabase(open.url).auth.resend({ type: 'signup', email, options: { emailRedirectTo: `${APP}/welcome` } })).error).toBeNull();
      const mails = await mailsTo(mail, email);
      expect(mails.map((m) => m.subject)).toEqual(['Confirm Your Signup', 'Confirm Your Signup']);
      // Only the newest link counts.
      expect((await followLink(linkAndCode(mails[1]).link)).fragment.get('error_code')).toBe('otp_expired');
      const confirmed = await followLink(linkAndCode(mails[0]).link);
      expect(confirmed.location.pathname).toBe('/welcome');
      expect(confirmed.fragment.get('type')).toBe('signup');
      expect((await supabase(open.url).auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
      const again = await supabase(open.url).auth.signUp({ email, password: PASSWORD });
      expect(again.error?.code).toBe('user_already_exists');
    } finally { await open.close(); }
  });
});

describe('the console invitation path', () => {
  it('invite_staff → set-password mail → link → password → TOTP enrolment → active HQ staff', async () => {
    // A super admin with an aal2 session invites a new member (the seeded demo admin).
    const hq = supabase(gw.url);
    expect((await hq.auth.signInWithPassword({ email: 'admin@cleanmatex.test', password: 'CleanMateX-demo-2026!' })).error).toBeNull();
    const factors = await hq.auth.mfa.listFactors();
    expect((await hq.auth.mfa.challengeAndVerify({ factorId: factors.data!.totp[0].id, code: codeFor('JBSWY3DPEHPK3PXP') })).error).toBeNull();
    const email = address('staff');
    const invited = await hq.rpc('invite_staff', { email, role: 'support', display_name: 'New Member' });
    expect(invited.error).toBeNull();
    // The console then asks GoTrue for a set-password mail (what its staff page does).
    expect((await supabase(gw.url).auth.resetPasswordForEmail(email, { redirectTo: `${APP}/set-password` })).error).toBeNull();
    const link = linkAndCode(await lastMailTo(mail, email)).link;
    const landed = await followLink(link);
    expect(landed.location.pathname).toBe('/set-password');
    const member = await sessionFrom(landed.fragment);
    expect((await member.auth.updateUser({ password: 'First-Staff-Pass-1!' })).error).toBeNull();
    // Not yet HQ: aal1.
    const early = await member.rpc('activate_my_staff_account');
    expect(early.error?.details).toBe('auth.mfa_required');
    const enrol = await member.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'phone' }) as any;
    expect(enrol.error).toBeNull();
    expect((await member.auth.mfa.challengeAndVerify({ factorId: enrol.data.id, code: codeFor(enrol.data.totp.secret) })).error).toBeNull();
    const activated = await member.rpc('activate_my_staff_account');
    expect(activated.error).toBeNull();
    const profile = await member.rpc('my_staff_profile');
    expect(profile.data).toMatchObject({ email, status: 'active', role: 'support' });
    // And the password works for the next sign-in.
    expect((await supabase(gw.url).auth.signInWithPassword({ email, password: 'First-Staff-Pass-1!' })).error).toBeNull();
  });
});
