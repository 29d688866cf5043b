// Request plumbing shared by the auth routes: JSON bodies, GoTrue-style replies, the calling user.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'pg';
import type { GatewayConfig } from '../config.ts';
import { BodyTooLarge, bearerToken, readBody, sendJson } from '../http.ts';
import { verifyJwt } from '../jwt.ts';
import { API_VERSION, AuthError, badJson } from './errors.ts';
import type { AuthRuntime } from './sessions.ts';
import type { RateLimiter } from './ratelimit.ts';
import { findUser } from './users.ts';

export interface AuthContext { pool: Pool; config: GatewayConfig; jwtSecret: string; serviceRoleKey: string; limiter: RateLimiter }

const AUTH_BODY_LIMIT = 1024 * 1024;

export async function jsonBody(req: IncomingMessage): Promise<Record<string, any>> {
  let raw: Buffer;
  try { raw = await readBody(req, AUTH_BODY_LIMIT); } catch (err) {
    if (err instanceof BodyTooLarge) throw new AuthError(413, 'request_too_large', 'Request body too large');
    throw badJson();
  }
  const text = raw.toString('utf8').trim();
  if (!text) return {};
  let body: unknown;
  try { body = JSON.parse(text); } catch { throw badJson(); }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badJson();
  return body as Record<string, any>;
}

export function reply(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (status === 204) {
    res.writeHead(204, { 'X-Supabase-Api-Version': API_VERSION, 'Access-Control-Allow-Origin': (req.headers.origin as string) ?? '*',
      'Access-Control-Expose-Headers': 'X-Supabase-Api-Version, X-Total-Count, Link' });
    res.end();
    return;
  }
  sendJson(req, res, status, body, { 'X-Supabase-Api-Version': API_VERSION, ...headers });
}

/** The caller; `session` is the auth.sessions row (GoTrue decides on its aal, not the token's claim). */
export interface Caller { claims: Record<string, any>; user: any; sessionId?: string; session?: { aal: string; createdAt: Date } }

/** The signed-in user behind the bearer token; GoTrue answers 401/403 for missing or bad tokens. */
export async function requireUser(ctx: AuthContext, req: IncomingMessage): Promise<Caller> {
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  if (!m) throw new AuthError(401, 'no_authorization', 'This endpoint requires a Bearer token');
  const result = verifyJwt(m[1].trim(), ctx.jwtSecret);
  if (!result.ok) {
    throw new AuthError(403, 'bad_jwt', result.reason === 'expired' ? 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired'
      : 'invalid JWT: unable to parse or verify signature, signature is invalid');
  }
  const claims = result.claims as Record<string, any>;
  if (typeof claims.sub !== 'string' || !claims.sub) throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  const user = await findUser(ctx.pool, claims.sub);
  if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : undefined;
  let session: Caller['session'];
  if (sessionId) {
    const { rows } = await ctx.pool.query('select aal, created_at from auth.sessions where id = $1::uuid', [/^[0-9a-f-]{36}$/i.test(sessionId) ? sessionId : '00000000-0000-0000-0000-000000000000']);
    if (!rows.length) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    session = { aal: rows[0].aal, createdAt: new Date(rows[0].created_at) };
  }
  return { claims, user, sessionId, session };
}

export function requireAdmin(ctx: AuthContext, req: IncomingMessage): void {
  const token = bearerToken(req);
  const result = token ? verifyJwt(token, ctx.jwtSecret) : undefined;
  if (!result?.ok) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const role = result.claims.role;
  if (role !== 'service_role' && role !== 'supabase_admin') throw new AuthError(403, 'not_admin', 'User not allowed');
}

export function runtime(ctx: AuthContext, req: IncomingMessage): AuthRuntime {
  const host = typeof req.headers.host === 'string' ? req.headers.host : '127.0.0.1:54321';
  return { pool: ctx.pool, config: ctx.config, jwtSecret: ctx.jwtSecret, issuer: `http://${host}/auth/v1`, limiter: ctx.limiter };
}

export const clientMeta = (req: IncomingMessage) => ({ userAgent: req.headers['user-agent'] as string | undefined, ip: req.socket.remoteAddress?.replace(/^::ffff:/, '') });

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

