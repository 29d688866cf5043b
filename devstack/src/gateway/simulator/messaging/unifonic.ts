// Unifonic's REST SMS API: POST /rest/SMS/messages, form-encoded (or JSON) AppSid / SenderID /
// Recipient (digits, no + or 00) / Body. Answers {success, message, errorCode, data}. Delivery
// reports go to the webhook configured for the app: here notify-receipts/unifonic?token=<shared secret>.
import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Answer, type ParsedSend, ProviderRefusal, type SimContext, type SimMessage, type SimProvider } from './types.ts';

const refuse = (status: number, errorCode: string, message: string): Answer => ({ status, body: { success: false, message, errorCode, data: null } });

export const unifonic: SimProvider = {
  name: 'unifonic',
  isSend: (method, rest) => method === 'POST' && rest.join('/') === 'rest/SMS/messages',
  parse(ctx: SimContext, req: IncomingMessage, _rest: string[], raw: string): ParsedSend {
    let f: Record<string, string>;
    if (/json/.test(String(req.headers['content-type'] ?? ''))) {
      try { f = JSON.parse(raw || '{}'); } catch { throw new ProviderRefusal(refuse(400, 'ER-400', 'Malformed request')); }
    } else f = Object.fromEntries(new URLSearchParams(raw));
    if (!f.AppSid || f.AppSid !== ctx.secret('UNIFONIC_APP_SID')) throw new ProviderRefusal(refuse(401, 'ER-401', 'Invalid AppSid'));
    if (!f.Body) throw new ProviderRefusal(refuse(400, 'ER-06', 'Invalid or empty message body'));
    const to = String(f.Recipient ?? '');
    if (!/^[1-9]\d{6,14}$/.test(to)) throw new ProviderRefusal(refuse(400, 'ER-02', 'Invalid destination number'));
    return { to, from: f.SenderID ?? null, text: f.Body, idempotencyKey: f.CorrelationID ?? null };
  },
  newId: () => String(randomInt(100_000_000, 999_999_999_999)),
  accepted: (m: SimMessage): Answer => ({
    status: 200,
    body: {
      success: true, message: '', errorCode: 'ER-00',
      data: { MessageID: Number(m.id), CorrelationID: null, Status: 'Sent', NumberOfUnits: 1, Cost: 0.05, Balance: 1000, Recipient: Number(m.to), TimeCreated: m.created, CurrencyCode: 'SAR' },
    },
  }),
  failure(kind) {
    if (kind === 'invalid_number') return refuse(400, 'ER-02', 'Invalid destination number');
    if (kind === 'rate_limit') return refuse(429, 'ER-429', 'Too many requests');
    return refuse(500, 'ER-500', 'Internal server error');
  },
  receipt(ctx, m, kind) {
    const status = kind === 'delivered' || kind === 'read' ? 'Delivered' : 'Undelivered';
    const body = { messageId: m.id, status, errorCode: status === 'Delivered' ? null : 'ER-05', recipient: m.to, timestamp: new Date().toISOString() };
    const url = `${ctx.functionUrl('unifonic')}?token=${encodeURIComponent(ctx.secret('UNIFONIC_WEBHOOK_TOKEN'))}`;
    return { url, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
  },
};
