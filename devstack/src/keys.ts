// Supabase's well-known local-development API keys: HS256 JWTs signed with the local JWT secret,
// identical to what `supabase start` prints, so admin/.env works against either stack.
import crypto from 'node:crypto';
import { JWT_SECRET } from './config.ts';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function demoKey(role: 'anon' | 'service_role'): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: 'supabase-demo', role, exp: 1983812996 }));
  const signature = crypto.createHmac('sha256', JWT_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export const anonKey = demoKey('anon');
export const serviceRoleKey = demoKey('service_role');
