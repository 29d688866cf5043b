// /auth/v1: the GoTrue endpoints supabase-js uses (password sign-in, refresh, user, logout, admin, MFA TOTP).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, invalidCredentials } from './errors.ts';
import { admin } from './admin.ts';
import { factors } from './factors.ts';
import { callHook } from './hooks.ts';
import { type AuthContext, clientMeta, jsonBody, reply, requireUser, runtime } from './request.ts';
import { createSession, issueRefreshToken, refreshSession, sessionResponse, withTx } from './sessions.ts';
import { checkPasswordStrength, createUser, findUser, findUserByEmail, userJson } from './users.ts';

export { AuthError, sendAuthError } from './errors.ts';

export type { AuthContext } from './request.ts';

export async function handleAuth(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = path.split('/').filter(Boolean);
  const route = `${method} /${parts.join('/')}`;

  if (route === 'GET /health') return reply(req, res, 200, { version: 'devstack', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
  if (route === 'GET /settings') {
    return reply(req, res, 200, {
      external: { email: true, phone: false, anonymous_users: false }, disable_signup: !ctx.config.enableSignup,
      mailer_autoconfirm: true, phone_autoconfirm: false, sms_provider: '', saml_enabled: false,
    });
  }
  // HS256 keys are never published; an empty key set tells clients to fall back to /user.
  if (route === 'GET /.well-known/jwks.json') return reply(req, res, 200, { keys: [] });
  if (route === 'POST /token') return token(ctx, req, res, search.get('grant_type'));
  if (route === 'POST /signup') return signup(ctx, req, res);
  if (route === 'GET /user') {
    const { user } = await requireUser(ctx, req);
    return reply(req, res, 200, await userJson(ctx.pool, user));
  }
  if (route === 'PUT /user') return updateUser(ctx, req, res);
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
  // One bcrypt comparison whatever the account (none, no password yet, or one), so the answer's
  // timing does not tell them apart.
  const dummy = await dummyHash(ctx.pool);
  if (!user) {
    await ctx.pool.query('select extensions.crypt($1, $2)', [body.password, dummy]);
    throw invalidCredentials();
  }
  const { rows } = await ctx.pool.query(
    `select coalesce(encrypted_password, '') <> '' and encrypted_password = extensions.crypt($2, coalesce(nullif(encrypted_password, ''), $3)) as valid
     from auth.users where id = $1`, [user.id, body.password, dummy]);
  const valid = !!rows[0]?.valid;
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
  if (user.banned_until && new Date(user.banned_until) > new Date()) throw new AuthError(400, 'user_banned', 'User is banned');
  const session = await withTx(ctx.pool, async (c) => {
    const sessionId = await createSession(c, user.id, 'password', clientMeta(req));
    const refresh = await issueRefreshToken(c, user.id, sessionId, null);
    const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
    return sessionResponse(rt, c, fresh, sessionId, refresh, 'password');
  });
  return reply(req, res, 200, session);
}

// A bcrypt hash at the cost GoTrue uses, compared against when there is no real one.
let dummyHashOnce: Promise<string> | undefined;
function dummyHash(pool: AuthContext['pool']): Promise<string> {
  dummyHashOnce ??= pool.query(`select extensions.crypt('devstack-timing', extensions.gen_salt('bf', 10)) as h`).then((r) => r.rows[0].h as string);
  dummyHashOnce.catch(() => { dummyHashOnce = undefined; });
  return dummyHashOnce;
}

async function signup(ctx: AuthContext, req: IncomingMessage, res: ServerResponse) {
  const body = await jsonBody(req);
  if (!ctx.config.enableSignup) throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
  if (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(body.email)) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  checkPasswordStrength(body.password, ctx.config.minPasswordLength, ctx.config.passwordRequirements);
  if (body.data !== undefined && (!body.data || typeof body.data !== 'object' || Array.isArray(body.data))) {
    throw new AuthError(400, 'validation_failed', 'data must be an object');
  }
  const session = await withTx(ctx.pool, async (c) => {
    const user = await createUser(c, { email: body.email, password: body.password, emailConfirm: true, userMetadata: body.data ?? {} });
    const sessionId = await createSession(c, user.id, 'password', clientMeta(req));
    const refresh = await issueRefreshToken(c, user.id, sessionId, null);
    const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
    return sessionResponse(runtime(ctx, req), c, fresh, sessionId, refresh, 'password');
  });
  return reply(req, res, 200, session);
}

async function updateUser(ctx: AuthContext, req: IncomingMessage, res: ServerResponse) {
  const { user } = await requireUser(ctx, req);
  const body = await jsonBody(req);
  if (body.password !== undefined) {
    checkPasswordStrength(body.password, ctx.config.minPasswordLength, ctx.config.passwordRequirements);
    const { rows } = await ctx.pool.query(`select encrypted_password = extensions.crypt($2, encrypted_password) as same from auth.users where id = $1`, [user.id, body.password]);
    if (rows[0]?.same) throw new AuthError(422, 'same_password', 'New password should be different from the old password.');
    await ctx.pool.query(`update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)), updated_at = now() where id = $1`, [user.id, body.password]);
  }
  if (body.data !== undefined) {
    if (!body.data || typeof body.data !== 'object' || Array.isArray(body.data)) throw new AuthError(400, 'validation_failed', 'data must be an object');
    await ctx.pool.query(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2::jsonb, updated_at = now() where id = $1`, [user.id, JSON.stringify(body.data)]);
  }
  if (typeof body.email === 'string' && body.email.toLowerCase() !== user.email) {
    if (await findUserByEmail(ctx.pool, body.email)) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
    // No mailer in devstack: the change applies at once (as with email confirmations disabled).
    await ctx.pool.query('update auth.users set email = lower($2), updated_at = now() where id = $1', [user.id, body.email]);
  }
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

