// Twilio's Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, basic
// auth AccountSid:AuthToken. Errors are {code, message, more_info, status}. Status callbacks are
// form posts signed X-Twilio-Signature = base64(HMAC-SHA1(AuthToken, URL + sorted name+value)).
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Answer, type ParsedSend, ProviderRefusal, type SimContext, type SimMessage, type SimProvider } from './types.ts';

const err = (status: number, code: number, message: string): Answer =>
  ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

export function twilioSignature(token: string, url: string, params: URLSearchParams): string {
  const keys = [...new Set(params.keys())].sort();
  let data = url;
  for (const k of keys) for (const v of params.getAll(k)) data += k + v;
  return createHmac('sha1', token).update(data).digest('base64');
}

const E164 = /^\+[1-9]\d{6,14}$/;

export const twilio: SimProvider = {
  name: 'twilio',
  isSend: (method, rest) => method === 'POST' && rest.length === 4 && rest[0] === '2010-04-01' && rest[1] === 'Accounts' && rest[3] === 'Messages.json',
  parse(ctx: SimContext, req: IncomingMessage, rest: string[], raw: string): ParsedSend {
    const sid = ctx.secret('TWILIO_ACCOUNT_SID'), token = ctx.secret('TWILIO_AUTH_TOKEN');
    const m = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
    const [user, pass] = m ? Buffer.from(m[1], 'base64').toString('utf8').split(':') : [];
    if (user !== sid || pass !== token || rest[2] !== sid) throw new ProviderRefusal(err(401, 20003, 'Authenticate'));
    const form = new URLSearchParams(raw);
    const to = form.get('To'), body = form.get('Body');
    if (!to) throw new ProviderRefusal(err(400, 21604, "A 'To' phone number is required."));
    if (!body) throw new ProviderRefusal(err(400, 21602, 'Message body is required.'));
    if (!form.get('From') && !form.get('MessagingServiceSid')) throw new ProviderRefusal(err(400, 21603, "A 'From' phone number is required."));
    if (!E164.test(to)) throw new ProviderRefusal(err(400, 21211, `The 'To' number ${to} is not a valid phone number.`));
    return { to, from: form.get('From') ?? form.get('MessagingServiceSid'), text: body, callback: form.get('StatusCallback') };
  },
  newId: () => `SM${randomBytes(16).toString('hex')}`,
  accepted(m: SimMessage, ctx: SimContext): Answer {
    const account = ctx.secret('TWILIO_ACCOUNT_SID');
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return {
      status: 201,
      body: {
        sid: m.id, account_sid: account, to: m.to, from: m.from, body: m.text, status: 'queued', num_segments: '1', num_media: '0',
        direction: 'outbound-api', api_version: '2010-04-01', date_created: now, date_updated: now, date_sent: null,
        price: null, price_unit: 'USD', error_code: null, error_message: null, messaging_service_sid: null,
        uri: `/2010-04-01/Accounts/${account}/Messages/${m.id}.json`,
      },
    };
  },
  failure(kind, send) {
    if (kind === 'invalid_number') return err(400, 21211, `The 'To' number ${send.to} is not a valid phone number.`);
    if (kind === 'rate_limit') return err(429, 20429, 'Too Many Requests');
    return err(500, 20500, 'Internal Server Error');
  },
  receipt(ctx, m, kind) {
    const status = kind === 'failed' || kind === 'bounced' ? 'undelivered' : kind;
    const url = m.callback || ctx.functionUrl('twilio');
    const params = new URLSearchParams({
      AccountSid: ctx.secret('TWILIO_ACCOUNT_SID'), ApiVersion: '2010-04-01', From: m.from ?? '', To: m.to,
      MessageSid: m.id, SmsSid: m.id, MessageStatus: status, SmsStatus: status,
    });
    if (status === 'undelivered') params.set('ErrorCode', '30003');
    return {
      url, body: params.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilioSignature(ctx.secret('TWILIO_AUTH_TOKEN'), url, params), 'User-Agent': 'TwilioProxy/1.1' },
    };
  },
};
