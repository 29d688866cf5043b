// Inbound support e-mail in devstack: the mail catcher plays Mailgun's inbound route. A message for
// the support address (SUPPORT_INBOUND_ADDRESS of supabase/functions/.env.local), delivered over
// SMTP or posted to POST /api/v1/inbound, is forwarded to the support-inbound-mail Edge Function
// the way a Mailgun route's forward() posts it: a urlencoded form (from, sender, recipient,
// subject, body-plain, stripped-text, message-headers) signed with timestamp, token and
// signature = hex HMAC-SHA256(timestamp + token) under MAILGUN_WEBHOOK_SIGNING_KEY. A mail with
// attachments goes as Mailgun posts it then: multipart/form-data with the same fields,
// attachment-count and the files as parts attachment-1 … attachment-n (name and type kept).
import { createHmac, randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';

/** What a developer (or a test) posts to /api/v1/inbound: a mail, as simple fields. */
export interface InboundRequest {
  from: string;
  to?: string;
  subject?: string;
  text?: string;
  /** the reply part, as Mailgun's stripped-text (default: none) */
  stripped_text?: string;
  message_id?: string;
  in_reply_to?: string;
  references?: string;
  /** further headers, e.g. {"Auto-Submitted": "auto-replied"} */
  headers?: Record<string, string>;
}

/** A file a mail carries (a MIME part with a file name or Content-Disposition: attachment). */
export interface InboundAttachment { filename: string; contentType: string; content: Buffer }

export interface InboundTarget { functionUrl: string; signingKey: string; address: string }
export interface InboundDelivery { at: string; messageId: string; status: number | null; response: unknown; error: string | null }

/** Mailgun's signature fields for a moment: timestamp, a 50-character token, the hex HMAC. */
export function mailgunSignature(signingKey: string, timestamp = Math.floor(Date.now() / 1000)) {
  const token = randomBytes(25).toString('hex');
  const signature = createHmac('sha256', signingKey).update(`${timestamp}${token}`).digest('hex');
  return { timestamp: String(timestamp), token, signature };
}

/** The form a Mailgun route posts for a mail with these headers and texts. */
export function mailgunForm(headers: [string, string][], texts: { bodyPlain: string; strippedText?: string }, recipient: string,
  signingKey: string): URLSearchParams {
  // as Mailgun's parsed form: header values decoded to UTF-8, the envelope recipient
  const get = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  const form = new URLSearchParams({
    ...mailgunSignature(signingKey),
    from: get('from'), sender: get('from').replace(/^.*<([^>]+)>.*$/, '$1'), recipient,
    subject: get('subject'), 'body-plain': texts.bodyPlain, 'message-headers': JSON.stringify(headers),
  });
  if (texts.strippedText !== undefined) form.set('stripped-text', texts.strippedText);
  return form;
}

/** The body Mailgun posts: the urlencoded form, or multipart with attachment-1 … n when there are files. */
export function mailgunBody(form: URLSearchParams, attachments: InboundAttachment[]): URLSearchParams | FormData {
  if (attachments.length === 0) return form;
  const body = new FormData();
  for (const [k, v] of form) body.append(k, v);
  body.append('attachment-count', String(attachments.length));
  attachments.forEach((a, i) => body.append(`attachment-${i + 1}`, new Blob([a.content], { type: a.contentType }), a.filename));
  return body;
}

/** The headers of a posted request, as a mail would carry them. */
export function requestHeaders(r: InboundRequest, address: string): [string, string][] {
  const list: [string, string][] = [
    ['From', r.from], ['To', r.to ?? address], ['Subject', r.subject ?? ''],
    ['Message-Id', r.message_id ?? `<${randomBytes(12).toString('hex')}@devstack.local>`],
  ];
  if (r.in_reply_to) list.push(['In-Reply-To', r.in_reply_to]);
  if (r.references) list.push(['References', r.references]);
  for (const [k, v] of Object.entries(r.headers ?? {})) list.push([k, v]);
  return list;
}

export class InboundForwarder {
  private target: InboundTarget | null = null;
  readonly deliveries: InboundDelivery[] = [];
  private pending = new Set<Promise<unknown>>();

  configure(target: InboundTarget | null) { this.target = target; }
  get address(): string | null { return this.target?.address.toLowerCase() ?? null; }

  /** Posts one mail to the function; the answer is recorded (GET /api/v1/inbound) and returned. */
  async post(headers: [string, string][], texts: { bodyPlain: string; strippedText?: string }, recipient?: string,
    attachments: InboundAttachment[] = []): Promise<InboundDelivery> {
    const t = this.target;
    const messageId = headers.find(([k]) => k.toLowerCase() === 'message-id')?.[1] ?? '';
    const delivery: InboundDelivery = { at: new Date().toISOString(), messageId, status: null, response: null, error: null };
    if (!t) {
      delivery.error = 'inbound mail is not wired to a gateway (run the stack with npx devstack serve)';
    } else {
      try {
        const body = mailgunBody(mailgunForm(headers, texts, recipient ?? t.address, t.signingKey), attachments);
        const res = await fetch(t.functionUrl, { method: 'POST', body, redirect: 'manual' });
        delivery.status = res.status;
        const text = await res.text();
        try { delivery.response = JSON.parse(text); } catch { delivery.response = text; }
      } catch (err) {
        delivery.error = (err as Error).message;
      }
    }
    this.deliveries.unshift(delivery);
    this.deliveries.length = Math.min(this.deliveries.length, 100);
    return delivery;
  }

  postRequest(r: InboundRequest): Promise<InboundDelivery> {
    return this.post(requestHeaders(r, this.target?.address ?? 'support@cleanmatex.local'),
      { bodyPlain: r.text ?? '', strippedText: r.stripped_text });
  }

  /** An SMTP message for the support address: forwarded in the background (the SMTP answer does not wait). */
  forwardRaw(raw: Buffer, recipient: string): void {
    const p = simpleParser(raw).then((parsed) => {
      // encoded words (=?UTF-8?B?…?=) decoded where people write text: addresses and the subject
      const decoded: Record<string, string | undefined> = {
        from: parsed.from?.text, to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : parsed.to?.text,
        cc: Array.isArray(parsed.cc) ? parsed.cc.map((a) => a.text).join(', ') : parsed.cc?.text, subject: parsed.subject,
      };
      const headers = parsed.headerLines.map(({ key, line }): [string, string] => {
        const at = line.indexOf(':');
        return [line.slice(0, at).trim(), decoded[key] ?? line.slice(at + 1).replace(/\r?\n[ \t]+/g, ' ').trim()];
      });
      // every file part, inline ones too (Mailgun posts those as attachment-n as well)
      const files = parsed.attachments.map((a): InboundAttachment => ({ filename: a.filename ?? 'attachment', contentType: a.contentType || 'application/octet-stream', content: a.content }));
      return this.post(headers, { bodyPlain: parsed.text ?? '' }, recipient, files);
    }).catch(() => undefined).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for forwards in flight (tests, shutdown). */
  async settle(): Promise<void> { while (this.pending.size) await Promise.allSettled([...this.pending]); }
}
