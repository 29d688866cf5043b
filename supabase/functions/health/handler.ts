// GET /functions/v1/health, for uptime checks (no token): 200 when every component of
// public.health_check() is ok, 503 otherwise or when the database cannot answer. The body says
// only which components are ok ({ok, components: {<name>: {ok}}}): what each one saw stays in the
// console (Operations → Health), since this endpoint is public.
import { serviceClient, rpc } from '../_shared/supabase.ts';

export interface Report { ok: boolean; components: Record<string, { ok: boolean }> }
export type Check = () => Promise<unknown>;

const fromDatabase: Check = async () => await rpc(serviceClient(), 'health_check', {});

/** Only the ok flags; a component without ok: true is down, and so is the whole. */
export function summarize(raw: unknown): Report {
  const comps = (raw && typeof raw === 'object' ? (raw as { components?: unknown }).components : null) ?? {};
  const components: Record<string, { ok: boolean }> = {};
  for (const [name, c] of Object.entries(comps as Record<string, unknown>)) {
    components[name] = { ok: !!c && typeof c === 'object' && (c as { ok?: unknown }).ok === true };
  }
  const names = Object.keys(components);
  return { ok: names.length > 0 && names.every((n) => components[n].ok), components };
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
    report = { ok: false, components: { database: { ok: false } } };
  }
  const body = req.method === 'HEAD' ? null : JSON.stringify(report);
  return new Response(body, { status: report.ok ? 200 : 503, headers });
}
