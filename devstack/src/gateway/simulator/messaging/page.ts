// The recorded messages as a small HTML table (newest first), everything escaped.
import type { SimMessage } from './types.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function messagesPage(messages: SimMessage[]): string {
  const rows = messages.slice(-500).reverse().map((m) => `<tr><td>${esc(m.created.replace('T', ' ').slice(0, 19))}</td><td>${esc(m.provider)}</td>
<td>${esc(m.to)}</td><td dir="auto">${esc(m.subject ?? (m.template ? `template ${m.template.name} (${m.template.language?.code})` : ''))}<br><small dir="auto">${esc((m.text ?? JSON.stringify(m.template?.components ?? '')).slice(0, 300))}</small></td>
<td>${esc(m.status)}${m.receipt ? `<br><small>receipt ${esc(m.receipt.status ?? m.receipt.error ?? 'pending')} ×${m.receipt.attempts}</small>` : ''}</td><td><code>${esc(m.id)}</code></td></tr>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>devstack messages</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{text-align:start;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body><h1>devstack messages (SMS, WhatsApp, e-mail API)</h1><p>JSON: <code>/simulator/messaging/messages</code> · ${messages.length} recorded</p>
<table><thead><tr><th>sent</th><th>provider</th><th>to</th><th>message</th><th>status</th><th>id</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">no messages yet</td></tr>'}</tbody></table></body></html>`;
}
