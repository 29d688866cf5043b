// GoTrue's mail flows: invite, recovery, magic link / email OTP, verification of mailed links and
// codes (GET and POST /verify), email change confirmation and reauthentication.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PoolClient } from 'pg';
import { AuthError } from './errors.ts';
import { type MailKind, sendAuthMail } from './mailer.ts';
import { checkEmailLimit } from './ratelimit.ts';
import { type AuthContext, clientMeta, jsonBody, reply, requireAdmin, requireUser, runtime } from './request.ts';
import { type AuthRuntime, createSession, issueRefreshToken, sessionResponse, withTx } from './sessions.ts';
import { checkMaxFrequency, isExpired, issueToken, newOtp, tokenHash } from './otp.ts';
import { checkPasswordStrength, createUser, findUserByEmail, userJson } from './users.ts';
import type { GatewayConfig } from '../config.ts';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function validEmail(value: unknown): string {
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  return value.trim().toLowerCase();
}

/** redirect_to when GoTrue would follow it (the site, loopback on any port, the allow list), else site_url. */
export function redirectTarget(config: GatewayConfig, candidate: unknown): string {
  if (typeof candidate !== 'string' || !candidate) return config.siteUrl;
  let site: URL; let to: URL;
  try { site = new URL(config.siteUrl); to = new URL(candidate); } catch { return config.siteUrl; }
  if (to.hostname === site.hostname && to.protocol === site.protocol && (to.port === site.port || LOOPBACK.has(to.hostname))) return candidate;
  if (LOOPBACK.has(to.hostname)) return candidate;
  const bare = candidate.split('#')[0];
  for (const pattern of config.additionalRedirectUrls) {
    const re = new RegExp(`^${pattern.split('**').map((p) => p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^./]*')).join('.*')}$`);
    if (re.test(bare)) return candidate;
  }
  return config.siteUrl;
}

const verifyLink = (rt: AuthRuntime, hash: string, type: string, redirect: string) =>
  `${rt.issuer}/verify?token=${hash}&type=${type}&redirect_to=${encodeURIComponent(redirect)}`;

async function lockUser(c: PoolClient, id: string) {
  return (await c.query('select * from auth.users where id = $1 for update', [id])).rows[0];
}

/**
 * Mails a link and code of `mail` kind to a (locked) user: invite and confirmation use the
 * confirmation token, recovery and magic links the recovery token.
 */
async function mailToken(rt: AuthRuntime, c: PoolClient, user: any, mail: 'invite' | 'confirmation' | 'recovery' | 'magic_link', redirect: string) {
  const kind = mail === 'invite' || mail === 'confirmation' ? 'confirmation' : 'recovery';
  checkMaxFrequency(kind === 'confirmation' ? user.confirmation_sent_at : user.recovery_sent_at, rt.config.emailMaxFrequency);
  checkEmailLimit(rt.limiter, rt.config.rateLimit.emailSent);
  const { otp, hash } = await issueToken(c, user, kind, rt.config.otpLength);
  if (mail === 'invite') await c.query('update auth.users set invited_at = now() where id = $1', [user.id]);
  const type = { invite: 'invite', confirmation: 'signup', recovery: 'recovery', magic_link: 'magiclink' }[mail];
  await sendAuthMail(rt.config, mail as MailKind, user.email, {
    ConfirmationURL: verifyLink(rt, hash, type, redirect), Token: otp, TokenHash: hash, SiteURL: rt.config.siteUrl,
    Email: user.email, RedirectTo: redirect, Data: user.raw_user_meta_data ?? {},
  });
}

/** Sign-up with enable_confirmations: the confirmation mail for a new user. */
export async function sendConfirmation(rt: AuthRuntime, c: PoolClient, userId: string, redirect: string) {
  await mailToken(rt, c, await lockUser(c, userId), 'confirmation', redirect);
}

