// /auth/v1: the GoTrue endpoints supabase-js uses (password sign-in, refresh, user, logout, admin,
// MFA TOTP, and the mail flows: invite, recover, otp, verify, reauthenticate), with GoTrue's rules.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, invalidCredentials } from './errors.ts';
import { admin } from './admin.ts';
import { factors } from './factors.ts';
import { callHook } from './hooks.ts';
import { type AuthContext, clientMeta, jsonBody, reply, requireUser, runtime } from './request.ts';
import { createSession, issueRefreshToken, refreshSession, sessionResponse, withTx } from './sessions.ts';
import { checkPasswordStrength, createUser, findUser, findUserByEmail, passwordMatches, userJson } from './users.ts';
import { invite, otp, reauthenticate, recover, redirectTarget, resend, sendConfirmation, sendEmailChange, verifyGet, verifyPost } from './flows.ts';
import { checkRequestLimit, limitFor } from './ratelimit.ts';
import { clearAllTokens, isExpired, tokenHash } from './otp.ts';

export { AuthError, sendAuthError } from './errors.ts';

export type { AuthContext } from './request.ts';

export async function handleAuth(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = path.split('/').filter(Boolean);
  const route = `${method} /${parts.join('/')}`;
  const limit = limitFor(route);
  if (limit) checkRequestLimit(ctx.limiter, limit, ctx.config.rateLimit[limit], clientMeta(req).ip ?? 'unknown');

  if (route === 'GET /health') return reply(req, res, 200, { version: 'devstack', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
  if (route === 'GET /settings') {
    return reply(req, res, 200, {
      external: { email: true, phone: false, anonymous_users: false }, disable_signup: !ctx.config.enableSignup,
      mailer_autoconfirm: ctx.config.mailerAutoconfirm, phone_autoconfirm: false, sms_provider: '', saml_enabled: false,
    });
  }
  // HS256 keys are never published; an empty key set tells clients to fall back to /user.
  if (route === 'GET /.well-known/jwks.json') return reply(req, res, 200, { keys: [] });
  if (route === 'POST /token') return token(ctx, req, res, search.get('grant_type'));
  if (route === 'POST /signup') return signup(ctx, req, res, search);
  if (route === 'GET /user') {
    const { user } = await requireUser(ctx, req);
    return reply(req, res, 200, await userJson(ctx.pool, user));
  }
  if (route === 'PUT /user') return updateUser(ctx, req, res, search);
  if (route === 'POST /invite') return invite(ctx, req, res, search);
  if (route === 'POST /recover') return recover(ctx, req, res, search);
  if (route === 'POST /otp') return otp(ctx, req, res, search);
  if (route === 'GET /verify') return verifyGet(ctx, req, res, search);
  if (route === 'POST /verify') return verifyPost(ctx, req, res);
  if (route === 'GET /reauthenticate') return reauthenticate(ctx, req, res);
  if (route === 'POST /resend') return resend(ctx, req, res, search);
  if (route === 'POST /logout') return logout(ctx, req, res, search.get('scope') ?? 'global');
  if (parts[0] === 'factors') return factors(ctx, req, res, method, parts.slice(1));
  if (parts[0] === 'admin') return admin(ctx, req, res, method, parts.slice(1), search);
  throw new AuthError(404, 'not_found', 'Not found');
}

async function token(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, grant: string | null) {
  const body = await jsonBody(req);
  const rt = runtime(ctx, req);
  if (grant === 'refresh_token') {
    if (typeof body.refresh_token !== 'string' || !body.refresh_token) {
      throw new AuthError(400, 'validation_failed', 'refresh_token required');
    }
    return reply(req, res, 200, await refreshSession(rt, body.refresh_token));
  }
  if (grant !== 'password') throw new AuthError(400, 'unsupported_grant_type', 'unsupported_grant_type');
  if (typeof body.password !== 'string' || (typeof body.email !== 'string' && typeof body.phone !== 'string')) {
    throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  const user = typeof body.email === 'string'
    ? await findUserByEmail(ctx.pool, body.email)
    : (await ctx.pool.query('select * from auth.users where phone = $1 and deleted_at is null', [body.phone])).rows[0];
  // One bcrypt comparison in every case, so an unknown email answers as slowly as a known one.
  const valid = await passwordMatches(ctx.pool, user, body.password);
  if (!user) throw invalidCredentials();
  const hook = ctx.config.hooks.passwordVerificationAttempt;
  if (hook) {
    // `ip` is not in GoTrue's event: the project's hook locks per account and source with it.
    const out = await callHook(ctx.pool, hook, { user_id: user.id, valid, ip: clientMeta(req).ip });
    if (out.decision === 'reject') {
      if (out.should_logout_user) await ctx.pool.query('delete from auth.sessions where user_id = $1', [user.id]);
      throw new AuthError(400, 'invalid_credentials', typeof out.message === 'string' && out.message ? out.message : 'Invalid login credentials');
    }
  }
  if (!valid) throw invalidCredentials();
  if (typeof body.email === 'string' && !user.email_confirmed_at) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');
  if (user.banned_until && new Date(user.banned_until) > new Date()) throw new AuthError(400, 'user_banned', 'User is banned');
  const session = await withTx(ctx.pool, async (c) => {
    const sessionId = await createSession(c, user.id, 'password', clientMeta(req));
    const refresh = await issueRefreshToken(c, user.id, sessionId, null);
    const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
    return sessionResponse(rt, c, fresh, sessionId, refresh, 'password');
  });
  return reply(req, res, 200, session);
}

async function signup(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const body = await jsonBody(req);
  if (!ctx.config.enableSignup) throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
  if (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(body.email)) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  checkPasswordStrength(body.password, ctx.config.minPasswordLength, ctx.config.passwordRequirements);
  if (body.data !== undefined && (!body.data || typeof body.data !== 'object' || Array.isArray(body.data))) {
    throw new AuthError(400, 'validation_failed', 'data must be an object');
  }
  const rt = runtime(ctx, req);
  const out = await withTx(ctx.pool, async (c) => {
    if (await findUserByEmail(c, body.email)) throw new AuthError(422, 'user_already_exists', 'User already registered');
    const autoconfirm = ctx.config.mailerAutoconfirm;
    const user = await createUser(c, { email: body.email, password: body.password, emailConfirm: autoconfirm, userMetadata: body.data ?? {} });
    // enable_confirmations: the user gets a confirmation mail and no session until they follow it.
    if (!autoconfirm) {
      await sendConfirmation(rt, c, user.id, redirectTarget(ctx.config, search.get('redirect_to')));
      return userJson(c, (await c.query('select * from auth.users where id = $1', [user.id])).rows[0]);
    }
    const sessionId = await createSession(c, user.id, 'password', clientMeta(req));
    const refresh = await issueRefreshToken(c, user.id, sessionId, null);
    const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
    return sessionResponse(rt, c, fresh, sessionId, refresh, 'password');
  });
  return reply(req, res, 200, out);
}

/** PUT /user: GoTrue's rules for changing one's own password, email and metadata. */
async function updateUser(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, search: URLSearchParams) {
  const { user, sessionId, session } = await requireUser(ctx, req);
  const body = await jsonBody(req);
  const newPassword = typeof body.password === 'string' && body.password !== '';
  if (body.password !== undefined) checkPasswordStrength(body.password, ctx.config.minPasswordLength, ctx.config.passwordRequirements);
  if (body.data !== undefined && (!body.data || typeof body.data !== 'object' || Array.isArray(body.data))) {
    throw new AuthError(400, 'validation_failed', 'data must be an object');
  }
  if (body.email !== undefined && (typeof body.email !== 'string' || (body.email !== '' && !/^[^@\s]+@[^@\s]+$/.test(body.email)))) {
    throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  }
  if (body.app_metadata !== undefined) throw new AuthError(403, 'not_admin', 'Updating app_metadata requires admin privileges');
  const newEmail = typeof body.email === 'string' && body.email !== '' && body.email.toLowerCase() !== user.email ? body.email.toLowerCase() : null;
  // A user with a verified factor changes password or email only from an aal2 session.
  const { rows: verified } = await ctx.pool.query(`select 1 from auth.mfa_factors where user_id = $1 and status = 'verified' limit 1`, [user.id]);
  if (verified.length && session?.aal !== 'aal2' && (newPassword || newEmail)) {
    throw new AuthError(401, 'insufficient_aal', 'AAL2 session is required to update email or password when MFA is enabled.');
  }
  if (newEmail && (await findUserByEmail(ctx.pool, newEmail))) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
  const rt = runtime(ctx, req);
  await withTx(ctx.pool, async (c) => {
    const locked = (await c.query('select * from auth.users where id = $1 for update', [user.id])).rows[0];
    if (body.password !== undefined) {
      // secure_password_change: a session older than 24 hours must prove itself with a mailed nonce.
      if (ctx.config.securePasswordChange && (!session || Date.now() - session.createdAt.getTime() > 24 * 3600 * 1000)) {
        if (typeof body.nonce !== 'string' || !body.nonce) throw new AuthError(400, 'reauthentication_needed', 'Password update requires reauthentication');
        const ok = locked.reauthentication_token && locked.email && tokenHash(locked.email, body.nonce.trim()) === locked.reauthentication_token
          && !isExpired(locked.reauthentication_sent_at, ctx.config.otpExpiry);
        if (!ok) throw new AuthError(422, 'reauthentication_not_valid', 'Nonce has expired or is invalid');
      }
      if (newPassword && (await passwordMatches(c, locked, body.password))) {
        throw new AuthError(422, 'same_password', 'New password should be different from the old password.');
      }
      await c.query(`update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)), updated_at = now() where id = $1`, [user.id, body.password]);
      // As GoTrue: mailed tokens are void and every other session of the user ends.
      await clearAllTokens(c, user.id);
      if (sessionId) await c.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, sessionId]);
      else await c.query('delete from auth.sessions where user_id = $1', [user.id]);
    }
    if (body.data !== undefined) {
      await c.query(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2::jsonb, updated_at = now() where id = $1`, [user.id, JSON.stringify(body.data)]);
    }
    // Email changes always wait for the mailed confirmation(s); see flows.ts.
    if (newEmail) await sendEmailChange(rt, c, user.id, newEmail, redirectTarget(ctx.config, search.get('redirect_to')));
  });
  return reply(req, res, 200, await userJson(ctx.pool, await findUser(ctx.pool, user.id)));
}

async function logout(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, scope: string) {
  if (!['global', 'local', 'others'].includes(scope)) throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
  const { user, sessionId } = await requireUser(ctx, req);
  if (scope === 'global' || !sessionId) await ctx.pool.query('delete from auth.sessions where user_id = $1', [user.id]);
  else if (scope === 'local') await ctx.pool.query('delete from auth.sessions where id = $1', [sessionId]);
  else await ctx.pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, sessionId]);
  return reply(req, res, 204, null);
}

