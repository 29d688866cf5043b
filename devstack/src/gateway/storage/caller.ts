// Who is asking, and running SQL as them: Storage verifies the bearer JWT itself and runs every
// query as the token's role with request.jwt.claims set, so RLS policies on storage.objects and
// storage.buckets (auth.uid(), auth.jwt()) decide what each caller may do.
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import { verifyJwt, type JwtClaims } from '../jwt.ts';
import { StorageErrors, fromPgError } from './errors.ts';

export interface Caller { role: string; claims: JwtClaims; sub: string | null }

// hq_staff: HQ staff's tokens (the access token hook sets it); a member of authenticated.
const API_ROLES = new Set(['anon', 'authenticated', 'hq_staff', 'service_role']);

const JWT_MESSAGES: Record<string, string> = {
  malformed: 'jwt malformed', signature: 'invalid signature', expired: 'jwt expired', algorithm: 'invalid algorithm',
};

/** The caller of an authenticated route; Storage refuses a missing or bad token with AccessDenied. */
export function callerOf(req: IncomingMessage, jwtSecret: string): Caller {
  const header = req.headers.authorization;
  const token = typeof header === 'string' ? header.replace(/^Bearer\s+/i, '').trim() : '';
  if (!token) throw StorageErrors.accessDenied('jwt must be provided');
  const result = verifyJwt(token, jwtSecret);
  if (!result.ok) throw StorageErrors.accessDenied(JWT_MESSAGES[result.reason]);
  const role = typeof result.claims.role === 'string' ? result.claims.role : 'anon';
  if (!API_ROLES.has(role)) throw StorageErrors.accessDenied('Access denied: Invalid role');
  const sub = typeof result.claims.sub === 'string' ? result.claims.sub : null;
  return { role, claims: result.claims, sub };
}

export type Sql = (text: string, values?: unknown[]) => Promise<any[]>;

/** Runs fn in one transaction as the caller's role (RLS applies); Postgres refusals become Storage errors. */
export async function asCaller<T>(pool: pg.Pool, caller: Caller, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [caller.role, JSON.stringify(caller.claims)]);
    const result = await fn(async (text, values) => (await client.query(text, values as any[])).rows);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw fromPgError(err) ?? err;
  } finally {
    client.release();
  }
}

/** Storage's own lookups that no policy governs (bucket limits, public flags, signed-URL reads). */
export async function asService<T>(pool: pg.Pool, fn: (sql: Sql) => Promise<T>): Promise<T> {
  try {
    return await fn(async (text, values) => (await pool.query(text, values as any[])).rows);
  } catch (err) {
    throw fromPgError(err) ?? err;
  }
}
