// JSON answers with stable error codes: every error body is {code, message}.
export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, apikey, content-type, x-client-info',
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
