// The files a mail carries (Mailgun's multipart parts attachment-1 … attachment-n) kept on the
// ticket: each is stored in the private bucket support-attachments with the service role at
// <tenant>/<ticket>/<uuid>-<safe name>, then public.attach_support_mail_files attaches the stored
// ones to the mail's message and lists every refused one (too large, forbidden type, too many,
// Storage down) in an internal note of the ticket: nothing is dropped silently.
import type { SupabaseClient } from 'npm:@supabase/supabase-js@2';
import { rpc } from '../_shared/supabase.ts';

export const BUCKET = 'support-attachments';
/** As private.support_limit('attachments_per_message'): the rest are listed, not stored. */
export const MAX_FILES = 10;

export interface Skipped { file_name: string; size: number; content_type: string; reason: string }

/** The attachment parts of the form, in Mailgun's order (attachment-1, attachment-2, …). */
export function attachmentParts(fields: FormData): File[] {
  const parts: [number, File][] = [];
  for (const [name, value] of fields.entries()) {
    const m = /^attachment-(\d{1,4})$/.exec(name);
    if (m && value instanceof File) parts.push([Number(m[1]), value]);
  }
  return parts.sort((a, b) => a[0] - b[0]).map(([, file]) => file);
}

/**
 * An object-key-safe form of a file name (the shown name is kept apart): ASCII letters, digits and
 * . _ - only, no "..", starting with a letter or digit, its extension kept, at most 100 characters.
 */
export function safeName(name: string): string {
  const cleaned = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/\.{2,}/g, '.');
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(cleaned)?.[0] ?? '';
  const base = cleaned.slice(0, cleaned.length - ext.length).replace(/^[._-]+/, '').replace(/[._-]+$/, '') || 'attachment';
  return base.slice(0, 100 - ext.length) + ext;
}

/** Storage's answer for a refused upload as the support error code the ticket's note shows. */
function reasonOf(error: { statusCode?: string; status?: number; message?: string }): string {
  const code = String(error.statusCode ?? error.status ?? '');
  if (code === '413') return 'support.attachment_too_large';
  if (code === '415') return 'support.attachment_type_forbidden';
  return `storage: ${(error.message ?? 'refused').slice(0, 80)}`;
}

/** Stores and attaches the mail's files to message `messageId` of ticket `ticketId`. */
export async function keepAttachments(client: SupabaseClient, ticketId: number, messageId: number, files: File[]) {
  const { data: ticket, error } = await client.from('support_tickets').select('tenant_id').eq('id', ticketId).single();
  if (error || !ticket) throw new Error(`ticket ${ticketId} not found for its attachments`);
  const stored: { path: string; file_name: string }[] = [];
  const skipped: Skipped[] = [];
  for (const [i, file] of files.entries()) {
    const described = { file_name: file.name || 'attachment', size: file.size, content_type: file.type || 'application/octet-stream' };
    if (i >= MAX_FILES) {
      skipped.push({ ...described, reason: 'support.too_many_attachments' });
      continue;
    }
    const path = `${ticket.tenant_id}/${ticketId}/${crypto.randomUUID()}-${safeName(described.file_name)}`;
    const { error: refused } = await client.storage.from(BUCKET).upload(path, file, { contentType: described.content_type, upsert: false });
    if (refused) skipped.push({ ...described, reason: reasonOf(refused as never) });
    else stored.push({ path, file_name: described.file_name });
  }
  const answer = await rpc<{ attached: unknown[]; skipped: { path?: string }[]; note_id: number | null }>(
    client, 'attach_support_mail_files', { message_id: messageId, files: stored, skipped });
  // Objects the database refused are not part of any message: remove them.
  const orphans = answer.skipped.map((s) => s.path).filter((p): p is string => typeof p === 'string');
  if (orphans.length) await client.storage.from(BUCKET).remove(orphans);
  return { attached: answer.attached.length, skipped: answer.skipped.length, note_id: answer.note_id };
}

/** When storing failed midway: every file of the mail is listed in the ticket's note instead. */
export async function listUnkept(client: SupabaseClient, messageId: number, files: File[], reason: string) {
  const skipped = files.map((f) => ({ file_name: f.name || 'attachment', size: f.size, content_type: f.type || 'application/octet-stream', reason }));
  const answer = await rpc<{ note_id: number | null }>(client, 'attach_support_mail_files', { message_id: messageId, files: [], skipped });
  return { attached: 0, skipped: skipped.length, note_id: answer.note_id };
}
