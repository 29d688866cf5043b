// Returned mail for the SMTP channel. SMTP has no webhook of its own: a bounce comes back as a
// mail to the envelope sender, a delivery status notification (RFC 3464: multipart/report;
// report-type=delivery-status), and a complaint forwarded by a mailbox provider's feedback loop as
// an abuse report (RFC 5965: report-type=feedback-report). Whatever receives that mail (the bounce
// mailbox's inbound webhook, or a pipe on the mail server) POSTs it raw (message/rfc822) to
// /notify-receipts/smtp?token=<NOTIFY_SMTP_BOUNCE_TOKEN>. The original message is found by its
// Message-ID (<outbox id@notify.cleanmatex>, the SMTP adapter's provider id) in the returned headers.
import { required } from './contract.ts';
import { safeEqual } from './hmac.ts';
import { BadReceipt, BadSignature, type Receipt } from './receipt.ts';

interface Entity { headers: Map<string, string>; body: string }

/** Header fields (unfolded; names lower-cased; the first of repeated names kept) and the body. */
function entity(raw: string): Entity {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.search(/\n\n/);
  const head = cut < 0 ? text : text.slice(0, cut);
  return { headers: fields(head), body: cut < 0 ? '' : text.slice(cut + 2) };
}

function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const m = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1].toLowerCase())) out.set(m[1].toLowerCase(), m[2].trim());
  }
  return out;
}

/** "multipart/report; report-type=delivery-status; boundary="x"" → type and parameters. */
function contentType(e: Entity): { type: string; params: Record<string, string> } {
  const [type, ...rest] = (e.headers.get('content-type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const m = /^\s*([^=\s]+)\s*=\s*"?([^"]*)"?\s*$/.exec(p);
    if (m) params[m[1].toLowerCase()] = m[2];
  }
  return { type: type.trim().toLowerCase(), params };
}

function parts(e: Entity): Entity[] {
  const boundary = contentType(e).params.boundary;
  if (!boundary) return [];
  const chunks = e.body.split(`--${boundary}`);
  return chunks.slice(1).filter((c) => !c.startsWith('--')).map((c) => entity(c.replace(/^[ \t]*\n/, '')));
}

/** The first multipart/report at any depth (some relays wrap it in multipart/mixed). */
function findReport(e: Entity, depth = 0): Entity | null {
  const ct = contentType(e);
  if (ct.type === 'multipart/report') return e;
  if (!ct.type.startsWith('multipart/') || depth > 3) return null;
  for (const p of parts(e)) {
    const found = findReport(p, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The Message-ID of the returned message (its full copy or only its headers). */
function originalMessageId(report: Entity): string | null {
  for (const p of parts(report)) {
    const t = contentType(p).type;
    if (t === 'message/rfc822' || t === 'text/rfc822-headers' || t === 'message/rfc822-headers') {
      const id = entity(p.body).headers.get('message-id');
      if (id) return id;
    }
  }
  return null;
}

/** A DSN or an abuse report as a receipt; null for reports that change nothing (delayed, relayed). */
export function parseReturnedMail(raw: string): Receipt | null {
  const report = findReport(entity(raw));
  if (!report) throw new BadReceipt('not a multipart/report (RFC 3464 delivery status or RFC 5965 feedback report)');
  const reportType = (contentType(report).params['report-type'] ?? '').toLowerCase();
  const id = originalMessageId(report);
  if (!id) throw new BadReceipt('the report carries no Message-ID of the original message');
  const machine = parts(report).find((p) => ['message/delivery-status', 'message/global-delivery-status', 'message/feedback-report'].includes(contentType(p).type));
  if (!machine) throw new BadReceipt(`the ${reportType || 'report'} has no machine-readable part`);

  if (reportType === 'feedback-report') {
    const f = fields(machine.body.trim());
    return { providerMessageId: id, status: 'complained', detail: {
      type: 'feedback-report', feedback_type: f.get('feedback-type') ?? null, error: `complaint: ${f.get('feedback-type') ?? 'abuse'}`,
    } };
  }
  // per-message fields, then one block per recipient; we send one recipient per message
  const blocks = machine.body.trim().split(/\n\s*\n/).map(fields);
  const rcpt = blocks.find((b) => b.has('action'));
  if (!rcpt) throw new BadReceipt('the delivery status names no recipient action');
  const action = (rcpt.get('action') ?? '').toLowerCase();
  const status = rcpt.get('status') ?? '';
  const diagnostic = rcpt.get('diagnostic-code')?.replace(/^[a-z-]+;\s*/i, '') ?? null;
  const recipient = (rcpt.get('final-recipient') ?? rcpt.get('original-recipient') ?? '').replace(/^[a-z0-9-]+;\s*/i, '') || null;
  const detail = { type: 'delivery-status', action, status, diagnostic, recipient };
  if (action === 'delivered') return { providerMessageId: id, status: 'delivered', detail };
  if (action !== 'failed') return null;   // delayed, relayed, expanded: not an outcome
  // 5.x.x is permanent (no such mailbox, rejected); 4.x.x a persistent transient failure given up on
  const permanent = !status.startsWith('4');
  return { providerMessageId: id, status: 'bounced', detail: {
    ...detail, permanent, error: `smtp ${status || 'bounce'}: ${diagnostic ?? 'returned mail'}`,
  } };
}

/** Accepted when ?token= is the bounce inbox's shared secret. */
export function smtpReturnedMail(raw: string, query: URLSearchParams): Receipt | null {
  const secret = required('NOTIFY_SMTP_BOUNCE_TOKEN');
  const token = query.get('token');
  if (!token) throw new BadSignature('missing ?token=');
  if (!safeEqual(token, secret)) throw new BadSignature('token does not match');
  return parseReturnedMail(raw);
}
