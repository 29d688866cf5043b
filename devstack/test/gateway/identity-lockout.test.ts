// Issue 12 §1 and §5 through /auth/v1 with the project's own hooks (private.hook_*): an HQ
// invitation never adopts a tenant account, and the sign-in answer neither tells staff, tenant users
// and unknown emails apart nor lets anyone keep a staff member locked out everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_ANON_KEY, DEMO_SERVICE_ROLE_KEY, startTestGateway, supabase, withDb } from './helpers.ts';
import { base32Decode, totp } from '../../src/gateway/auth/totp.ts';

const PASSWORD = 'Correct-Horse-42!';
const RUN = Date.now();
let gw: { url: string; close(): Promise<void> };
let admin: SupabaseClient<any, any, any>;
let service: SupabaseClient<any, any, any>;

beforeAll(async () => {
  gw = await startTestGateway({
    authHooks: {
      customAccessToken: { schema: 'private', name: 'hook_custom_access_token' },
      passwordVerificationAttempt: { schema: 'private', name: 'hook_password_verification_attempt' },
      mfaVerificationAttempt: { schema: 'private', name: 'hook_mfa_verification_attempt' },
    },
  });
  admin = supabase(gw.url, DEMO_SERVICE_ROLE_KEY);
  service = supabase(gw.url, DEMO_SERVICE_ROLE_KEY);
});
afterAll(async () => { await gw?.close(); });

async function createUser(tag: string): Promise<{ id: string; email: string }> {
  const email = `${tag}-${RUN}@identity.test`;
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(created.error).toBeNull();
  return { id: created.data.user!.id, email };
}

async function makeStaff(id: string, email: string) {
  await withDb((c) => c.query(`insert into public.platform_staff (user_id, email, role_code, status) values ($1, $2, 'support', 'active')`, [id, email]));
}

async function makeTenantOwner(id: string, tag: string) {
  await withDb(async (c) => {
    const { rows } = await c.query(
      `insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
       values ($1, '{"en":"Identity","ar":"هوية"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', '{"email":"x@example.test"}', 'active') returning id`,
      [`${tag}-${RUN}`]);
    await c.query(`insert into public.tenant_members (tenant_id, user_id, role) values ($1, $2, 'owner')`, [rows[0].id, id]);
  });
}

/** A password sign-in sent from `source` (a loopback address), as raw HTTP so the source is ours to pick. */
function signIn(source: string, email: string, password: string): Promise<{ status: number; body: any }> {
  const u = new URL(`${gw.url}/auth/v1/token?grant_type=password`);
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', localAddress: source,
      headers: { 'content-type': 'application/json', apikey: DEMO_ANON_KEY },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ email, password }));
  });
}

const shape = (r: { status: number; body: any }) => ({ status: r.status, code: r.body.code, message: r.body.message });

