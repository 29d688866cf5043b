// Ticket attachments in the console: the bucket's limits (as supabase/schemas/support/29_support_attachments.sql
// declares them, checked here first so a person learns at once), the object path convention, and
// the steps of attaching: upload to Storage as the signed-in user, then attach_support_file.
import { supabase } from '../../providers/supabase';

export const BUCKET = 'support-attachments';
export const MAX_BYTES = 10 * 1024 * 1024;
export const ALLOWED_TYPES = [
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv',
  'application/msword', 'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];
/** What the file picker offers (the server decides; this only narrows the dialog). */
export const ACCEPT = ALLOWED_TYPES.join(',');
export const MAX_FILES = 10;

/** An error as the SQL functions raise it, so describeError shows the catalogue's title. */
export interface AttachmentError { code: string; details: string; message: string }
const fail = (code: string, status: string, message: string): AttachmentError => ({ code: status, details: code, message });

/** The file's problem before any upload, or null. */
export function precheck(file: { size: number; type: string; name: string }): AttachmentError | null {
  if (file.size > MAX_BYTES) return fail('support.attachment_too_large', 'PT413', file.name);
  if (!ALLOWED_TYPES.includes(file.type.toLowerCase())) return fail('support.attachment_type_forbidden', 'PT415', file.name);
  return null;
}

/** Storage's refusal (statusCode 413 / 415) as the same codes; anything else as it came. */
export function fromStorageError(err: { statusCode?: string; message?: string }, name: string): AttachmentError | { message: string } {
  if (err.statusCode === '413') return fail('support.attachment_too_large', 'PT413', name);
  if (err.statusCode === '415') return fail('support.attachment_type_forbidden', 'PT415', name);
  return { message: err.message ?? 'upload failed' };
}

/** An object-key-safe name (ASCII letters, digits, . _ -; extension kept; at most 100): the shown name is stored apart. */
export function safeName(name: string): string {
  const cleaned = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/\.{2,}/g, '.');
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(cleaned)?.[0] ?? '';
  const base = cleaned.slice(0, cleaned.length - ext.length).replace(/^[._-]+/, '').replace(/[._-]+$/, '') || 'attachment';
  return base.slice(0, 100 - ext.length) + ext;
}

/** <tenant_id>/<ticket_id>/<uuid>-<safe name>: the only shape the bucket's policy and attach_support_file accept. */
export function attachmentPath(tenantId: string, ticketId: number, name: string, uuid = crypto.randomUUID()): string {
  return `${tenantId}/${ticketId}/${uuid}-${safeName(name)}`;
}

/** Uploads one file as the signed-in user; throws an AttachmentError-like object when Storage refuses. */
export async function uploadAttachment(path: string, file: File): Promise<void> {
  const { error } = await supabase.storage.from(BUCKET).upload(path, file, { contentType: file.type, upsert: false });
  if (error) throw fromStorageError(error as { statusCode?: string; message?: string }, file.name);
}

/** A download link valid for 5 minutes (the bucket is private); null when the caller may not read it. */
export async function signedUrl(path: string, fileName: string): Promise<string | null> {
  const { data, error } = await supabase.storage.from(BUCKET).createSignedUrl(path, 300, { download: fileName });
  return error ? null : data.signedUrl;
}
