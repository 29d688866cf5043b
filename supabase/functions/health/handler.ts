// GET /functions/v1/health, for uptime checks (no token): 200 when every component of
// public.health_check() (database, queues, cron, vault) is ok, 503 otherwise or when the database
// cannot answer. The body is {status: ok|fail, components: {<name>: ok|fail}} and nothing else:
// health_check() says no more than that, and this endpoint is public.
import { serviceClient, rpc } from '../_shared/supabase.ts';

export interface Report { status: 'ok' | 'fail'; components: Record<string, 'ok' | 'fail'> }
export type Check = () => Promise<unknown>;

const fromDatabase: Check = async () => await rpc(serviceClient(), 'health_check', {});

/** Only the ok / fail words; anything but 'ok' is a failure, and so is the whole (or no component at all). */
export function summarize(raw: unknown): Report {
  const comps = (raw && typeof raw === 'object' ? (raw as { components?: unknown }).components : null) ?? {};
  const components: Record<string, 'ok' | 'fail'> = {};
  for (const [name, c] of Object.entries(comps as Record<string, unknown>)) components[name] = c === 'ok' ? 'ok' : 'fail';
  const names = Object.keys(components);
  const ok = names.length > 0 && names.every((n) => components[n] === 'ok') && (raw as { status?: unknown }).status === 'ok';
  return { status: ok ? 'ok' : 'fail', components };
}

const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

export async function handle(req: Request, check: Check = fromDatabase): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    await req.body?.cancel().catch(() => {});
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  }
  let report: Report;
  try {
    report = summarize(await check());
  } catch (e) {
    console.error('health: health_check failed', e);
    report = { status: 'fail', components: { database: 'fail' } };
  }
  const body = req.method === 'HEAD' ? null : JSON.stringify(report);
  return new Response(body, { status: report.status === 'ok' ? 200 : 503, headers });
}
