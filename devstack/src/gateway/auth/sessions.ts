// Sessions, refresh tokens (with rotation and reuse detection) and access tokens with GoTrue's claims.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { GatewayConfig } from '../config.ts';
import { signJwt } from '../jwt.ts';
import { AuthError } from './errors.ts';
import { callHook } from './hooks.ts';
import type { RateLimiter } from './ratelimit.ts';
import { userJson } from './users.ts';

export interface AuthRuntime { pool: Pool; config: GatewayConfig; jwtSecret: string; issuer: string; limiter: RateLimiter }

const newRefreshToken = () => randomBytes(9).toString('base64url'); // 12 characters, like GoTrue's

export async function withTx<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function createSession(c: PoolClient, userId: string, method: string, meta: { userAgent?: string; ip?: string }): Promise<string> {
  const sessionId = randomUUID();
  await c.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', now(), $3, $4)`,
    [sessionId, userId, meta.userAgent ?? null, meta.ip && /^[0-9a-f.:]+$/i.test(meta.ip) ? meta.ip : null],
  );
  await addAmr(c, sessionId, method);
  await c.query('update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1', [userId]);
  return sessionId;
}

export async function addAmr(c: PoolClient, sessionId: string, method: string): Promise<void> {
  await c.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method) values ($1, $2, now(), now(), $3)
     on conflict (session_id, authentication_method) do update set updated_at = now()`,
    [randomUUID(), sessionId, method],
  );
}

export async function issueRefreshToken(c: PoolClient, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await c.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  return token;
}

/** A full session response: access token (hook applied), refresh token and user. */
export async function sessionResponse(rt: AuthRuntime, c: PoolClient, userRow: any, sessionId: string, refreshToken: string, method: string) {
  const { rows: sessions } = await c.query('select aal from auth.sessions where id = $1', [sessionId]);
  const { rows: amrRows } = await c.query(
    'select authentication_method, extract(epoch from updated_at)::bigint as ts from auth.mfa_amr_claims where session_id = $1 order by updated_at desc', [sessionId]);
  const now = Math.floor(Date.now() / 1000);
  const exp = now + rt.config.jwtExpiry;
  let claims: Record<string, unknown> = {
    iss: rt.issuer, sub: userRow.id, aud: userRow.aud ?? 'authenticated', exp, iat: now,
    email: userRow.email ?? '', phone: userRow.phone ?? '',
    app_metadata: userRow.raw_app_meta_data ?? {}, user_metadata: userRow.raw_user_meta_data ?? {},
    role: userRow.role || 'authenticated', aal: sessions[0]?.aal ?? 'aal1',
    amr: amrRows.map((r) => ({ method: r.authentication_method, timestamp: Number(r.ts) })),
    session_id: sessionId, is_anonymous: userRow.is_anonymous ?? false,
  };
  const hook = rt.config.hooks.customAccessToken;
  if (hook) {
    const out = await callHook(rt.pool, hook, { user_id: userRow.id, claims, authentication_method: method });
    const next = out.claims;
    const required = ['aud', 'exp', 'iat', 'sub', 'role', 'aal', 'session_id'];
    if (!next || typeof next !== 'object' || required.some((k) => !(k in next))) {
      throw new AuthError(500, 'unexpected_failure', 'output claims do not conform to the expected schema');
    }
    claims = next;
  }
  const accessToken = signJwt(claims, rt.jwtSecret);
  return {
    access_token: accessToken, token_type: 'bearer', expires_in: rt.config.jwtExpiry, expires_at: exp,
    refresh_token: refreshToken, user: await userJson(c, userRow),
  };
}

/** grant_type=refresh_token: rotate, allow reuse within the interval, revoke the session on later reuse. */
export async function refreshSession(rt: AuthRuntime, token: string) {
  const failure = await withTx(rt.pool, async (c) => {
    const { rows } = await c.query(
      `select rt.*, s.not_after, s.id as sid from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id
       where rt.token = $1 for update of rt`, [token]);
    const current = rows[0];
    if (!current) return new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    if (current.not_after && new Date(current.not_after) < new Date()) {
      return new AuthError(400, 'session_expired', 'Invalid Refresh Token: Session Expired');
    }
    const { rows: users } = await c.query('select * from auth.users where id = $1::uuid and deleted_at is null', [current.user_id]);
    const user = users[0];
    if (!user) return new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    if (user.banned_until && new Date(user.banned_until) > new Date()) return new AuthError(400, 'user_banned', 'User is banned');
    let issued: string;
    if (current.revoked) {
      const { rows: children } = await c.query(
        `select token, revoked, extract(epoch from (now() - created_at)) as age from auth.refresh_tokens
         where parent = $1 order by id desc limit 1`, [token]);
      const child = children[0];
      if (!child || Number(child.age) > rt.config.refreshTokenReuseInterval) {
        // Reuse after the grace period: someone else may hold the token family; end the session.
        await c.query('delete from auth.sessions where id = $1', [current.session_id]);
        return new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
      }
      // Within the reuse interval (concurrent refreshes): hand out the newest active token of the family.
      const { rows: active } = await c.query(
        'select token from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1', [current.session_id]);
      issued = active[0]?.token ?? child.token;
    } else if (rt.config.refreshTokenRotation) {
      await c.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [current.id]);
      issued = await issueRefreshToken(c, current.user_id, current.session_id, token);
    } else {
      issued = token;
    }
    await c.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [current.session_id]);
    return sessionResponse(rt, c, user, current.session_id, issued, 'token_refresh');
  });
  if (failure instanceof AuthError) throw failure;
  return failure;
}
