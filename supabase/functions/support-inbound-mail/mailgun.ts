// Mailgun's inbound routes (a route's forward() action, "fully parsed" form): how Mailgun signs the
// POST and what its fields mean. Mailgun posts application/x-www-form-urlencoded, or
// multipart/form-data when the mail has attachments, with among others:
//   timestamp, token, signature   the signature: hex HMAC-SHA256 of timestamp + token, keyed with
//                                 the account's HTTP webhook signing key
//   from, sender, recipient       From header, envelope sender, envelope recipient(s)
//   subject, body-plain           Subject and the text body
//   stripped-text                 the text without the quoted part and signature (replies)
//   message-headers               every MIME header, a JSON list of [name, value] pairs
// The signature covers the timestamp and token, not the body: a stale timestamp is refused, and a
// replay of a fresh one is harmless (the database keeps one row per Message-ID).
import { hmac, safeEqual, toHex } from '../_shared/notify/hmac.ts';

/** How far the signed timestamp may be from our clock, either way. */
export const TOLERANCE_SECONDS = 300;

export class BadSignature extends Error {
  constructor(public reason: 'missing' | 'stale' | 'mismatch', message: string) { super(message); }
}
export class MalformedMail extends Error {}

/** The mail as public.ingest_support_inbound_mail reads it. */
export interface InboundMail {
  message_id: string;
  in_reply_to: string | null;
  references: string[];
  from: string;
  from_name: string | null;
  to: string[];
  subject: string;
  text: string;
  stripped_text: string | null;
  auto_submitted: string | null;
  precedence: string | null;
  auto_reply: boolean;
  /** false: SPF failed and DKIM did not pass (the From address is not to be trusted); null: no verdict */
  sender_verified: boolean | null;
}

/** Checks Mailgun's signature fields with any of the signing keys (several while rotating). */
export async function verifySignature(fields: FormData, keys: string[], nowSeconds = Math.floor(Date.now() / 1000)): Promise<void> {
  const timestamp = String(fields.get('timestamp') ?? '');
  const token = String(fields.get('token') ?? '');
  const signature = String(fields.get('signature') ?? '').toLowerCase();
  if (!timestamp || !token || !signature) throw new BadSignature('missing', 'timestamp, token and signature are required');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new BadSignature('stale', 'the signature timestamp is outside the tolerance');
  }
  for (const key of keys) {
    if (safeEqual(toHex(await hmac('SHA-256', key, timestamp + token)), signature)) return;
  }
  throw new BadSignature('mismatch', 'the signature does not match');
}

/** message-headers as a lower-cased name → first value map. */
function headerMap(raw: FormDataEntryValue | null): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === null) return out;
  let list: unknown;
  try { list = JSON.parse(String(raw)); } catch { throw new MalformedMail('message-headers is not JSON'); }
  if (!Array.isArray(list)) throw new MalformedMail('message-headers is not a list');
  for (const pair of list) {
    if (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string') {
      const name = pair[0].toLowerCase();
      if (!out.has(name)) out.set(name, String(pair[1]));
    }
  }
  return out;
}

/** "Name <a@b>" → {name, address}; a bare address has no name. */
export function parseAddress(value: string): { name: string | null; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(value);
  return m ? { name: m[1].trim() || null, address: m[2].trim() } : { name: null, address: value.trim() };
}

const ids = (v: string | undefined) => (v ?? '').match(/<[^<>\s]+>/g) ?? [];

/**
 * Mailgun's verdicts on the sender (X-Mailgun-Spf: Pass, Neutral, Fail, SoftFail…;
 * X-Mailgun-Dkim-Check-Result: Pass or Fail): a DKIM pass vouches for the sender; otherwise an SPF
 * fail or softfail means the From address may be forged. No verdict (devstack): null.
 */
export function senderVerdict(headers: Map<string, string>): boolean | null {
  const spf = headers.get('x-mailgun-spf')?.trim().toLowerCase();
  const dkim = headers.get('x-mailgun-dkim-check-result')?.trim().toLowerCase();
  if (dkim === 'pass') return true;
  if (spf === 'fail' || spf === 'softfail') return false;
  return spf === undefined && dkim === undefined ? null : true;
}

/** The verified form as the database's mail object; throws MalformedMail when it is not a mail. */
export function normalize(fields: FormData): InboundMail {
  const headers = headerMap(fields.get('message-headers'));
  const text = (name: string) => { const v = fields.get(name); return typeof v === 'string' ? v : null; };
  const messageId = headers.get('message-id') ?? text('Message-Id');
  if (!messageId || !messageId.trim()) throw new MalformedMail('the mail has no Message-Id');
  const from = parseAddress(text('from') ?? headers.get('from') ?? text('sender') ?? '');
  if (!from.address) throw new MalformedMail('the mail has no sender');
  return {
    message_id: messageId.trim(),
    in_reply_to: ids(headers.get('in-reply-to'))[0] ?? null,
    references: ids(headers.get('references')).slice(-20),
    from: from.address,
    from_name: from.name,
    to: (text('recipient') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    subject: text('subject') ?? headers.get('subject') ?? '',
    text: text('body-plain') ?? '',
    stripped_text: text('stripped-text'),
    auto_submitted: headers.get('auto-submitted') ?? null,
    precedence: headers.get('precedence') ?? null,
    auto_reply: headers.has('x-autoreply') || headers.has('x-autorespond'),
    sender_verified: senderVerdict(headers),
  };
}
