// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// E-mail through an HTTP API: Resend's POST {base}/emails with a bearer API key and an
// Idempotency-Key header (the outbox row's key: a retry after a lost answer sends nothing twice).
// The answer {id} is the provider id; errors are {statusCode, name, message}: 401/403 bad key and
// 422 validation_error are permanent, 429 rate_limit_exceeded and 5xx retryable.
// Receipts (delivered, bounced, opened, failed, complained): Resend's webhooks are signed the Svix way: headers svix-id, svix-timestamp and
// svix-signature ("v1,<base64>" entries), HMAC-SHA256 keyed with the base64 part of the whsec_
// secret over "<id>.<timestamp>.<body>", timestamps within 5 minutes.
import { type Adapter, apiBase, call, guarded, type OutboxMessage, permanent, required, retryable, retryableStatus, sent, setting } from './contract.ts';
import { fromBase64, hmac, safeEqual, toBase64 } from './hmac.ts';
import { BadReceipt, BadSignature, type Receipt, type ReceiptStatus } from './receipt.ts';

export const httpEmail: Adapter = {
  provider: 'http_email',
  send: (m: OutboxMessage) => guarded('http_email', async () => {
    const key = required('RESEND_API_KEY');
    const from = m.sender || setting('NOTIFY_EMAIL_FROM') || required('NOTIFY_EMAIL_FROM');
    const body: Record<string, unknown> = { from, to: [m.to], subject: m.subject ?? '', text: m.text };
    if (m.html) body.html = m.html;
    const a = await call(`${apiBase('RESEND_API_BASE', 'https://api.resend.com')}/emails`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': m.idempotency_key.slice(0, 256) },
      body: JSON.stringify(body),
    });
    if (a.status >= 200 && a.status < 300 && typeof a.body?.id === 'string') return sent(a.body.id);
    const why = `http_email ${a.status}${a.body?.name ? ` ${a.body.name}` : ''}: ${a.body?.message ?? a.text.slice(0, 200)}`;
    return retryableStatus(a.status) ? retryable(why) : permanent(why);
  }),
};

const TOLERANCE_S = 5 * 60;

/** Svix's signature of a webhook: "v1,<base64 HMAC>". */
export async function svixSignature(secret: string, id: string, timestamp: string, raw: string): Promise<string> {
  const key = fromBase64(secret.replace(/^whsec_/, ''));
  return `v1,${toBase64(await hmac('SHA-256', key, `${id}.${timestamp}.${raw}`))}`;
}

const EVENTS: Record<string, ReceiptStatus> = {
  'email.delivered': 'delivered', 'email.bounced': 'bounced', 'email.opened': 'read', 'email.failed': 'failed', 'email.complained': 'complained',
};

export async function httpEmailReceipt(headers: Headers, raw: string, now = Date.now()): Promise<Receipt | null> {
  const secrets = (required('RESEND_WEBHOOK_SECRET')).split(',').map((s) => s.trim()).filter(Boolean);
  const id = headers.get('svix-id'), ts = headers.get('svix-timestamp'), sig = headers.get('svix-signature');
  if (!id || !ts || !sig) throw new BadSignature('missing svix-id, svix-timestamp or svix-signature');
  if (!/^\d+$/.test(ts) || Math.abs(now / 1000 - Number(ts)) > TOLERANCE_S) throw new BadSignature('svix-timestamp is too old or too new');
  const given = sig.split(' ').filter(Boolean);
  let ok = false;
  for (const s of secrets) {
    const expected = await svixSignature(s, id, ts, raw);
    if (given.some((g) => safeEqual(g, expected))) ok = true;
  }
  if (!ok) throw new BadSignature('svix-signature does not match');
  let body: any;
  try { body = JSON.parse(raw); } catch { throw new BadReceipt('body must be JSON'); }
  const emailId = body?.data?.email_id;
  if (typeof body?.type !== 'string' || typeof emailId !== 'string') throw new BadReceipt('type and data.email_id are required');
  const mapped = EVENTS[body.type];
  if (!mapped) return null;
  return { providerMessageId: emailId, status: mapped, detail: {
    type: body.type, bounce: body.data?.bounce ?? null, to: body.data?.to ?? null,
    ...(mapped === 'bounced' || mapped === 'failed' || mapped === 'complained'
      ? { error: `${body.type}: ${body.data?.bounce?.message ?? body.data?.failed?.reason ?? (mapped === 'complained' ? 'marked as spam' : 'not delivered')}` } : {}),
    // Resend reports the bounce's class (Permanent, Transient, Undetermined): only a transient one is soft
    ...(mapped === 'bounced' ? { permanent: String(body.data?.bounce?.type ?? '').toLowerCase() !== 'transient' } : {}),
  } };
}
