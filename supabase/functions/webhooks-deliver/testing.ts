// Test and bench helpers: a store over a direct database connection (the same two SQL functions
// the deployed worker calls through PostgREST) and a local receiver with a scripted behaviour.
import pg from 'npm:pg@8';
import type { Claimed, Result } from './deliver.ts';
import type { Store } from './worker.ts';

export function pgStore(client: pg.Client | pg.Pool): Store {
  return {
    claim: async (n) => (await client.query('select public.claim_webhook_deliveries($1) as c', [n])).rows[0].c ?? [],
    record: async (results: Result[]) => (await client.query('select public.record_webhook_results($1) as n', [JSON.stringify(results)])).rows[0].n,
  };
}

export interface Received { id: string; timestamp: string; signature: string; body: string; headers: Record<string, string> }

/** A receiver on a free local port; `answer` decides each response (status, delay in ms, redirect). */
export function receiver(answer: (r: Received, nth: number) => { status: number; delayMs?: number; location?: string; body?: string }) {
  const received: Received[] = [];
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, async (req) => {
    const r: Received = {
      id: req.headers.get('webhook-id') ?? '', timestamp: req.headers.get('webhook-timestamp') ?? '',
      signature: req.headers.get('webhook-signature') ?? '', body: await req.text(),
      headers: Object.fromEntries(req.headers.entries()),
    };
    received.push(r);
    const a = answer(r, received.length);
    if (a.delayMs) await new Promise((ok) => setTimeout(ok, a.delayMs));
    return new Response(a.body ?? 'ok', { status: a.status, headers: a.location ? { location: a.location } : {} });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/hook`, received, close: () => server.shutdown() };
}

export type { Claimed };
