// One request path for the three webhook functions: read the raw body, authenticate it with the
// gateway's scheme, parse and validate it, store it in the inbox (public.ingest_payment_event) and
// answer. Applying the event is a billing job's work, so the answer is fast.
import type { Gateway, PaymentEvent } from './gateways/contract.ts';
import { MalformedEvent } from './gateways/normalize.ts';
import { corsHeaders, error, HttpError, json, methodNotAllowed, readBodyLimited } from './http.ts';
import { webhookSecrets } from './secrets.ts';
import { rpc, RpcError, serviceClient } from './supabase.ts';

/** A gateway's webhook: how it is authenticated and read (_shared/gateways/<gateway>/spec.ts). */
export interface WebhookSpec {
  gateway: Gateway;
  /** The function secret holding the platform's webhook secret(s), comma-separated while rolling. */
  secretEnv: string;
  /** Authenticates the raw body; returns the JSON text to parse, or throws HttpError (401; 500 when our secret is unusable). */
  authenticate(raw: Uint8Array, headers: Headers, secrets: string[]): string;
  normalize(body: unknown): PaymentEvent;
}

export interface IngestResult { status: 'stored' | 'duplicate' | 'ignored'; id: number | string | null }

/**
 * The largest webhook body read (1 MiB). The events we act on are a few KiB (a HyperPay body is hex,
 * twice its JSON); anything far larger is refused before it is buffered, verified or parsed.
 */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** Stores a verified event; `account` is the merchant account whose secret verified it (null: the platform's). */
export type Ingest = (event: PaymentEvent, account: string | null) => Promise<IngestResult>;

export const ingestViaRpc: Ingest = (event, account) =>
  rpc<IngestResult>(serviceClient(), 'ingest_payment_event', { event: { ...event, gateway_account_id: account } });

export function webhookHandler(spec: WebhookSpec, ingest: Ingest = ingestViaRpc): (req: Request) => Promise<Response> {
  return async (req: Request) => {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
    if (req.method !== 'POST') return methodNotAllowed('webhooks are POST requests');
    try {
      const raw = await readBodyLimited(req, WEBHOOK_MAX_BODY_BYTES);
      const { secrets, account } = await webhookSecrets(spec, new URL(req.url));
      const text = spec.authenticate(raw, req.headers, secrets);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new MalformedEvent('body is not JSON');
      }
      const event = spec.normalize(parsed);
      const result = await ingest(event, account);
      return json(200, { received: true, status: result?.status ?? 'stored', id: result?.id ?? null, kind: event.kind });
    } catch (err) {
      if (err instanceof HttpError) return err.toResponse();
      if (err instanceof MalformedEvent) return error(400, 'malformed_payload', err.message);
      if (err instanceof RpcError) {
        const f = err.failure;
        console.error(`[payments-${spec.gateway}] ingest_payment_event failed: ${f.status} ${f.code} ${f.message} ${f.detail ?? ''}`);
        // The database refused a verified event (e.g. a currency it does not know): retrying will
        // not help, but the gateway keeps it until it expires and staff can see the error here.
        if (f.status >= 400 && f.status < 500 && f.status !== 401 && f.status !== 403 && f.status !== 404) {
          return error(422, 'event_rejected', f.message, { detail: f.detail });
        }
        return error(500, 'internal_error', 'the event could not be stored; retry later');
      }
      console.error(`[payments-${spec.gateway}] unexpected error`, err);
      return error(500, 'internal_error', 'the event could not be stored; retry later');
    }
  };
}

export function invalidSignature(reason: string): HttpError {
  return reason === 'missing'
    ? new HttpError(401, 'missing_signature', 'the signature header is missing')
    : new HttpError(401, 'invalid_signature', reason === 'stale' ? 'the signature timestamp is outside the tolerance' : 'the signature does not match');
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The authenticated raw body as text, for JSON.parse. */
export const bodyText = (raw: Uint8Array): string => utf8.decode(raw);
