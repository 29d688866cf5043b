// Resend's e-mail API: POST /emails with a bearer API key (optional Idempotency-Key). Errors are
// {statusCode, name, message}. Webhooks are signed the Svix way (svix-id, svix-timestamp,
// svix-signature "v1,<base64 HMAC-SHA256>" keyed with the decoded whsec_ secret).
import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Answer, type Obj, type ParsedSend, ProviderRefusal, type SimContext, type SimMessage, type SimProvider } from './types.ts';

const refuse = (statusCode: number, name: string, message: string): Answer => ({ status: statusCode, body: { statusCode, name, message } });
const EMAIL = /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;

export function svixHeaders(secret: string, body: string, id = `msg_${randomUUID().replace(/-/g, '')}`, ts = Math.floor(Date.now() / 1000)) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  return { 'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': `v1,${sig}` };
}

export const resend: SimProvider = {
  name: 'resend',
  isSend: (method, rest) => method === 'POST' && rest.length === 1 && rest[0] === 'emails',
  parse(ctx: SimContext, req: IncomingMessage, _rest: string[], raw: string): ParsedSend {
    const m = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
    if (!m) throw new ProviderRefusal(refuse(401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY'));
    if (m[1].trim() !== ctx.secret('RESEND_API_KEY')) throw new ProviderRefusal(refuse(403, 'invalid_api_key', 'API key is invalid'));
    let b: Obj;
    try { b = JSON.parse(raw || '{}'); } catch { throw new ProviderRefusal(refuse(422, 'validation_error', 'Invalid JSON body')); }
    const to = Array.isArray(b.to) ? b.to : b.to ? [b.to] : [];
    if (!b.from || !EMAIL.test(String(b.from))) throw new ProviderRefusal(refuse(422, 'validation_error', 'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.'));
    if (!to.length || !to.every((t: unknown) => EMAIL.test(String(t)))) throw new ProviderRefusal(refuse(422, 'validation_error', 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.'));
    if (typeof b.subject !== 'string') throw new ProviderRefusal(refuse(422, 'validation_error', 'Missing `subject` field.'));
    if (!b.html && !b.text) throw new ProviderRefusal(refuse(422, 'validation_error', 'Missing `html` or `text` field.'));
    const key = req.headers['idempotency-key'];
    return { to: to.join(', '), from: b.from, subject: b.subject, text: b.text ?? null, html: b.html ?? null, idempotencyKey: typeof key === 'string' ? key : null };
  },
  newId: () => randomUUID(),
  accepted: (m: SimMessage): Answer => ({ status: 200, body: { id: m.id } }),
  failure(kind, send) {
    if (kind === 'invalid_number') return refuse(422, 'validation_error', `Invalid \`to\` field: ${send.to} cannot receive mail.`);
    if (kind === 'rate_limit') return refuse(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.');
    return refuse(500, 'application_error', 'An unexpected error occurred.');
  },
  receipt(ctx, m, kind) {
    const type = kind === 'delivered' ? 'email.delivered' : kind === 'bounced' ? 'email.bounced' : kind === 'read' ? 'email.opened' : 'email.failed';
    const data: Obj = { email_id: m.id, from: m.from, to: m.to.split(', '), subject: m.subject, created_at: m.created };
    if (kind === 'bounced') data.bounce = { message: 'The recipient\'s mailbox does not exist.', type: 'Permanent', subType: 'General' };
    const body = JSON.stringify({ type, created_at: new Date().toISOString(), data });
    return { url: ctx.functionUrl('http_email'), body, headers: { 'Content-Type': 'application/json', ...svixHeaders(ctx.secret('RESEND_WEBHOOK_SECRET'), body) } };
  },
};
