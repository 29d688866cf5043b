// Routing, verification (each provider's way, in _shared/notify/<provider>.ts) and storage.
import { error, HttpError, json, methodNotAllowed, readBodyLimited } from '../_shared/http.ts';
import { MissingCredential } from '../_shared/notify/contract.ts';
import { withCredentials } from '../_shared/notify/credentials.ts';
import { smtpReturnedMail } from '../_shared/notify/dsn.ts';
import { httpEmailReceipt } from '../_shared/notify/http_email.ts';
import { BadReceipt, BadSignature, type Receipt } from '../_shared/notify/receipt.ts';
import { twilioReceipt } from '../_shared/notify/twilio.ts';
import { unifonicReceipt } from '../_shared/notify/unifonic.ts';
import { whatsappChallenge, whatsappReceipts } from '../_shared/notify/whatsapp.ts';
import { rpc, RpcError, serviceClient } from '../_shared/supabase.ts';

const MAX_BODY_BYTES = 256 * 1024;
type ReceiptProvider = 'twilio' | 'unifonic' | 'whatsapp_cloud' | 'http_email' | 'smtp';
const PROVIDERS = new Set<string>(['twilio', 'unifonic', 'whatsapp_cloud', 'http_email', 'smtp']);

async function verify(provider: ReceiptProvider, req: Request, raw: string, url: URL): Promise<Receipt[]> {
  const one = (r: Receipt | null) => (r ? [r] : []);
  switch (provider) {
    case 'twilio': return one(await twilioReceipt(req.headers, raw, url.search));
    case 'unifonic': return one(unifonicReceipt(raw, req.headers.get('content-type') ?? '', url.searchParams));
    case 'whatsapp_cloud': return await whatsappReceipts(req.headers, raw);
    case 'http_email': return one(await httpEmailReceipt(req.headers, raw));
    case 'smtp': return one(smtpReturnedMail(raw, url.searchParams));
  }
}

/** public.ingest_notification_receipt for each receipt; what SQL answered, in order. */
async function store(provider: ReceiptProvider, receipts: Receipt[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const r of receipts) {
    out.push(await rpc(serviceClient(), 'ingest_notification_receipt', {
      p_provider: provider, p_provider_message_id: r.providerMessageId, p_status: r.status, p_detail: r.detail,
    }));
  }
  return out;
}

export async function handle(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const provider = url.pathname.split('/').filter(Boolean).pop() ?? '';
  if (!PROVIDERS.has(provider)) return error(404, 'not_found', 'use /notify-receipts/<twilio|unifonic|whatsapp_cloud|http_email|smtp>');
  const p = provider as ReceiptProvider;
  try {
    if (req.method === 'GET' && p === 'whatsapp_cloud') {
      const challenge = await withCredentials(p, async () => whatsappChallenge(url.searchParams));
      if (challenge === null) return error(403, 'forbidden', 'hub.verify_token does not match');
      return new Response(challenge, { status: 200, headers: { 'Content-Type': 'text/plain' } });
    }
    if (req.method !== 'POST') return methodNotAllowed('use POST', p === 'whatsapp_cloud' ? 'GET, POST' : 'POST');
    const raw = new TextDecoder().decode(await readBodyLimited(req, MAX_BODY_BYTES));
    const receipts = await withCredentials(p, () => verify(p, req, raw, url));
    const stored = await store(p, receipts);
    // A receipt for a message not recorded yet (the provider answered the send before
    // notification_sent committed) or never sent from here: 404, so the provider tries again later.
    if (stored.some((s) => (s as { ok?: boolean } | null)?.ok === false)) return error(404, 'not_found', 'unknown provider message id', { stored });
    return json(200, { received: receipts.length, stored });
  } catch (err) {
    if (err instanceof BadSignature) return error(401, 'invalid_signature', err.message);
    if (err instanceof BadReceipt) return error(400, 'malformed_payload', err.message);
    if (err instanceof MissingCredential) return error(500, 'not_configured', err.message);
    if (err instanceof HttpError) return err.toResponse();
    // SQL refused the receipt (e.g. too large a detail): 422, the provider's retries will not help.
    if (err instanceof RpcError) {
      const f = err.failure;
      if (f.status >= 400 && f.status < 500) return error(422, 'event_rejected', f.message, { detail: f.detail, hint: f.hint });
      return error(500, 'internal_error', f.message);
    }
    console.error('[notify-receipts] unexpected error', err);
    return error(500, 'internal_error', (err as Error)?.message ?? 'unexpected error');
  }
}
