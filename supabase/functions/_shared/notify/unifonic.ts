// SMS through Unifonic's REST API: POST {base}/rest/SMS/messages, form-encoded AppSid / SenderID /
// Recipient (international digits, no + or 00) / Body / responseType=JSON / CorrelationID.
// The answer {success, message, errorCode, data: {MessageID, …}}: MessageID is the provider id;
// success=false (e.g. ER-02 invalid destination number) is a permanent failure.
// Receipts: Unifonic's delivery-report webhook is not signed, so its URL carries a shared secret
// (?token=UNIFONIC_WEBHOOK_TOKEN, set as the webhook URL in the Unifonic console), compared here.
import { type Adapter, apiBase, phoneProblem, call, digitsOnly, guarded, type OutboxMessage, permanent, required, retryable, retryableStatus, sent, setting } from './contract.ts';
import { safeEqual } from './hmac.ts';
import { BadReceipt, BadSignature, type Receipt, type ReceiptStatus } from './receipt.ts';

export const unifonic: Adapter = {
  provider: 'unifonic',
  send: (m: OutboxMessage) => guarded('unifonic', async () => {
    const invalid = phoneProblem(m.to);
    if (invalid) return permanent(`unifonic: invalid recipient: ${invalid}`);
    const appSid = required('UNIFONIC_APP_SID');
    const senderId = m.sender || setting('UNIFONIC_SENDER_ID') || required('UNIFONIC_SENDER_ID');
    const form = new URLSearchParams({
      AppSid: appSid, SenderID: senderId, Recipient: digitsOnly(m.to), Body: m.text, responseType: 'JSON', CorrelationID: m.id,
    });
    const a = await call(`${apiBase('UNIFONIC_API_BASE', 'https://el.cloud.unifonic.com')}/rest/SMS/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
    });
    const id = a.body?.data?.MessageID;
    if (a.status >= 200 && a.status < 300 && a.body?.success === true && id !== undefined && id !== null) return sent(String(id));
    const why = `unifonic ${a.status}${a.body?.errorCode ? ` ${a.body.errorCode}` : ''}: ${a.body?.message || a.text.slice(0, 200)}`;
    return retryableStatus(a.status) ? retryable(why) : permanent(why);
  }),
};

const STATUS: Record<string, ReceiptStatus> = { delivered: 'delivered', undelivered: 'failed', failed: 'failed', rejected: 'failed' };

/** The delivery report, accepted when ?token= is the shared secret; null for interim statuses. */
export function unifonicReceipt(raw: string, contentType: string, query: URLSearchParams): Receipt | null {
  const secret = required('UNIFONIC_WEBHOOK_TOKEN');
  const token = query.get('token');
  if (!token) throw new BadSignature('missing ?token=');
  if (!safeEqual(token, secret)) throw new BadSignature('token does not match');
  let body: Record<string, unknown>;
  try {
    body = /json/.test(contentType) ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
  } catch {
    throw new BadReceipt('body must be JSON or a form');
  }
  const id = body.messageId ?? body.MessageID ?? body.message_id;
  const status = String(body.status ?? body.Status ?? '').toLowerCase();
  if (id === undefined || id === null || !status) throw new BadReceipt('messageId and status are required');
  const mapped = STATUS[status];
  if (!mapped) return null;
  return { providerMessageId: String(id), status: mapped, detail: { status, error_code: body.errorCode ?? null, recipient: body.recipient ?? null, ...(mapped === 'failed' ? { error: `unifonic ${status}${body.errorCode ? ` ${body.errorCode}` : ''}` } : {}) } };
}
