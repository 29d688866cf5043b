// One attempt at one delivery: check the target, sign, POST without following redirects, within
// a timeout; read at most MAX_RESPONSE characters of the answer. Every outcome becomes a result
// for record_webhook_results (a 2xx succeeds; a redirect, an error status, a timeout fail).
import { webhookHeaders } from './sign.ts';
import { checkTarget, type Resolver, resolveDns, TargetRefused } from './target.ts';

export interface Claimed {
  delivery_id: number; lease_token: string; endpoint_id: string; url: string; webhook_id: string;
  body: string; secrets: string[]; attempt: number; allow_private_targets?: boolean;
}

export interface Result {
  delivery_id: number; lease_token: string; status_code: number | null; latency_ms: number;
  error: string | null; response: string | null;
}

export const MAX_RESPONSE = 4096;

export interface DeliverOptions { timeoutMs?: number; resolve?: Resolver }

async function readSome(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < MAX_RESPONSE) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text.slice(0, MAX_RESPONSE);
}

export async function deliver(item: Claimed, opts: DeliverOptions = {}): Promise<Result> {
  const started = performance.now();
  const base = { delivery_id: item.delivery_id, lease_token: item.lease_token };
  const done = (status_code: number | null, error: string | null, response: string | null): Result =>
    ({ ...base, status_code, error, response, latency_ms: Math.round(performance.now() - started) });
  try {
    await checkTarget(item.url, item.allow_private_targets ?? false, opts.resolve ?? resolveDns);
    const res = await fetch(item.url, {
      method: 'POST',
      headers: webhookHeaders(item.secrets, item.webhook_id, item.body),
      body: item.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    const text = await readSome(res);
    if (res.status >= 300 && res.status < 400) return done(res.status, `redirect to ${res.headers.get('location') ?? '?'} not followed`, text);
    return done(res.status, res.ok ? null : `HTTP ${res.status}`, text);
  } catch (err) {
    const e = err as Error;
    if (e instanceof TargetRefused) return done(null, `refused: ${e.message}`, null);
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return done(null, `timeout after ${opts.timeoutMs ?? 15_000} ms`, null);
    return done(null, `${e.name}: ${e.message}`.slice(0, 500), null);
  }
}
