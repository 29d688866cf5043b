// The inbox over HTTP: a JSON API (list, read, raw, delete) and a plain HTML view of the same.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MailStore, StoredMessage } from './store.ts';
import type { InboundForwarder, InboundRequest } from './inbound.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const who = (a: { name: string; address: string } | null) => (a ? (a.name ? `${a.name} <${a.address}>` : a.address) : '');

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function html(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    // The page shows mail from anyone: no scripts of its own, mail HTML only in a sandboxed frame.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'",
  });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}
td,th{text-align:start;padding:.4rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}
iframe{width:100%;height:28rem;border:1px solid #ddd}</style></head><body>${body}</body></html>`);
}

function listPage(store: MailStore): string {
  const rows = store.list().map((m) => `<tr><td>${esc(m.created.replace('T', ' ').slice(0, 19))}</td><td>${esc(m.to.map(who).join(', '))}</td>
<td><a href="/view/${m.id}">${esc(m.subject || '(no subject)')}</a></td><td>${esc(who(m.from))}</td></tr>`).join('');
  return `<h1>devstack inbox</h1><p>JSON: <code>/api/v1/messages</code>; inbound support mail: <code>POST /api/v1/inbound</code> (docs/support.md)</p>
<table><thead><tr><th>received</th><th>to</th><th>subject</th><th>from</th></tr></thead><tbody>${rows || '<tr><td colspan="4">no mail yet</td></tr>'}</tbody></table>`;
}

function messagePage(m: StoredMessage): string {
  return `<p><a href="/">← inbox</a></p><h1>${esc(m.subject || '(no subject)')}</h1>
<p>from ${esc(who(m.from))}<br>to ${esc(m.to.map(who).join(', '))}<br>${esc(m.created)}</p>
${m.html ? `<iframe sandbox="" srcdoc="${esc(m.html)}"></iframe>` : ''}<h2>text</h2><pre>${esc(m.text)}</pre>
<p><a href="/api/v1/messages/${m.id}/raw">raw message</a></p>`;
}

/** POST /api/v1/inbound {from, subject, text, …}: posts it as Mailgun would; answers with the function's answer. */
function postInbound(inbound: InboundForwarder, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => { size += c.length; if (size <= 1024 * 1024) chunks.push(c); });
  req.on('end', () => {
    let body: InboundRequest;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return json(res, 400, { error: 'the body is not JSON' }); }
    if (size > 1024 * 1024) return json(res, 413, { error: 'the body is larger than 1 MiB' });
    if (!body || typeof body.from !== 'string') return json(res, 400, { error: '{from, to?, subject?, text?, message_id?, in_reply_to?, references?, headers?} expected' });
    inbound.postRequest(body).then((d) => json(res, d.status === null ? 502 : 200, d), (err) => json(res, 500, { error: (err as Error).message }));
  });
}

export function handleInbox(store: MailStore, req: IncomingMessage, res: ServerResponse, inbound?: InboundForwarder): void {
  const url = new URL(req.url ?? '/', 'http://inbox');
  const parts = url.pathname.split('/').filter(Boolean);
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'content-type' });
    return void res.end();
  }
  if (inbound && parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'inbound' && parts.length === 3) {
    if (method === 'POST') return postInbound(inbound, req, res);
    if (method === 'GET') return json(res, 200, { address: inbound.address, deliveries: inbound.deliveries });
    return json(res, 405, { error: `${method} is not allowed here` });
  }
  if (parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'messages') {
    const id = parts[3];
    if (!id && method === 'GET') {
      const messages = store.list({ to: url.searchParams.get('to') ?? undefined });
      return json(res, 200, { total: messages.length, messages });
    }
    if (!id && method === 'DELETE') return json(res, 200, { deleted: store.deleteAll() });
    if (id && parts.length === 4 && method === 'GET') {
      const m = store.get(id);
      return m ? json(res, 200, m) : json(res, 404, { error: 'message not found' });
    }
    if (id && parts[4] === 'raw' && parts.length === 5 && method === 'GET') {
      const raw = store.raw(id);
      if (!raw) return json(res, 404, { error: 'message not found' });
      res.writeHead(200, { 'Content-Type': 'message/rfc822' });
      return void res.end(raw);
    }
    if (id && parts.length === 4 && method === 'DELETE') {
      return store.delete(id) ? json(res, 200, { deleted: 1 }) : json(res, 404, { error: 'message not found' });
    }
    return json(res, 405, { error: `${method} is not allowed here` });
  }
  if (method !== 'GET') return json(res, 405, { error: `${method} is not allowed here` });
  if (parts.length === 0) return html(res, 200, 'devstack inbox', listPage(store));
  if (parts[0] === 'view' && parts.length === 2) {
    const m = store.get(parts[1]);
    return m ? html(res, 200, m.subject, messagePage(m)) : html(res, 404, 'not found', '<p>No such message. <a href="/">inbox</a></p>');
  }
  json(res, 404, { error: 'not found' });
}
