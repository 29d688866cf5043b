// Auth mail as GoTrue sends it: a template per kind (config.toml [auth.email.template.<kind>]
// or a built-in default), Go-template variables filled in, delivered over SMTP (devstack's catcher).
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { GatewayConfig } from '../config.ts';
import { AuthError } from './errors.ts';

export type MailKind = 'invite' | 'confirmation' | 'recovery' | 'magic_link' | 'email_change' | 'reauthentication';

export interface MailVars {
  ConfirmationURL?: string; Token?: string; TokenHash?: string; SiteURL: string; Email: string;
  NewEmail?: string; RedirectTo?: string; Data?: Record<string, unknown>;
}

const DEFAULTS: Record<MailKind, { subject: string; body: string }> = {
  invite: { subject: 'You have been invited',
    body: '<h2>You have been invited</h2><p>You have been invited to create a user on {{ .SiteURL }}. Follow this link to accept:</p><p><a href="{{ .ConfirmationURL }}">Accept the invite</a></p><p>Or enter this code: {{ .Token }}</p>' },
  confirmation: { subject: 'Confirm Your Signup',
    body: '<h2>Confirm your signup</h2><p><a href="{{ .ConfirmationURL }}">Confirm your mail</a></p><p>Or enter this code: {{ .Token }}</p>' },
  recovery: { subject: 'Reset Your Password',
    body: '<h2>Reset password</h2><p><a href="{{ .ConfirmationURL }}">Reset your password</a></p><p>Or enter this code: {{ .Token }}</p>' },
  magic_link: { subject: 'Your Magic Link',
    body: '<h2>Magic link</h2><p><a href="{{ .ConfirmationURL }}">Log in</a></p><p>Or enter this code: {{ .Token }}</p>' },
  email_change: { subject: 'Confirm Email Change',
    body: '<h2>Confirm the change of email</h2><p>Confirm the change from {{ .Email }} to {{ .NewEmail }}:</p><p><a href="{{ .ConfirmationURL }}">Change email</a></p><p>Or enter this code: {{ .Token }}</p>' },
  reauthentication: { subject: 'Confirm reauthentication', body: '<h2>Confirm reauthentication</h2><p>Enter the code: {{ .Token }}</p>' },
};

/** Fills `{{ .Name }}` and `{{ .Data.key }}`; HTML-escapes values as Go's html/template does. */
export function renderTemplate(text: string, vars: MailVars): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
  return text.replace(/\{\{\s*\.([A-Za-z]+)(?:\.([A-Za-z0-9_]+))?\s*\}\}/g, (_, name: string, key?: string) => {
    const value = key ? (name === 'Data' ? vars.Data?.[key] : undefined) : (vars as unknown as Record<string, unknown>)[name];
    return value === undefined || value === null ? '' : esc(String(value));
  });
}

function template(config: GatewayConfig, kind: MailKind): { subject: string; body: string } {
  const custom = config.templates[kind] ?? {};
  let body = DEFAULTS[kind].body;
  if (custom.contentPath) {
    try { body = readFileSync(custom.contentPath, 'utf8'); } catch {
      throw new AuthError(500, 'unexpected_failure', `Error sending ${kind} email: template ${custom.contentPath} cannot be read`);
    }
  }
  return { subject: custom.subject ?? DEFAULTS[kind].subject, body };
}

export async function sendAuthMail(config: GatewayConfig, kind: MailKind, to: string, vars: MailVars): Promise<void> {
  if (!config.smtp) throw new AuthError(500, 'unexpected_failure', `Error sending ${kind} email: no SMTP server configured`);
  const t = template(config, kind);
  const transport = nodemailer.createTransport({ host: config.smtp.host, port: config.smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: { name: config.smtp.senderName, address: config.smtp.adminEmail }, to,
      subject: renderTemplate(t.subject, vars), html: renderTemplate(t.body, vars),
    });
  } catch (err) {
    throw new AuthError(500, 'unexpected_failure', `Error sending ${kind} email: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}