/** POST /invite (service role): creates the user if needed and mails the invitation. */
export async function invite(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  requireAdmin(ctx, req);
  const body = await jsonBody(req);
  const email = validEmail(body.email);
  const rt = runtime(ctx, req);
  const redirect = redirectTarget(ctx.config, search.get('redirect_to') ?? body.redirect_to);
  const user = await withTx(ctx.pool, async (c) => {
    let user = await findUserByEmail(c, email);
    if (user?.email_confirmed_at) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
    if (!user) user = await createUser(c, { email, userMetadata: isObject(body.data) ? body.data : {} });
    user = await lockUser(c, user.id);
    await mailToken(rt, c, user, 'invite', redirect);
    return lockUser(c, user.id);
  });
  return reply(req, res, 200, await userJson(ctx.pool, user));
}

/** POST /recover: a password-reset mail; the same empty answer whether or not the address is known. */
export async function recover(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const body = await jsonBody(req);
  if (typeof body.email !== 'string' || !body.email) throw new AuthError(400, 'validation_failed', 'Password recovery requires an email');
  const email = validEmail(body.email);
  const rt = runtime(ctx, req);
  const redirect = redirectTarget(ctx.config, search.get('redirect_to') ?? body.redirect_to);
  await withTx(ctx.pool, async (c) => {
    const found = await findUserByEmail(c, email);
    if (found) await mailToken(rt, c, await lockUser(c, found.id), 'recovery', redirect);
  });
  return reply(req, res, 200, {});
}

/** POST /otp: a magic link with its code (existing users), or a sign-up when create_user and sign-ups allow it. */
export async function otp(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const body = await jsonBody(req);
  if (body.phone !== undefined && body.email !== undefined) throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided');
  if (body.phone !== undefined) throw new AuthError(400, 'phone_provider_disabled', 'Unsupported phone provider');
  if (body.email === undefined) throw new AuthError(400, 'validation_failed', 'One of email or phone must be set');
  const email = validEmail(body.email);
  const createUserAllowed = body.create_user !== false;
  const rt = runtime(ctx, req);
  const redirect = redirectTarget(ctx.config, search.get('redirect_to') ?? body.redirect_to);
  await withTx(ctx.pool, async (c) => {
    let user = await findUserByEmail(c, email);
    if (!user && !createUserAllowed) throw new AuthError(422, 'otp_disabled', 'Signups not allowed for otp');
    if (!user) {
      if (!ctx.config.enableSignup) throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
      user = await createUser(c, { email, userMetadata: isObject(body.data) ? body.data : {}, emailConfirm: false });
    }
    user = await lockUser(c, user.id);
    // An unconfirmed address first gets its sign-up confirmation (a link that also signs in).
    await mailToken(rt, c, user, user.email_confirmed_at ? 'magic_link' : 'confirmation', redirect);
  });
  return reply(req, res, 200, {});
}

/** GET /reauthenticate: mails a code that PUT /user accepts as `nonce` for a password change. */
export async function reauthenticate(ctx: AuthContext, req: IncomingMessage, res: ServerResponse) {
  const { user } = await requireUser(ctx, req);
  if (!user.email) throw new AuthError(400, 'validation_failed', 'Reauthentication requires the user to have an email or a phone number');
  if (!user.email_confirmed_at) throw new AuthError(422, 'email_not_confirmed', 'Please verify your email first.');
  const rt = runtime(ctx, req);
  await withTx(ctx.pool, async (c) => {
    const locked = await lockUser(c, user.id);
    checkMaxFrequency(locked.reauthentication_sent_at, ctx.config.emailMaxFrequency);
    checkEmailLimit(rt.limiter, ctx.config.rateLimit.emailSent);
    const { otp: code } = await issueToken(c, locked, 'reauthentication', ctx.config.otpLength);
    await sendAuthMail(ctx.config, 'reauthentication', locked.email, { Token: code, SiteURL: ctx.config.siteUrl, Email: locked.email, Data: locked.raw_user_meta_data ?? {} });
  });
  return reply(req, res, 200, {});
}

