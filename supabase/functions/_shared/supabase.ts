// A tiny RPC client: supabase-js with the service key (or the caller's JWT for begin_checkout).
import { createClient, type SupabaseClient } from 'npm:@supabase/supabase-js@2';
import { env, HttpError } from './http.ts';
import { tracedFetch } from './trace.ts';

let service: SupabaseClient | null = null;

function base(): { url: string; anon: string; serviceKey: string } {
  const url = env('SUPABASE_URL');
  const serviceKey = env('SUPABASE_SERVICE_ROLE_KEY');
  if (!url || !serviceKey) throw new HttpError(500, 'not_configured', 'SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set');
  return { url, serviceKey, anon: env('SUPABASE_ANON_KEY') ?? serviceKey };
}

// Every call carries the handled request's trace (see trace.ts).
const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }, global: { fetch: tracedFetch() } };

export function serviceClient(): SupabaseClient {
  if (!service) {
    const b = base();
    service = createClient(b.url, b.serviceKey, options);
  }
  return service;
}

/** A client acting as the caller: PostgREST runs the RPC with the caller's JWT, so SQL checks permission. */
export function userClient(jwt: string): SupabaseClient {
  const b = base();
  return createClient(b.url, b.anon, { ...options, global: { ...options.global, headers: { Authorization: `Bearer ${jwt}` } } });
}

export interface RpcFailure { status: number; code: string; message: string; detail: string | null; hint: string | null }

export class RpcError extends Error {
  constructor(public failure: RpcFailure) { super(failure.message); }
}

/** Calls public.<fn>; on error throws RpcError carrying PostgREST's HTTP status, SQLSTATE and detail. */
export async function rpc<T = unknown>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error, status } = await client.rpc(fn, args);
  if (error) {
    throw new RpcError({
      status: status || 500, code: error.code ?? '', message: error.message ?? 'database error',
      detail: (error as { details?: string }).details ?? null, hint: error.hint ?? null,
    });
  }
  return data as T;
}

/** Whether the Authorization bearer is the service key (trusted job calls) — compared to our own env. */
export function isServiceKey(token: string | null): boolean {
  const key = env('SUPABASE_SERVICE_ROLE_KEY');
  if (!token || !key) return false;
  if (token === key) return true;
  // A service_role JWT signed by the project (verify_jwt already checked the signature).
  try {
    const claims = JSON.parse(new TextDecoder().decode(decodeBase64Url(token.split('.')[1] ?? '')));
    return claims?.role === 'service_role';
  } catch {
    return false;
  }
}

function decodeBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
