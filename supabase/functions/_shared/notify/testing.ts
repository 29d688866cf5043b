// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// Test helpers for the notify adapters (imported by *_test.ts only): the functions' local env
// (supabase/functions/.env.local, ${SUPABASE_URL} expanded) loaded into this process so the
// adapters run here as they run in the function, and the devstack messaging simulator's controls.
import type { OutboxMessage, Provider } from './contract.ts';

export const SUPABASE_URL = Deno.env.get('SUPABASE_URL') ?? 'http://127.0.0.1:54321';
export const SIM = `${SUPABASE_URL}/simulator/messaging`;
export const MAIL_URL = Deno.env.get('DEVSTACK_MAIL_URL') ?? 'http://127.0.0.1:54324';

/** Loads .env.local into Deno.env (the adapters read their credentials and API bases there). */
export function useLocalEnv(): Record<string, string> {
  const text = Deno.readTextFileSync(new URL('../../.env.local', import.meta.url));
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    out[m[1]] = m[2].replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k) => (k === 'SUPABASE_URL' ? SUPABASE_URL : out[k] ?? Deno.env.get(k) ?? ''));
    Deno.env.set(m[1], out[m[1]]);
  }
  return out;
}

/** Runs fn with some env names changed (undefined: removed), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(vars)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  }
}

/** A unique phone number per test (E.164), so parallel tests' controls never meet. */
export function testPhone(): string {
  return `+96650${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

export function message(provider: Provider, over: Partial<OutboxMessage> = {}): OutboxMessage {
  const channel = provider === 'smtp' || provider === 'http_email' ? 'email' : provider === 'whatsapp_cloud' ? 'whatsapp' : 'sms';
  const id = crypto.randomUUID();
  return {
    id, channel, provider, to: channel === 'email' ? `owner-${id.slice(0, 8)}@tenant.test` : testPhone(), locale: 'ar',
    subject: 'تذكير بالفاتورة', text: 'فاتورتك رقم INV-1 مستحقة', html: '<p dir="rtl">فاتورتك رقم INV-1 مستحقة</p>',
    whatsapp: channel === 'whatsapp' ? { template: 'invoice_reminder', language: 'ar', parameters: ['INV-1', '120.000 KWD'] } : null,
    idempotency_key: `test:${id}`, ...over,
  };
}

async function post(path: string, body: unknown) {
  const r = await fetch(`${SIM}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`simulator ${path}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

export type SimProvider = 'twilio' | 'unifonic' | 'whatsapp' | 'resend';
export const control = (c: { provider?: SimProvider; to?: string; outcome?: string; receipt?: string; delay_ms?: number }) => post('_control', c);

export async function simMessages(filter: { provider?: SimProvider; to?: string } = {}): Promise<any[]> {
  const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const r = await fetch(`${SIM}/messages?${q}`);
  return (await r.json()).messages;
}

/** Waits (polling, bounded) until check returns something truthy. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A returned mail as Postfix writes one: explanation, delivery status, the original's headers. */
export function dsn(messageId: string, o: { action?: string; status?: string; diagnostic?: string; wrap?: boolean } = {}): string {
  const report = [
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="B0UND"',
    '',
    '--B0UND',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'I\'m sorry to have to inform you that your message could not be delivered.',
    '',
    '--B0UND',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.test',
    'Arrival-Date: Mon, 7 Dec 2026 01:00:00 +0000',
    '',
    'Final-Recipient: rfc822; Owner@Tenant.test',
    'Original-Recipient: rfc822;owner@tenant.test',
    `Action: ${o.action ?? 'failed'}`,
    `Status: ${o.status ?? '5.1.1'}`,
    'Remote-MTA: dns; mx.tenant.test',
    `Diagnostic-Code: smtp; ${o.diagnostic ?? '550 5.1.1 <owner@tenant.test>: Recipient address rejected:'}`,
    '    User unknown in virtual mailbox table',
    '',
    '--B0UND',
    'Content-Type: text/rfc822-headers',
    '',
    'From: CleanMateX <no-reply@cleanmatex.local>',
    'To: owner@tenant.test',
    `Message-ID: ${messageId}`,
    'Subject: =?UTF-8?B?2KrYsNmD2YrYsQ==?=',
    '',
    '--B0UND--',
    '',
  ].join('\r\n');
  const top = ['From: MAILER-DAEMON@mx.example.test', 'To: bounces@cleanmatex.local', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0'];
  if (!o.wrap) return [...top, report].join('\r\n');
  return [...top, 'Content-Type: multipart/mixed; boundary="OUTER"', '', '--OUTER', report, '--OUTER--', ''].join('\r\n');
}

export function arf(messageId: string): string {
  return [
    'From: fbl@mailbox.example.test', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"', '',
    '--ARF', 'Content-Type: text/plain', '', 'This is an email abuse report.', '',
    '--ARF', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: FBL/1.0', 'Version: 1', '',
    '--ARF', 'Content-Type: message/rfc822', '', `Message-ID: ${messageId}`, 'Subject: hello', '', 'body', '',
    '--ARF--', '',
  ].join('\n');
}
