// The bucket support-attachments through the real supabase-js storage client (the console's and
// this function's path to it), against the gateway's Storage and the project's policies: the bucket
// refuses a file over its limit and a forbidden type; a tenant user uploads only to their own
// tenant's ticket folder; another tenant reads nothing; an internal note's file is not downloadable
// by the tenant, not even through a signed URL, while a public reply's file is.
import assert from 'node:assert/strict';
import { createClient } from 'npm:@supabase/supabase-js@2';
import { ANON_KEY, itest, ownerToken, q, SERVICE_KEY, SUPABASE_URL } from '../_shared/testing.ts';

const BUCKET = 'support-attachments';
const as = (token: string) => createClient(SUPABASE_URL, ANON_KEY, {
  auth: { persistSession: false, autoRefreshToken: false }, global: { headers: { Authorization: `Bearer ${token}` } },
});
const statusOf = (error: unknown) => (error as { statusCode?: string } | null)?.statusCode ?? null;
const png = () => new Blob([crypto.getRandomValues(new Uint8Array(64))], { type: 'image/png' });

async function tenantWithTicket() {
  const [{ id: tenant }] = await q<{ id: string }>(`select tests.create_tenant($1) as id`, [`att-${crypto.randomUUID().slice(0, 8)}`]);
  const client = as(await ownerToken(tenant));
  const { data: ticket, error } = await client.rpc('open_support_ticket', { tenant_id: tenant, subject: 'Files', body: 'See the files.' });
  assert.equal(error, null);
  const [{ id: message }] = await q<{ id: number }>(`select id from public.support_messages where ticket_id = $1`, [ticket]);
  const path = (name: string) => `${tenant}/${ticket}/${crypto.randomUUID()}-${name}`;
  return { tenant, ticket: ticket as number, message, client, path };
}

itest('support attachments: the bucket\'s limits, tenant folders and internal notes through supabase-js', async () => {
  const a = await tenantWithTicket();
  const b = await tenantWithTicket();
  const files = (c: typeof a) => c.client.storage.from(BUCKET);

  const big = await files(a).upload(a.path('scan.pdf'), new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'application/pdf' }));
  assert.equal(statusOf(big.error), '413', 'over the bucket\'s 10 MiB');
  const html = await files(a).upload(a.path('page.html'), new Blob(['<script></script>'], { type: 'text/html' }));
  assert.equal(statusOf(html.error), '415', 'HTML is not an allowed type');
  const foreign = await files(a).upload(b.path('x.png'), png());
  assert.equal(statusOf(foreign.error), '403', 'not into another tenant\'s ticket folder');

  const own = a.path('receipt.png');
  assert.equal((await files(a).upload(own, png())).error, null);
  const { error: attachError } = await a.client.rpc('attach_support_file', { ticket_id: a.ticket, message_id: a.message, object_path: own, file_name: 'receipt.png' });
  assert.equal(attachError, null);
  assert.equal((await files(a).download(own)).error, null, 'the tenant reads its attached file');
  assert.equal(statusOf((await files(b).download(own)).error), '404', 'another tenant cannot read it');
  assert.notEqual((await files(b).createSignedUrl(own, 60)).error, null, 'nor sign a link to it');

  // An internal note's file (staff wrote the note; the service role stores the bytes).
  const secret = a.path('notes.txt');
  const service = createClient(SUPABASE_URL, SERVICE_KEY, { auth: { persistSession: false } }).storage.from(BUCKET);
  assert.equal((await service.upload(secret, new Blob(['staff only'], { type: 'text/plain' }))).error, null);
  await q(`with note as (insert into public.support_messages (ticket_id, tenant_id, from_staff, internal, body)
                         values ($1, $2, true, true, 'internal') returning id)
           insert into public.support_attachments (ticket_id, message_id, tenant_id, internal, object_path, file_name, size_bytes, content_type)
           select $1, id, $2, true, $3, 'notes.txt', 10, 'text/plain' from note`, [a.ticket, a.tenant, secret]);
  assert.equal(statusOf((await files(a).download(secret)).error), '404', 'the tenant cannot download the note\'s file by its path');
  assert.notEqual((await files(a).createSignedUrl(secret, 60)).error, null, 'nor sign a link to it');
  const { data: listed } = await files(a).list(`${a.tenant}/${a.ticket}`);
  assert.deepEqual((listed ?? []).map((f) => f.name), [own.split('/')[2]], 'its folder lists the public file only');
  const signed = await files(a).createSignedUrl(own, 60);
  assert.equal((await fetch(signed.data!.signedUrl)).status, 200, 'a signed link to the public file downloads');
});
