// A mail's attachments over real HTTP: a signed multipart post as Mailgun sends it (attachment-1 … n
// file parts) becomes a ticket whose first message carries the allowed file (stored in the bucket,
// byte for byte), while the forbidden type and the file over the bucket's limit are listed in an
// internal note; neither is left in Storage. Plus the pure helpers (part order, safe names).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createClient } from 'npm:@supabase/supabase-js@2';
import { itest, q, SECRETS, SERVICE_KEY, SUPABASE_URL } from '../_shared/testing.ts';
import { attachmentParts, safeName } from './attachments.ts';

const FN = `${SUPABASE_URL}/functions/v1/support-inbound-mail`;

function signedForm(from: string, subject: string, messageId: string): FormData {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = crypto.randomUUID().replaceAll('-', '').padEnd(50, '0');
  const f = new FormData();
  f.set('timestamp', timestamp);
  f.set('token', token);
  f.set('signature', createHmac('sha256', SECRETS.MAILGUN_WEBHOOK_SIGNING_KEY).update(`${timestamp}${token}`).digest('hex'));
  f.set('from', from);
  f.set('recipient', 'support@cleanmatex.local');
  f.set('subject', subject);
  f.set('body-plain', 'Photo of the receipt attached.');
  f.set('message-headers', JSON.stringify([['Message-Id', messageId]]));
  return f;
}

Deno.test('attachment parts come in Mailgun\'s order; names become key-safe', () => {
  const f = new FormData();
  f.set('attachment-2', new File(['b'], 'b.txt'));
  f.set('attachment-10', new File(['c'], 'c.txt'));
  f.set('attachment-1', new File(['a'], 'a.txt'));
  f.set('attachment-x', 'not a file');
  f.set('subject', 'text');
  assert.deepEqual(attachmentParts(f).map((p) => p.name), ['a.txt', 'b.txt', 'c.txt']);
  assert.equal(safeName('../../etc/passwd'), 'etc_passwd');
  assert.equal(safeName('فاتورة مارس.pdf'), 'attachment.pdf');
  assert.equal(safeName('receipt photo (1).PNG'), 'receipt_photo_1.PNG');
  assert.equal(safeName('x'.repeat(300) + '.png').length, 100);
  assert.equal(safeName('...'), 'attachment');
});

itest('support-inbound-mail: a mail\'s allowed file is attached, a forbidden and an oversized one are listed in a note', async () => {
  const email = `files-${crypto.randomUUID().slice(0, 8)}@inbound.test`;
  const [{ id: tenant }] = await q<{ id: string }>(`select tests.create_tenant($1) as id`, [`files-${crypto.randomUUID().slice(0, 8)}`]);
  await q(`update public.tenants set contact = jsonb_build_object('name', 'Sara', 'email', $2::text) where id = $1`, [tenant, email]);

  const png = crypto.getRandomValues(new Uint8Array(2048));
  const form = signedForm(`Sara <${email}>`, 'Receipt printer', `<${crypto.randomUUID()}@customer.test>`);
  form.set('attachment-count', '3');
  form.set('attachment-1', new File([png], 'receipt photo.png', { type: 'image/png' }));
  form.set('attachment-2', new File(['<script>alert(1)</script>'], 'page.html', { type: 'text/html' }));
  form.set('attachment-3', new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'scan.pdf', { type: 'application/pdf' }));
  const res = await fetch(FN, { method: 'POST', body: form });   // fetch encodes it as multipart/form-data
  const answer = await res.json();
  assert.equal(res.status, 200, JSON.stringify(answer));
  assert.equal(answer.outcome, 'ticket');
  assert.deepEqual([answer.attachments.attached, answer.attachments.skipped], [1, 2]);

  const rows = await q<{ file_name: string; size_bytes: string; content_type: string; object_path: string; internal: boolean }>(
    `select file_name, size_bytes, content_type, object_path, internal from public.support_attachments where ticket_id = $1`, [answer.ticket_id]);
  assert.deepEqual(rows.map((r) => [r.file_name, Number(r.size_bytes), r.content_type, r.internal]), [['receipt photo.png', 2048, 'image/png', false]]);
  assert.match(rows[0].object_path, new RegExp(`^${tenant}/${answer.ticket_id}/[0-9a-f-]{36}-receipt_photo.png$`));

  const storage = createClient(SUPABASE_URL, SERVICE_KEY, { auth: { persistSession: false } }).storage.from('support-attachments');
  const { data: blob, error } = await storage.download(rows[0].object_path);
  assert.equal(error, null);
  assert.deepEqual(new Uint8Array(await blob!.arrayBuffer()), png, 'the stored bytes are the mail\'s');
  const objects = await q(`select name from storage.objects where bucket_id = 'support-attachments' and name like $1`, [`${tenant}/%`]);
  assert.equal(objects.length, 1, 'the refused files are not left in Storage');

  const [note] = await q<{ body: string; internal: boolean }>(
    `select body, internal from public.support_messages where id = $1`, [answer.attachments.note_id]);
  assert.equal(note.internal, true);
  assert.match(note.body, /page\.html \(text\/html, 25 bytes\): support\.attachment_type_forbidden/);
  assert.match(note.body, /scan\.pdf \(application\/pdf, 10485761 bytes\): support\.attachment_too_large/);
});
