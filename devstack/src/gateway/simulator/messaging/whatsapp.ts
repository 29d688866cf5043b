// The WhatsApp Business Cloud API: POST /{version}/{phone-number-id}/messages with a bearer token.
// Errors are Graph API errors {error: {message, type, code, error_subcode?, fbtrace_id}}. Status
// webhooks (whatsapp_business_account) are signed X-Hub-Signature-256 with the app secret.
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Answer, type Obj, type ParsedSend, ProviderRefusal, type SimContext, type SimMessage, type SimProvider } from './types.ts';

const trace = () => randomBytes(9).toString('base64url');
const graphError = (status: number, code: number, message: string, type = 'OAuthException', extra: Obj = {}): Answer =>
  ({ status, body: { error: { message, type, code, ...extra, fbtrace_id: trace() } } });

export const whatsapp: SimProvider = {
  name: 'whatsapp',
  isSend: (method, rest) => method === 'POST' && rest.length === 3 && /^v\d+\.\d+$/.test(rest[0]) && rest[2] === 'messages',
  parse(ctx: SimContext, req: IncomingMessage, rest: string[], raw: string): ParsedSend {
    const m = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
    if (!m || m[1].trim() !== ctx.secret('WHATSAPP_ACCESS_TOKEN')) throw new ProviderRefusal(graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'));
    if (rest[1] !== ctx.secret('WHATSAPP_PHONE_NUMBER_ID')) {
      throw new ProviderRefusal(graphError(400, 100, `Unsupported post request. Object with ID '${rest[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', { error_subcode: 33 }));
    }
    let b: Obj;
    try { b = JSON.parse(raw || '{}'); } catch { throw new ProviderRefusal(graphError(400, 100, 'Invalid parameter')); }
    if (b.messaging_product !== 'whatsapp') throw new ProviderRefusal(graphError(400, 100, '(#100) The parameter messaging_product is required.'));
    const to = String(b.to ?? '');
    if (!/^\+?[1-9]\d{6,14}$/.test(to)) throw new ProviderRefusal(graphError(400, 100, '(#100) Invalid parameter', 'OAuthException', { error_data: { messaging_product: 'whatsapp', details: 'to: invalid phone number' } }));
    if (b.type === 'template') {
      if (!b.template?.name || !b.template?.language?.code) throw new ProviderRefusal(graphError(400, 100, '(#100) Param template[\'name\'] and template[\'language\'][\'code\'] are required.'));
      return { to: to.replace(/^\+/, ''), from: rest[1], template: b.template, text: null };
    }
    if (b.type === 'text' && typeof b.text?.body === 'string') return { to: to.replace(/^\+/, ''), from: rest[1], text: b.text.body };
    throw new ProviderRefusal(graphError(400, 100, '(#100) Invalid parameter: type must be template or text'));
  },
  newId: () => `wamid.${randomBytes(24).toString('base64url')}`,
  accepted: (m: SimMessage): Answer => ({
    status: 200,
    body: { messaging_product: 'whatsapp', contacts: [{ input: m.to, wa_id: m.to }], messages: [{ id: m.id, message_status: 'accepted' }] },
  }),
  failure(kind, send) {
    if (kind === 'invalid_number') {
      return graphError(400, 131030, '(#131030) Recipient phone number not in allowed list', 'OAuthException', { error_data: { messaging_product: 'whatsapp', details: `Recipient phone number ${send.to} not in allowed list` } });
    }
    if (kind === 'rate_limit') return graphError(429, 130429, '(#130429) Rate limit hit');
    return graphError(500, 131000, '(#131000) Something went wrong');
  },
  receipt(ctx, m, kind) {
    const status = kind === 'bounced' ? 'failed' : kind;
    const s: Obj = { id: m.id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: m.to };
    if (status === 'failed') s.errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '100000000000000', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: m.from }, statuses: [s] } }] }],
    });
    const sig = `sha256=${createHmac('sha256', ctx.secret('WHATSAPP_APP_SECRET')).update(body).digest('hex')}`;
    return { url: ctx.functionUrl('whatsapp_cloud'), body, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sig } };
  },
};
