// The bearer token → the database role and the claims PostgREST hands to SQL (request.jwt.claims).
// Verified tokens are remembered (until they expire) so a client's repeated requests skip the HMAC.
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../../http.ts';
import { verifyJwt } from '../../jwt.ts';
import { jwtExpired, jwtInvalid, noApiKey } from '../errors.ts';

export interface Auth {
  role: string;
  claims: Readonly<Record<string, unknown>>;
  /** The claims as JSON, once per token. */
  claimsJson: string;
  /** Seconds since the epoch after which the token is refused; Infinity without `exp`. */
  exp: number;
}

const MAX_REMEMBERED = 1000;
const remembered = new Map<string, Auth>();

export function authenticate(req: IncomingMessage, secret: string): Auth {
  const token = bearerToken(req);
  if (!token) throw noApiKey();
  const known = remembered.get(`${secret}\n${token}`);
  if (known && known.exp > Date.now() / 1000) return known;
  const result = verifyJwt(token, secret);
  if (!result.ok) {
    if (result.reason === 'expired') throw jwtExpired();
    const message = result.reason === 'malformed' ? 'JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got 1)'
      : 'JWSError JWSInvalidSignature';
    throw jwtInvalid(message);
  }
  const claims = Object.freeze(result.claims);
  const role = typeof claims.role === 'string' && claims.role ? claims.role : 'anon';
  const auth: Auth = { role, claims, claimsJson: JSON.stringify(claims), exp: typeof claims.exp === 'number' ? claims.exp : Infinity };
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(`${secret}\n${token}`, auth);
  return auth;
}
