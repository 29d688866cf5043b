// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// WhatsApp through the WhatsApp Business Cloud API: POST {base}/{version}/{phone-number-id}/messages
// with a bearer token. Outside the 24-hour window only approved templates may be sent, so a message
// with a template goes as type=template (name, language code, body parameters); one without goes
// as plain text. The answer's messages[0].id (wamid.…) is the provider id. Errors are Graph API
// errors {error: {message, type, code, error_subcode, fbtrace_id}}: throttling and transient codes
// are retryable, the rest (190 bad token, 100 invalid parameter, 131030 recipient not allowed…) not.
// Receipts: the `messages` webhook, signed X-Hub-Signature-256: sha256=hex(HMAC-SHA256(app secret,
// raw body)); the subscription handshake is a GET with hub.mode / hub.verify_token / hub.challenge.
import { type Adapter, apiBase, phoneProblem, call, digitsOnly, guarded, type OutboxMessage, permanent, required, retryable, retryableStatus, sent, setting } from './contract.ts';
import { hmac, safeEqual, toHex } from './hmac.ts';
import { BadReceipt, BadSignature, type Receipt, type ReceiptStatus } from './receipt.ts';

/** Graph error codes that may pass with time (rate limits, temporary errors). */
const TRANSIENT = new Set([1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

/** The template's body parameters: a list of values ({{1}}, {{2}}…), named values, or ready components. */
export function templateComponents(parameters: unknown): unknown[] {
  if (Array.isArray(parameters)) {
    if (parameters.every((p) => p && typeof p === 'object' && 'type' in p && ('parameters' in p || p.type === 'header' || p.type === 'button'))) return parameters;
    return [{ type: 'body', parameters: parameters.map((v) => ({ type: 'text', text: String(v ?? '') })) }];
  }
  if (parameters && typeof parameters === 'object') {
    const named = Object.entries(parameters as Record<string, unknown>);
    return named.length ? [{ type: 'body', parameters: named.map(([k, v]) => ({ type: 'text', parameter_name: k, text: String(v ?? '') })) }] : [];
  }
  return [];
}

export function whatsappBody(m: OutboxMessage): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: digitsOnly(m.to), biz_opaque_callback_data: m.id };
  if (!m.whatsapp) return { ...base, type: 'text', text: { preview_url: false, body: m.text } };
  const components = templateComponents(m.whatsapp.parameters);
  return { ...base, type: 'template', template: { name: m.whatsapp.template, language: { code: m.whatsapp.language || m.locale }, ...(components.length ? { components } : {}) } };
}

export const whatsapp: Adapter = {
  provider: 'whatsapp_cloud',
  send: (m: OutboxMessage) => guarded('whatsapp_cloud', async () => {
    const invalid = phoneProblem(m.to);
    if (invalid) return permanent(`whatsapp_cloud: invalid recipient: ${invalid}`);
    const token = required('WHATSAPP_ACCESS_TOKEN');
    const phoneId = setting('WHATSAPP_PHONE_NUMBER_ID') ?? required('WHATSAPP_PHONE_NUMBER_ID');
    const version = setting('WHATSAPP_API_VERSION', 'v21.0');
    const a = await call(`${apiBase('WHATSAPP_API_BASE', 'https://graph.facebook.com')}/${version}/${encodeURIComponent(phoneId)}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(whatsappBody(m)),
    });
    const id = a.body?.messages?.[0]?.id;
    if (a.status >= 200 && a.status < 300 && typeof id === 'string') return sent(id);
    const e = a.body?.error ?? {};
    const why = `whatsapp ${a.status}${e.code !== undefined ? ` ${e.code}` : ''}: ${e.message ?? a.text.slice(0, 200)}`;
    return retryableStatus(a.status) || TRANSIENT.has(Number(e.code)) || e.is_transient === true ? retryable(why) : permanent(why);
  }),
};

/** The subscription handshake: the challenge when the verify token matches, else null (403). */
export function whatsappChallenge(query: URLSearchParams): string | null {
  const expected = required('WHATSAPP_VERIFY_TOKEN');
  const token = query.get('hub.verify_token');
  if (query.get('hub.mode') !== 'subscribe' || !token || !safeEqual(token, expected)) return null;
  return query.get('hub.challenge') ?? '';
}

export async function whatsappSignature(appSecret: string, raw: string): Promise<string> {
  return `sha256=${toHex(await hmac('SHA-256', appSecret, raw))}`;
}

const STATUS: Record<string, ReceiptStatus> = { delivered: 'delivered', read: 'read', failed: 'failed' };

/** Every status in the webhook (one POST may carry several), verified with the app secret. */
export async function whatsappReceipts(headers: Headers, raw: string): Promise<Receipt[]> {
  const secret = required('WHATSAPP_APP_SECRET');
  const given = headers.get('x-hub-signature-256');
  if (!given) throw new BadSignature('missing X-Hub-Signature-256');
  if (!safeEqual(given, await whatsappSignature(secret, raw))) throw new BadSignature('X-Hub-Signature-256 does not match');
  let body: any;
  try { body = JSON.parse(raw); } catch { throw new BadReceipt('body must be JSON'); }
  if (body?.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) throw new BadReceipt('not a whatsapp_business_account webhook');
  const out: Receipt[] = [];
  for (const entry of body.entry) {
    for (const change of entry?.changes ?? []) {
      for (const s of change?.value?.statuses ?? []) {
        const mapped = STATUS[String(s?.status)];
        if (!mapped || typeof s.id !== 'string') continue;
        out.push({ providerMessageId: s.id, status: mapped, detail: {
          status: s.status, recipient_id: s.recipient_id ?? null, timestamp: s.timestamp ?? null, errors: s.errors ?? null,
          ...(mapped === 'failed' ? { error: `whatsapp failed${s.errors?.[0]?.code ? ` ${s.errors[0].code}` : ''}: ${s.errors?.[0]?.title ?? 'undeliverable'}` } : {}),
        } });
      }
    }
  }
  return out;
}
