// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// E-mail over SMTP with nodemailer (any SMTP provider in production; devstack's mail catcher
// locally, whose host and port the devstack gateway hands every function as NOTIFY_SMTP_HOST /
// NOTIFY_SMTP_PORT). One pooled transport per function instance. The Message-ID is the provider id.
// A later bounce comes back as a DSN mail to the bounce mailbox, posted to notify-receipts/smtp (dsn.ts).
import nodemailer from 'npm:nodemailer@6';
import { type Adapter, guarded, type OutboxMessage, permanent, required, retryable, sent, timeoutMs, setting } from './contract.ts';

let transport: ReturnType<typeof nodemailer.createTransport> | null = null;
let transportKey = '';

function smtpTransport() {
  const host = required('NOTIFY_SMTP_HOST');
  const port = Number(setting('NOTIFY_SMTP_PORT', '587'));
  const user = setting('NOTIFY_SMTP_USER');
  const secure = setting('NOTIFY_SMTP_SECURE', port === 465 ? 'true' : 'false') === 'true';
  const pass = user ? required('NOTIFY_SMTP_PASS') : undefined;
  // the password is part of the key: a credential rotated in Vault opens a new pool
  const key = `${host}:${port}:${user ?? ''}:${secure}:${pass ?? ''}`;
  if (!transport || key !== transportKey) {
    transport?.close();
    transport = nodemailer.createTransport({
      host, port, secure, pool: true, maxConnections: 4,
      auth: user ? { user, pass } : undefined,
      connectionTimeout: timeoutMs(), greetingTimeout: timeoutMs(), socketTimeout: timeoutMs(),
    });
    transportKey = key;
  }
  return transport;
}

/** SMTP reply codes 4xx and connection errors may pass; 5xx replies and bad credentials will not. */
function outcomeOf(err: any) {
  const code = Number(err?.responseCode);
  const why = `smtp${code ? ` ${code}` : ''}${err?.code ? ` ${err.code}` : ''}: ${err?.response ?? err?.message ?? err}`;
  if (code >= 500 || err?.code === 'EAUTH' || err?.code === 'EENVELOPE' || err?.code === 'EMESSAGE') return permanent(why);
  return retryable(why);
}

export const smtp: Adapter = {
  provider: 'smtp',
  send: (m: OutboxMessage) => guarded('smtp', async () => {
    const from = m.sender || setting('NOTIFY_EMAIL_FROM') || required('NOTIFY_EMAIL_FROM');
    try {
      const info = await smtpTransport().sendMail({
        from, to: m.to, subject: m.subject ?? '', text: m.text, html: m.html ?? undefined,
        headers: { 'X-Notification-Id': m.id }, messageId: `<${m.id}@notify.cleanmatex>`,
      });
      return sent(String(info.messageId ?? `<${m.id}@notify.cleanmatex>`));
    } catch (err) {
      return outcomeOf(err);
    }
  }),
};

/** Closes the pooled connections (tests). */
export function closeSmtp() { transport?.close(); transport = null; }
