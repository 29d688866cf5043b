// W3C Trace Context for the console: every request to Supabase carries a `traceparent` that starts a
// new trace, so one id follows the click into SQL (audit entries, the jobs it enqueues) and on into
// the Edge Functions those jobs call. See docs/traces.md.

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new `traceparent` (version 00, sampled): a random 16-byte trace-id and 8-byte span-id, never all zero. */
export function newTraceparent(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  let traceId = hex(random(new Uint8Array(16)));
  if (/^0+$/.test(traceId)) traceId = traceId.slice(0, 31) + '1';
  let spanId = hex(random(new Uint8Array(8)));
  if (/^0+$/.test(spanId)) spanId = spanId.slice(0, 15) + '1';
  return `00-${traceId}-${spanId}-01`;
}

/** The trace-id part of a traceparent (what SQL records as trace_id). */
export function traceIdOf(traceparent: string): string {
  return traceparent.split('-')[1] ?? '';
}

/** fetch that adds a new traceparent to each request that has none. */
export function tracedFetch(base: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('traceparent')) headers.set('traceparent', newTraceparent());
    return base(input, { ...init, headers });
  };
}
