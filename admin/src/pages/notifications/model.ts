// Notifications console (issue 17 §7): the shapes the SQL functions answer and the lists' choices.
export const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type Channel = typeof CHANNELS[number];
export const LOCALES = ['ar', 'en'] as const;
export type Locale = typeof LOCALES[number];
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'suppressed', 'dead'] as const;
/** Statuses public.retry_notification accepts. */
export const RETRYABLE = ['failed', 'bounced', 'dead'];

export const STATUS_COLOURS: Record<string, string> = {
  queued: 'default', sending: 'processing', sent: 'blue', delivered: 'green', failed: 'red', bounced: 'volcano', suppressed: 'orange', dead: 'magenta',
};

/** What public.preview_notification_template answers. */
export interface TemplatePreview {
  event: string; channel: Channel; locale: Locale; version: number | null; variables: string[];
  subject: string | null; text: string | null; html: string | null;
  whatsapp: { template: string; language: string; parameters: string[] } | null;
  sms: { encoding: 'gsm7' | 'ucs2'; characters: number; units: number; segments: number } | null;
  error: { code: string; message: string } | null;
}

/** The editor's fields, as the draft the preview renders and the arguments the save takes. */
export interface TemplateDraft {
  subject?: string | null; body_text?: string; body_html?: string | null; whatsapp_template?: string | null; whatsapp_parameters?: string[] | null;
}

export function draftJson(d: TemplateDraft) {
  return {
    subject: d.subject ?? null, body_text: d.body_text ?? '', body_html: d.body_html ?? null,
    whatsapp_template: d.whatsapp_template || null, whatsapp_parameters: d.whatsapp_parameters?.length ? d.whatsapp_parameters : null,
  };
}

export function saveArgs(event: string, channel: Channel, locale: Locale, d: TemplateDraft) {
  const j = draftJson(d);
  return {
    p_event: event, p_channel: channel, p_locale: locale, p_subject: channel === 'email' ? j.subject : null, p_body_text: j.body_text,
    p_body_html: channel === 'email' ? j.body_html : null,
    p_whatsapp_template: channel === 'whatsapp' ? j.whatsapp_template : null,
    p_whatsapp_parameters: channel === 'whatsapp' ? j.whatsapp_parameters : null,
  };
}
