// W3C Trace Context in the Edge Functions: a request's `traceparent` (from the console, or from the
// dispatcher for a job) is kept for the request's lifetime and passed, as a child span, on every
// call the function makes to Supabase, so SQL records the same trace-id (private.current_trace_id).
// A request without a valid one starts a new trace. See docs/traces.md.
import { AsyncLocalStorage } from 'node:async_hooks';

const W3C = /^(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(?:-|$)/;
const current = new AsyncLocalStorage<string>();

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  const s = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return /^0+$/.test(s) ? s.slice(0, -1) + '1' : s;
}

/** The trace-id of a valid traceparent, else null (all-zero ids and version ff are invalid). */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const m = W3C.exec((traceparent ?? '').slice(0, 512));
  return m && !/^0+$/.test(m[1]) ? m[1] : null;
}

/** A traceparent in the given trace (a new one when null) with a new span. */
export function childTraceparent(traceId: string | null): string {
  return `00-${traceId ?? randomHex(16)}-${randomHex(8)}-01`;
}

/** The trace-id of the request being handled (null outside one). */
export function currentTraceId(): string | null {
  return current.getStore() ?? null;
}

/** Wraps a Deno.serve handler: the request's trace (or a new one) is current while it is handled. */
export function traced(handler: (req: Request) => Response | Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    const traceId = traceIdOf(req.headers.get('traceparent')) ?? randomHex(16);
    return await current.run(traceId, () => handler(req));
  };
}

/** fetch for the Supabase clients: each call carries the current trace as a child span. */
export function tracedFetch(base: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('traceparent')) headers.set('traceparent', childTraceparent(currentTraceId()));
    return base(input, { ...init, headers });
  };
}
