// auth.users rows as GoTrue's JSON user, and the queries that read and write them.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { AuthError } from './errors.ts';

type Db = Pool | PoolClient;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : undefined);

export async function userJson(db: Db, row: any): Promise<Record<string, unknown>> {
  const [identities, factors] = await Promise.all([
    db.query('select * from auth.identities where user_id = $1 order by created_at', [row.id]),
    db.query('select id, friendly_name, factor_type, status, created_at, updated_at from auth.mfa_factors where user_id = $1 order by created_at', [row.id]),
  ]);
  const user: Record<string, unknown> = {
    id: row.id, aud: row.aud ?? 'authenticated', role: row.role ?? 'authenticated',
    email: row.email ?? '', email_confirmed_at: iso(row.email_confirmed_at), phone: row.phone ?? '',
    phone_confirmed_at: iso(row.phone_confirmed_at), confirmed_at: iso(row.confirmed_at),
    last_sign_in_at: iso(row.last_sign_in_at),
    app_metadata: row.raw_app_meta_data ?? {}, user_metadata: row.raw_user_meta_data ?? {},
    identities: identities.rows.map((i) => ({
      identity_id: i.id, id: i.provider_id, user_id: i.user_id, identity_data: i.identity_data, provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at), created_at: iso(i.created_at), updated_at: iso(i.updated_at), email: i.email,
    })),
    created_at: iso(row.created_at), updated_at: iso(row.updated_at), is_anonymous: row.is_anonymous ?? false,
  };
  if (row.banned_until) user.banned_until = iso(row.banned_until);
  if (row.invited_at) user.invited_at = iso(row.invited_at);
  if (row.confirmation_sent_at) user.confirmation_sent_at = iso(row.confirmation_sent_at);
  if (row.recovery_sent_at) user.recovery_sent_at = iso(row.recovery_sent_at);
  if (row.email_change) user.new_email = row.email_change;
  if (row.email_change_sent_at) user.email_change_sent_at = iso(row.email_change_sent_at);
  if (factors.rows.length) {
    user.factors = factors.rows.map((f) => ({
      id: f.id, friendly_name: f.friendly_name ?? '', factor_type: f.factor_type, status: f.status,
      created_at: iso(f.created_at), updated_at: iso(f.updated_at),
    }));
  }
  return user;
}

export async function findUser(db: Db, id: string): Promise<any | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const { rows } = await db.query('select * from auth.users where id = $1 and deleted_at is null', [id]);
  return rows[0];
}

export async function findUserByEmail(db: Db, email: string): Promise<any | undefined> {
  const { rows } = await db.query('select * from auth.users where lower(email) = lower($1) and deleted_at is null and is_sso_user = false', [email]);
  return rows[0];
}

export interface NewUser {
  email?: string; phone?: string; password?: string; emailConfirm?: boolean; phoneConfirm?: boolean;
  userMetadata?: Record<string, unknown>; appMetadata?: Record<string, unknown>; role?: string; banDuration?: string;
}

/** Go duration strings GoTrue accepts for ban_duration ("24h", "1h30m", "none"). */
export function parseBanDuration(value: string): number | null {
  if (value === 'none') return null;
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/g;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * ({ h: 3600_000, m: 60_000, s: 1000, ms: 1 } as Record<string, number>)[m[2]];
    consumed = re.lastIndex;
  }
  if (consumed !== value.length || consumed === 0) throw new AuthError(400, 'validation_failed', 'invalid format for ban duration');
  return total;
}

export async function createUser(db: Db, u: NewUser): Promise<any> {
  if (u.email && (await findUserByEmail(db, u.email))) {
    throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
  }
  const id = randomUUID();
  const provider = u.email ? 'email' : 'phone';
  const banMs = u.banDuration ? parseBanDuration(u.banDuration) : null;
  const { rows } = await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', $2, $3, $4,
       case when $5::text is null then '' else extensions.crypt($5, extensions.gen_salt('bf', 10)) end,
       case when $6 then now() end, case when $7 then now() end, $8::jsonb, $9::jsonb, now(), now(),
       case when $10::bigint is null then null else now() + ($10::bigint * interval '1 millisecond') end, false)
     returning *`,
    [id, u.role ?? 'authenticated', u.email?.toLowerCase() ?? null, u.phone ?? null, u.password ?? null, !!u.emailConfirm, !!u.phoneConfirm,
      JSON.stringify({ provider, providers: [provider], ...(u.appMetadata ?? {}) }), JSON.stringify(u.userMetadata ?? {}), banMs],
  );
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $4::uuid, $2::jsonb, $3, now(), now(), now())`,
    [id, JSON.stringify({ sub: id, email: u.email?.toLowerCase(), email_verified: !!u.emailConfirm, phone_verified: !!u.phoneConfirm }), provider, id],
  );
  return rows[0];
}

const LOWER = /[a-z]/, UPPER = /[A-Z]/, DIGIT = /\d/, SYMBOL = /[^A-Za-z0-9]/;

/** config.toml minimum_password_length and password_requirements → 422 weak_password with reasons. */
export function checkPasswordStrength(password: unknown, minLength: number, requirements: string): void {
  if (typeof password !== 'string') throw new AuthError(422, 'validation_failed', 'Password must be a string');
  const reasons: string[] = [];
  if (password.length < minLength) reasons.push('length');
  const needs = requirements === 'lower_upper_letters_digits_symbols' ? [LOWER, UPPER, DIGIT, SYMBOL]
    : requirements === 'lower_upper_letters_digits' ? [LOWER, UPPER, DIGIT]
    : requirements === 'letters_digits' ? [/[A-Za-z]/, DIGIT] : [];
  if (needs.some((re) => !re.test(password))) reasons.push('characters');
  if (reasons.length) {
    throw new AuthError(422, 'weak_password', reasons.includes('length')
      ? `Password should be at least ${minLength} characters.` : 'Password should contain lower, upper case letters, digits and symbols.',
    { weak_password: { reasons } });
  }
}

// A bcrypt hash of a random secret at the cost createUser uses: compared against when the email
// is unknown (or the user has no password) so that the answer takes as long as for a known user.
export const DUMMY_PASSWORD_HASH = '$2a$10$l3dFr5vJAWlU5t0wYGqJVOJ7rreemGRprecczXLmRihXMRjZFJBx2';

/** One bcrypt comparison whatever the user: true only for a user with a password that matches. */
export async function passwordMatches(db: Db, user: { encrypted_password?: string | null } | undefined, password: string): Promise<boolean> {
  const stored = user?.encrypted_password ?? '';
  const real = /^\$2[aby]\$/.test(stored);
  const { rows } = await db.query('select extensions.crypt($1, $2) = $2 as ok', [password, real ? stored : DUMMY_PASSWORD_HASH]);
  return real && rows[0].ok === true;
}