/** PUT /user with a new email: confirmation mails (to both addresses with double_confirm_changes). */
export async function sendEmailChange(rt: AuthRuntime, c: PoolClient, userId: string, newEmail: string, redirect: string) {
  const user = await lockUser(c, userId);
  checkMaxFrequency(user.email_change_sent_at, rt.config.emailMaxFrequency);
  const both = rt.config.doubleConfirmChanges && !!user.email;
  const otpNew = freshCode(rt, newEmail);
  const otpCurrent = both ? freshCode(rt, user.email) : null;
  await c.query(`update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = $4,
    email_change_confirm_status = 0, email_change_sent_at = now(), updated_at = now() where id = $1`,
  [user.id, newEmail, otpNew.hash, otpCurrent?.hash ?? '']);
  const vars = { SiteURL: rt.config.siteUrl, Email: user.email, NewEmail: newEmail, RedirectTo: redirect, Data: user.raw_user_meta_data ?? {} };
  checkEmailLimit(rt.limiter, rt.config.rateLimit.emailSent);
  await sendAuthMail(rt.config, 'email_change', newEmail, { ...vars, Token: otpNew.otp, TokenHash: otpNew.hash, ConfirmationURL: verifyLink(rt, otpNew.hash, 'email_change', redirect) });
  if (otpCurrent) {
    checkEmailLimit(rt.limiter, rt.config.rateLimit.emailSent);
    await sendAuthMail(rt.config, 'email_change', user.email, { ...vars, Token: otpCurrent.otp, TokenHash: otpCurrent.hash, ConfirmationURL: verifyLink(rt, otpCurrent.hash, 'email_change', redirect) });
  }
}

