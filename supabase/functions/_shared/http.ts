// JSON answers with stable error codes: every error body is {code, message}.
export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, apikey, content-type, x-client-info, traceparent',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

/** Error codes the payment functions answer with (documented in the README). */
export type ErrorCode =
  | 'method_not_allowed'      // 405: only POST (and OPTIONS)
  | 'payload_too_large'       // 413: the body is over the function's limit
  | 'missing_signature'       // 401: no Stripe-Signature / Signature / HyperPay headers
  | 'invalid_signature'       // 401: signature mismatch, stale timestamp, undecryptable body
  | 'unknown_account'         // 401: ?account=<id> names no active merchant account of this gateway
  | 'malformed_payload'       // 400: not JSON, or not the gateway's event shape
  | 'invalid_request'         // 400: checkout body fails validation
  | 'unauthorized'            // 401: checkout without a user JWT or the service key
  | 'forbidden'               // 403: begin_checkout refused the caller
  | 'not_found'               // 404: invoice unknown
  | 'conflict'                // 409: invoice not payable (paid, void, draft)
  | 'no_payment_method'       // 409: a charge without a saved payment method (method_ref)
  | 'gateway_error'           // 502: the payment gateway refused or failed
  | 'not_configured'          // 500: a required secret / setting is missing
  | 'event_rejected'          // 422: the database refused a verified event (e.g. unknown currency)
  | 'internal_error';         // 500: database unreachable or unexpected; the gateway retries

export function error(status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { code, message, ...extra });
}

/** 405 with the Allow header RFC 9110 requires. */
export function methodNotAllowed(message: string, allow = 'POST, OPTIONS'): Response {
  return json(405, { code: 'method_not_allowed', message }, { Allow: allow });
}

/**
 * The raw body, refused with 413 payload_too_large past `limit` bytes: a declared Content-Length over
 * the limit is refused before reading, and the stream is cut at the limit whatever was declared, so
 * no caller can make a function buffer (and HMAC or decrypt) an unbounded body.
 */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
  const declared = req.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > limit) {
    await req.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export class HttpError extends Error {
  constructor(public status: number, public code: ErrorCode, message: string, public extra: Record<string, unknown> = {}) {
    super(message);
  }
  toResponse(): Response { return error(this.status, this.code, this.message, this.extra); }
}

export function env(name: string, fallback?: string): string | undefined {
  const v = Deno.env.get(name);
  return v === undefined || v === '' ? fallback : v;
}
