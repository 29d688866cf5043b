// SMS through Twilio's Messages API: POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json,
// form-encoded To / From (or MessagingServiceSid) / Body / StatusCallback, HTTP basic auth
// AccountSid:AuthToken. The answer's `sid` (SM…) is the provider message id.
// Receipts: Twilio posts the status callback form-encoded, signed in X-Twilio-Signature:
// base64(HMAC-SHA1(AuthToken, full URL + every POST param name+value sorted by name)).
import { type Adapter, apiBase, phoneProblem, call, guarded, type OutboxMessage, permanent, required, retryable, retryableStatus, sent, setting } from './contract.ts';
import { hmac, safeEqual, toBase64 } from './hmac.ts';
import { BadReceipt, BadSignature, type Receipt, type ReceiptStatus, receiptsUrl } from './receipt.ts';

export const twilio: Adapter = {
  provider: 'twilio',
  send: (m: OutboxMessage) => guarded('twilio', async () => {
    const invalid = phoneProblem(m.to);
    if (invalid) return permanent(`twilio: invalid recipient: ${invalid}`);
    const sid = required('TWILIO_ACCOUNT_SID');
    const token = required('TWILIO_AUTH_TOKEN');
    const service = setting('TWILIO_MESSAGING_SERVICE_SID');
    // the channel's sender (a number or an alphanumeric sender id), else TWILIO_FROM
    const from = service ? null : (m.sender || required('TWILIO_FROM'));
    const form = new URLSearchParams({ To: m.to, Body: m.text, StatusCallback: `${receiptsUrl()}/twilio` });
    if (service) form.set('MessagingServiceSid', service);
    else form.set('From', from!);
    const url = `${apiBase('TWILIO_API_BASE', 'https://api.twilio.com')}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`;
    const a = await call(url, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${sid}:${token}`)}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
    });
    if (a.status >= 200 && a.status < 300 && typeof a.body?.sid === 'string') return sent(a.body.sid);
    // Twilio's error body: {code, message, more_info, status}; 21211 invalid To, 20003 authentication.
    const why = `twilio ${a.status}${a.body?.code ? ` ${a.body.code}` : ''}: ${a.body?.message ?? a.text.slice(0, 200)}`;
    return retryableStatus(a.status) ? retryable(why) : permanent(why);
  }),
};

/** Twilio's signature of a form POST to `url`. */
export async function twilioSignature(authToken: string, url: string, params: URLSearchParams): Promise<string> {
  const keys = [...new Set(params.keys())].sort();
  let data = url;
  for (const k of keys) for (const v of params.getAll(k)) data += k + v;
  return toBase64(await hmac('SHA-1', authToken, data));
}

const STATUS: Record<string, ReceiptStatus> = { delivered: 'delivered', undelivered: 'failed', failed: 'failed', read: 'read' };

/** The status callback verified and read; null for interim statuses (queued, sent…): acknowledged, not stored. */
export async function twilioReceipt(headers: Headers, raw: string, search: string): Promise<Receipt | null> {
  const token = required('TWILIO_AUTH_TOKEN');
  const given = headers.get('x-twilio-signature');
  if (!given) throw new BadSignature('missing X-Twilio-Signature');
  const params = new URLSearchParams(raw);
  const expected = await twilioSignature(token, `${receiptsUrl()}/twilio${search}`, params);
  if (!safeEqual(given, expected)) throw new BadSignature('X-Twilio-Signature does not match');
  const id = params.get('MessageSid') ?? params.get('SmsSid');
  const status = params.get('MessageStatus') ?? params.get('SmsStatus');
  if (!id || !status) throw new BadReceipt('MessageSid and MessageStatus are required');
  const mapped = STATUS[status];
  if (!mapped) return null;
  return { providerMessageId: id, status: mapped, detail: { status, error_code: params.get('ErrorCode'), to: params.get('To'), ...(mapped === 'failed' ? { error: `twilio ${status}${params.get('ErrorCode') ? ` ${params.get('ErrorCode')}` : ''}` } : {}) } };
}