function freshCode(rt: AuthRuntime, address: string) {
  const code = newOtp(rt.config.otpLength);
  return { otp: code, hash: tokenHash(address, code) };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const VERIFY_TYPES = new Set(['signup', 'invite', 'recovery', 'magiclink', 'email_change', 'email']);
const SINGLE_CONFIRMATION = 'Confirmation link accepted. Please proceed to confirm link sent to the other email';

type Verified = { kind: 'session'; session: Record<string, any>; type: string } | { kind: 'message'; message: string };

/** Finds the user a mailed token belongs to, checks it, applies it and opens a session. */
async function verifyToken(rt: AuthRuntime, req: IncomingMessage, type: string, hash: string, email: string | null, viaLink: boolean): Promise<Verified> {
  const invalid = () => new AuthError(403, 'otp_expired', viaLink ? 'Email link is invalid or has expired' : 'Token has expired or is invalid');
  return withTx(rt.pool, async (c) => {
    const { rows } = await c.query(
      `select * from auth.users where deleted_at is null and (
         ($2 in ('signup', 'invite', 'email') and confirmation_token = $1) or
         ($2 in ('recovery', 'magiclink', 'email') and recovery_token = $1) or
         ($2 = 'email_change' and (email_change_token_current = $1 or email_change_token_new = $1)))
       for update`, [hash, type]);
    const user = rows[0];
    if (!user || (email && ![user.email, user.email_change].includes(email))) throw invalid();
    if (user.banned_until && new Date(user.banned_until) > new Date()) throw new AuthError(403, 'user_banned', 'User is banned');
    let applied = type;
    if (type === 'email') applied = user.confirmation_token === hash ? 'signup' : 'magiclink';
    const sentAt = applied === 'email_change' ? user.email_change_sent_at
      : applied === 'signup' || applied === 'invite' ? user.confirmation_sent_at : user.recovery_sent_at;
    if (isExpired(sentAt, rt.config.otpExpiry)) throw invalid();

    if (applied === 'signup' || applied === 'invite') {
      await c.query(`update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), confirmation_token = '', confirmation_sent_at = null where id = $1`, [user.id]);
    } else if (applied === 'recovery' || applied === 'magiclink') {
      await c.query(`update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), recovery_token = '', recovery_sent_at = null where id = $1`, [user.id]);
    } else {
      // double_confirm_changes: the first of the two links only records itself.
      if (rt.config.doubleConfirmChanges && user.email && user.email_change_confirm_status === 0) {
        const column = user.email_change_token_current === hash ? 'email_change_token_current' : 'email_change_token_new';
        await c.query(`update auth.users set email_change_confirm_status = 1, ${column} = '' where id = $1`, [user.id]);
        return { kind: 'message', message: SINGLE_CONFIRMATION } as Verified;
      }
      await c.query(`update auth.users set email = email_change, email_change = '', email_change_token_current = '', email_change_token_new = '',
        email_change_confirm_status = 0, email_change_sent_at = null, email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now() where id = $1`, [user.id]);
      await c.query(`update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text) where user_id = $1 and provider = 'email'`, [user.id, user.email_change]);
    }
    await c.query(`update auth.identities set identity_data = identity_data || '{"email_verified": true}' where user_id = $1 and provider = 'email'`, [user.id]);
    const sessionId = await createSession(c, user.id, 'otp', clientMeta(req));
    const refresh = await issueRefreshToken(c, user.id, sessionId, null);
    const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
    return { kind: 'session', session: await sessionResponse(rt, c, fresh, sessionId, refresh, 'otp'), type: applied } as Verified;
  });
}

/** GET /verify (the link in a mail): redirects to redirect_to with the session or the error in the fragment. */
export async function verifyGet(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const type = search.get('type') ?? '';
  const token = search.get('token') ?? '';
  if (!type) throw new AuthError(400, 'validation_failed', 'Verify requires a verification type');
  if (!token) throw new AuthError(400, 'validation_failed', 'Verify requires a token or a token hash');
  if (!VERIFY_TYPES.has(type)) throw new AuthError(400, 'validation_failed', 'Unsupported verification type');
  const target = new URL(redirectTarget(ctx.config, search.get('redirect_to')));
  const fragment = new URLSearchParams();
  try {
    const out = await verifyToken(runtime(ctx, req), req, type, token, null, true);
    if (out.kind === 'message') fragment.set('message', out.message);
    else {
      const s = out.session;
      for (const [k, v] of Object.entries({ access_token: s.access_token, expires_at: s.expires_at, expires_in: s.expires_in, refresh_token: s.refresh_token, token_type: 'bearer', type: out.type })) fragment.set(k, String(v));
    }
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    const oauth: Record<number, string> = { 400: 'invalid_request', 401: 'unauthorized_client', 403: 'access_denied', 500: 'server_error' };
    if (oauth[err.status]) fragment.set('error', oauth[err.status]);
    fragment.set('error_code', err.code);
    fragment.set('error_description', err.message);
  }
  fragment.set('sb', '');
  target.hash = fragment.toString();
  res.writeHead(303, { Location: target.toString(), 'Access-Control-Allow-Origin': (req.headers.origin as string) ?? '*' });
  res.end();
}

/** POST /verify: {type, token, email} or {type, token_hash} → a session (or the first of two email-change confirmations). */
export async function verifyPost(ctx: AuthContext, req: IncomingMessage, res: ServerResponse) {
  const body = await jsonBody(req);
  const type = typeof body.type === 'string' ? body.type : '';
  if (!type) throw new AuthError(400, 'validation_failed', 'Verify requires a verification type');
  const token = typeof body.token === 'string' ? body.token : '';
  const hashParam = typeof body.token_hash === 'string' ? body.token_hash : '';
  if ((!token && !hashParam) || (token && hashParam)) throw new AuthError(400, 'validation_failed', 'Verify requires either a token or a token hash');
  if (!VERIFY_TYPES.has(type)) throw new AuthError(400, 'validation_failed', 'Unsupported verification type');
  let email: string | null = null;
  let hash = hashParam;
  if (token) {
    if (body.phone !== undefined || typeof body.email !== 'string') throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided on verify');
    if (!EMAIL.test(body.email.trim())) throw new AuthError(422, 'validation_failed', 'Invalid email format');
    email = body.email.trim().toLowerCase();
    hash = tokenHash(email!, token.trim());
  } else if (body.email !== undefined || body.phone !== undefined) {
    throw new AuthError(400, 'validation_failed', 'Only the token_hash and type should be provided');
  }
  const out = await verifyToken(runtime(ctx, req), req, type, hash, email, !token);
  if (out.kind === 'message') return reply(req, res, 200, { msg: out.message, code: 200 });
  return reply(req, res, 200, out.session);
}

/** POST /admin/generate_link (service role): the link and code a mail would carry, without sending it. */
export async function generateLink(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const body = await jsonBody(req);
  const type = typeof body.type === 'string' ? body.type : '';
  const email = validEmail(body.email);
  const rt = runtime(ctx, req);
  const redirect = redirectTarget(ctx.config, search.get('redirect_to') ?? body.redirect_to);
  const data = isObject(body.data) ? body.data : {};
  const out = await withTx(ctx.pool, async (c) => {
    let user = await findUserByEmail(c, email);
    if (!user && ['recovery', 'email_change_current', 'email_change_new'].includes(type)) throw new AuthError(404, 'user_not_found', 'User with this email not found');
    let linkType = type;
    let hash: string; let code: string;
    if (type === 'signup' || type === 'invite') {
      if (user?.email_confirmed_at) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
      if (type === 'signup') checkPasswordStrength(body.password, ctx.config.minPasswordLength, ctx.config.passwordRequirements);
      user ??= await createUser(c, { email, password: type === 'signup' ? body.password : undefined, userMetadata: data });
      ({ otp: code, hash } = await issueToken(c, user, 'confirmation', ctx.config.otpLength));
      if (type === 'invite') await c.query('update auth.users set invited_at = now() where id = $1', [user.id]);
    } else if (type === 'magiclink' || type === 'recovery') {
      // A magic link for an unknown address signs the address up (as GoTrue does).
      user ??= await createUser(c, { email, userMetadata: data });
      ({ otp: code, hash } = await issueToken(c, user, 'recovery', ctx.config.otpLength));
    } else if (type === 'email_change_current' || type === 'email_change_new') {
      const newEmail = validEmail(body.new_email);
      if (type === 'email_change_current' && !ctx.config.doubleConfirmChanges) throw new AuthError(400, 'validation_failed', 'Enable secure email change to generate link for current email');
      if (await findUserByEmail(c, newEmail)) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
      const current = type === 'email_change_current';
      code = newOtp(ctx.config.otpLength);
      hash = tokenHash(current ? user.email : newEmail, code);
      await c.query(`update auth.users set email_change = $2, ${current ? 'email_change_token_current' : 'email_change_token_new'} = $3,
        email_change_confirm_status = 0, email_change_sent_at = now() where id = $1`, [user.id, newEmail, hash]);
      linkType = 'email_change';
    } else {
      throw new AuthError(400, 'validation_failed', `Invalid email action link type requested: ${type}`);
    }
    const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
    return {
      ...(await userJson(c, fresh)), action_link: verifyLink(rt, hash, linkType, redirect), email_otp: code, hashed_token: hash,
      redirect_to: redirect, verification_type: type,
    };
  });
  return reply(req, res, 200, out);
}

/** POST /resend: the sign-up confirmation or the email-change mails again; quiet when there is nothing to resend. */
export async function resend(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const body = await jsonBody(req);
  const type = body.type;
  if (type === 'sms' || type === 'phone_change') throw new AuthError(400, 'phone_provider_disabled', 'Phone logins are disabled');
  if (type !== 'signup' && type !== 'email_change') throw new AuthError(400, 'validation_failed', 'Missing one of these types: signup, email_change, sms, phone_change');
  if (body.phone !== undefined) throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided.');
  if (body.email === undefined) throw new AuthError(400, 'validation_failed', 'Type provided requires an email address');
  const email = validEmail(body.email);
  const rt = runtime(ctx, req);
  const redirect = redirectTarget(ctx.config, search.get('redirect_to') ?? body.redirect_to);
  await withTx(ctx.pool, async (c) => {
    const found = await findUserByEmail(c, email);
    if (!found) return;
    const user = await lockUser(c, found.id);
    if (type === 'signup' && !user.email_confirmed_at) await mailToken(rt, c, user, 'confirmation', redirect);
    if (type === 'email_change' && user.email_change) await sendEmailChange(rt, c, user.id, user.email_change, redirect);
  });
  return reply(req, res, 200, {});
}
