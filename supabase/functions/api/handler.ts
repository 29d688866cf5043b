// The API key gateway: `Authorization: Bearer cmx_live_…` (or X-API-Key), a route from routes.ts,
// then one SQL call, public.api_dispatch, which verifies the key and runs the route with the key's
// tenant and scopes only. Refusals answer the catalogue code: {code: "integrations.key_expired", message}.
import { corsHeaders, json, readBodyLimited } from '../_shared/http.ts';
import { rpc, RpcError, serviceClient } from '../_shared/supabase.ts';
import { match } from './routes.ts';

export const MAX_BODY_BYTES = 64 * 1024;

function refuse(status: number, code: string, message: string): Response {
  return json(status, { code, message });
}

export async function handle(req: Request): Promise<Response> {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
  const key = /^Bearer\s+(cmx_\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? req.headers.get('x-api-key');
  if (!key) return refuse(401, 'integrations.invalid_key', 'send Authorization: Bearer cmx_live_…');
  let body: Record<string, unknown> = {};
  if (req.method === 'POST') {
    try {
      const raw = new TextDecoder().decode(await readBodyLimited(req, MAX_BODY_BYTES));
      body = raw.trim() ? JSON.parse(raw) : {};
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return refuse(400, 'invalid_request', 'the body must be a JSON object of at most 64 KiB');
    }
  }
  const call = match(req.method, new URL(req.url), body);
  if (!call) return refuse(404, 'integrations.unknown_route', `no API call ${req.method} ${new URL(req.url).pathname}`);
  try {
    return json(200, await rpc(serviceClient(), 'api_dispatch', { api_key: key, route: call.route, params: call.params }));
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    const f = err.failure;
    // the catalogue code travels in the SQL error's detail; the status is the catalogue's
    return refuse(f.status >= 400 ? f.status : 500, f.detail ?? 'internal_error', f.message);
  }
}
