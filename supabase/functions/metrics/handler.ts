// GET /functions/v1/metrics with `Authorization: Bearer <METRICS_SCRAPE_TOKEN>`: the Prometheus text
// exposition of public.prometheus_metrics(), called with the service role. A missing or wrong token
// is 401 with an empty body (nothing about why), a database failure 503 (Prometheus marks the target down).
import { env } from '../_shared/http.ts';
import { serviceClient, rpc } from '../_shared/supabase.ts';
import { bearerMatches } from './token.ts';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Scrape = () => Promise<string>;

const fromDatabase: Scrape = async () => await rpc<string>(serviceClient(), 'prometheus_metrics', {});

export async function handle(req: Request, scrape: Scrape = fromDatabase): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    await req.body?.cancel().catch(() => {});
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  }
  if (!(await bearerMatches(req.headers.get('authorization'), env('METRICS_SCRAPE_TOKEN')))) {
    return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  let text: string;
  try {
    text = await scrape();
  } catch (e) {
    console.error('metrics: prometheus_metrics failed', e);
    return new Response('# scrape failed\n', { status: 503, headers: { 'Content-Type': CONTENT_TYPE } });
  }
  if (!text.endsWith('\n')) text += '\n';
  return new Response(req.method === 'HEAD' ? null : text, {
    status: 200, headers: { 'Content-Type': CONTENT_TYPE, 'Cache-Control': 'no-store' },
  });
}