describe('lock-out (issue 12 §5)', () => {
  it('answers a run of wrong passwords, and then the right one, alike for staff, tenant users and unknown emails', async () => {
    const staff = await createUser('lock-staff');
    await makeStaff(staff.id, staff.email);
    const tenant = await createUser('lock-tenant');
    await makeTenantOwner(tenant.id, 'lock-tenant');
    const unknown = `nobody-${RUN}@identity.test`;
    const source = '127.0.0.2';
    for (let i = 0; i < 7; i++) {
      const answers = await Promise.all([staff.email, tenant.email, unknown].map((e) => signIn(source, e, `wrong-${i}`)));
      expect(answers.map(shape)).toEqual(Array(3).fill({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' }));
    }
    // Both accounts are now held for this source; the right password reads like a wrong one.
    const right = await Promise.all([staff.email, tenant.email].map((e) => signIn(source, e, PASSWORD)));
    expect(right.map(shape)).toEqual(Array(2).fill({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' }));
    // A source that has not failed is not affected.
    const elsewhere = await signIn('127.0.0.3', staff.email, PASSWORD);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.access_token).toBeTruthy();
    const tenantElsewhere = await signIn('127.0.0.3', tenant.email, PASSWORD);
    expect(tenantElsewhere.status).toBe(200);
  });

  it('does not let failures during a lock extend it', async () => {
    const staff = await createUser('lock-extend');
    await makeStaff(staff.id, staff.email);
    for (let i = 0; i < 5; i++) await signIn('127.0.0.4', staff.email, 'wrong');
    const until = async () => (await withDb((c) => c.query(
      `select blocked_until from private.auth_throttle where user_id = $1 and source = '127.0.0.4'`, [staff.id]))).rows[0]?.blocked_until as Date;
    const first = await until();
    expect(first).toBeInstanceOf(Date);
    for (let i = 0; i < 10; i++) await signIn('127.0.0.4', staff.email, 'wrong');
    expect((await until()).getTime()).toBe(first.getTime());
  });
});

describe('invitations (issue 12 §1)', () => {
  it('refuses to invite an address a tenant owner moved their login to', async () => {
    const owner = await createUser('adopt-owner');
    await makeTenantOwner(owner.id, 'adopt');
    const client = supabase(gw.url);
    expect((await client.auth.signInWithPassword({ email: owner.email, password: PASSWORD })).error).toBeNull();
    const target = `new-hire-${RUN}@hq.test`;
    // With double_confirm_changes the owner confirms from both mailboxes; the admin API stands in for
    // the completed change (the mail flow itself is tested in auth-mail.test.ts).
    expect((await service.auth.admin.updateUserById(owner.id, { email: target, email_confirm: true })).error).toBeNull();
    const invited = await service.rpc('invite_staff', { email: target, role: 'biz_admin' });
    expect(invited.error).toMatchObject({ code: 'PT409', details: 'staff.email_unavailable' });
    const { rows } = await withDb((c) => c.query('select count(*)::int as n from public.platform_staff where email = $1', [target]));
    expect(rows[0].n).toBe(0);
  });

  it('completes with a password and an authenticator of the invitee, not with credentials from before', async () => {
    // An invitation row for an account that already had a password and a verified factor (as an
    // invitation adopted one before the fix).
    const legacy = await createUser('legacy');
    const oldClient = supabase(gw.url);
    expect((await oldClient.auth.signInWithPassword({ email: legacy.email, password: PASSWORD })).error).toBeNull();
    const enroll = await oldClient.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'old phone' });
    expect(enroll.error).toBeNull();
    const code = () => totp(base32Decode(enroll.data!.totp.secret), Date.now() / 1000);
    expect((await oldClient.auth.mfa.challengeAndVerify({ factorId: enroll.data!.id, code: code() })).error).toBeNull();
    await withDb((c) => c.query(`insert into public.platform_staff (user_id, email, role_code, status, invited_at)
                                 values ($1, $2, 'support', 'invited', clock_timestamp())`, [legacy.id, legacy.email]));

    // Signed in again with the old password and old factor: refused.
    const again = supabase(gw.url);
    expect((await again.auth.signInWithPassword({ email: legacy.email, password: PASSWORD })).error).toBeNull();
    expect((await again.auth.mfa.challengeAndVerify({ factorId: enroll.data!.id, code: code() })).error).toBeNull();
    const refused = await again.rpc('activate_my_staff_account');
    expect(refused.error).toMatchObject({ code: 'PT403', details: 'staff.invitation_incomplete' });

    // A fresh password is not enough while the session's factor is the old one.
    expect((await again.auth.updateUser({ password: 'Brand-New-Secret-7!' })).error).toBeNull();
    const stillOld = await again.rpc('activate_my_staff_account');
    expect(stillOld.error).toMatchObject({ code: 'PT403', details: 'staff.invitation_incomplete' });

    // With a factor enrolled after the invitation, the invitation completes.
    const fresh = await again.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'new phone' });
    expect(fresh.error).toBeNull();
    const newCode = totp(base32Decode(fresh.data!.totp.secret), Date.now() / 1000);
    expect((await again.auth.mfa.challengeAndVerify({ factorId: fresh.data!.id, code: newCode })).error).toBeNull();
    const done = await again.rpc('activate_my_staff_account');
    expect(done.error).toBeNull();
    expect(done.data).toBe('active');
  });
});

describe('the database role in the token (docs/rls-performance.md)', () => {
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

  it('gives HQ staff role hq_staff, which REST switches to; a tenant user keeps authenticated', async () => {
    const staff = await createUser('role-staff');
    await makeStaff(staff.id, staff.email);
    const tenant = await createUser('role-tenant');
    await makeTenantOwner(tenant.id, 'role-tenant');
    const staffIn = await signIn('127.0.0.5', staff.email, PASSWORD);
    const tenantIn = await signIn('127.0.0.5', tenant.email, PASSWORD);
    expect(claimsOf(staffIn.body.access_token).role).toBe('hq_staff');
    expect(claimsOf(tenantIn.body.access_token).role).toBe('authenticated');
    // REST runs the staff member's request as hq_staff: it reads their own staff row
    const res = await fetch(`${gw.url}/rest/v1/platform_staff?select=user_id,status`, {
      headers: { apikey: DEMO_ANON_KEY, authorization: `Bearer ${staffIn.body.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ user_id: staff.id, status: 'active' }]);
  });
});
