// Support attachments end to end on devstack, with the real support-inbound-mail function, Storage
// and pg_net worker:
// - a mail with a file sent over SMTP to the support address becomes a ticket with the file
//   attached (the mail catcher posts it as a Mailgun route does: multipart, attachment-1 … n);
// - the sweep of uploads never attached (support.attachment_sweep) removes the bytes too, through
//   Storage's API, not only the storage.objects row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionsFileEnv } from '../../src/gateway/functions/runner.ts';
import { startMailService, type MailService } from '../../src/mail/index.ts';
import { DEMO_SERVICE_ROLE_KEY, repoRoot, startTestGateway, supabase, withDb } from './helpers.ts';

let gw: { url: string; close(): Promise<void> };
let mail: MailService;
let dir: string;
const storageDir = () => path.join(dir, 'storage');
const tag = () => Math.random().toString(36).slice(2, 10);

async function tenantWithContact(email: string): Promise<string> {
  return withDb(async (c) => {
    const { rows: [{ id }] } = await c.query(`select tests.create_tenant($1) as id`, [`mailfile-${tag()}`]);
    await c.query(`update public.tenants set contact = jsonb_build_object('name', 'Sara', 'email', $2::text) where id = $1`, [id, email]);
    return id as string;
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-support-files-'));
  gw = await startTestGateway({ netWorker: true, storageDir: path.join(dir, 'storage') });
  mail = await startMailService({ dir: path.join(dir, 'mail'), smtpPort: 0, webPort: 0 });
  const env = functionsFileEnv(path.join(repoRoot, 'supabase', 'functions'), { ...process.env, SUPABASE_URL: gw.url });
  mail.inbound.configure({ functionUrl: `${gw.url}/functions/v1/support-inbound-mail`,
    signingKey: env.MAILGUN_WEBHOOK_SIGNING_KEY.split(',')[0].trim(), address: env.SUPPORT_INBOUND_ADDRESS });
}, 180_000);
afterAll(async () => {
  await mail?.close();
  await gw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('support attachments on devstack', () => {
  it('an SMTP mail with a file to the support address becomes a ticket with the file attached', async () => {
    const email = `files-${tag()}@inbound.test`;
    const tenant = await tenantWithContact(email);
    const pdf = Buffer.from(`%PDF-1.4 invoice ${tag()}`);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: `Sara <${email}>`, to: 'support@cleanmatex.local', subject: 'Invoice is wrong',
      text: 'See the attached invoice.', attachments: [{ filename: 'فاتورة مارس.pdf', content: pdf, contentType: 'application/pdf' }] });
    await mail.inbound.settle();

    const [delivery] = mail.inbound.deliveries;
    expect(delivery.status, JSON.stringify(delivery)).toBe(200);
    expect(delivery.response).toMatchObject({ outcome: 'ticket', attachments: { attached: 1, skipped: 0 } });
    const rows = await withDb((c) => c.query(
      `select a.file_name, a.size_bytes::int, a.content_type, a.object_path, a.internal from public.support_attachments a
       join public.support_tickets t on t.id = a.ticket_id where t.tenant_id = $1`, [tenant]));
    expect(rows.rows.map((r) => [r.file_name, r.size_bytes, r.content_type, r.internal]))
      .toEqual([['فاتورة مارس.pdf', pdf.length, 'application/pdf', false]]);
    const { data } = await supabase(gw.url, DEMO_SERVICE_ROLE_KEY).storage.from('support-attachments').download(rows.rows[0].object_path);
    expect(Buffer.from(await data!.arrayBuffer())).toEqual(pdf);
  }, 180_000);

  it('the sweep removes an old unattached upload, bytes and row, through the Storage API, and keeps attached files', async () => {
    const tenant = await tenantWithContact(`sweep-${tag()}@inbound.test`);
    const { ticket, message } = await withDb(async (c) => {
      const { rows: [t] } = await c.query(
        `insert into public.support_tickets (tenant_id, subject, category, priority, status) values ($1, 'Sweep', 'general', 'normal', 'open') returning id`, [tenant]);
      const { rows: [m] } = await c.query(
        `insert into public.support_messages (ticket_id, tenant_id, from_staff, internal, body) values ($1, $2, true, false, 'x') returning id`, [t.id, tenant]);
      return { ticket: t.id as number, message: m.id as number };
    });
    const files = supabase(gw.url, DEMO_SERVICE_ROLE_KEY).storage.from('support-attachments');
    const orphan = `${tenant}/${ticket}/${crypto.randomUUID()}-orphan.txt`;
    const kept = `${tenant}/${ticket}/${crypto.randomUUID()}-kept.txt`;
    for (const p of [orphan, kept]) expect((await files.upload(p, new Blob(['bytes'], { type: 'text/plain' }))).error).toBeNull();

    const ids = await withDb(async (c) => {
      await c.query(`insert into public.support_attachments (ticket_id, message_id, tenant_id, internal, object_path, file_name, size_bytes, content_type)
                     values ($1, $2, $3, false, $4, 'kept.txt', 5, 'text/plain')`, [ticket, message, tenant, kept]);
      // Both uploaded two days ago; only the orphan is unattached.
      await c.query(`update storage.objects set created_at = now() - interval '2 days' where name = any($1)`, [[orphan, kept]]);
      const { rows } = await c.query(`select name, id from storage.objects where name = any($1)`, [[orphan, kept]]);
      return Object.fromEntries(rows.map((r) => [r.name, r.id as string]));
    });
    const bytesOf = (name: string) => path.join(storageDir(), 'objects', ids[name]);
    expect(fs.existsSync(bytesOf(orphan))).toBe(true);

    // The job, as the dispatcher runs it, with the Vault secrets pointing at this gateway (restored after).
    const requestId = await withDb(async (c) => {
      const { rows: saved } = await c.query(
        `select name, decrypted_secret from vault.decrypted_secrets where name in ('project_url', 'service_role_key')`);
      const setSecrets = async (pairs: [string, string][]) => {
        await c.query(`delete from vault.secrets where name in ('project_url', 'service_role_key')`);
        for (const [name, value] of pairs) await c.query(`select vault.create_secret($1, $2)`, [value, name]);
      };
      await setSecrets([['project_url', gw.url], ['service_role_key', DEMO_SERVICE_ROLE_KEY]]);
      try {
        await c.query(`select private.job_support_attachment_sweep('{}', '{}')`);
      } finally {
        await setSecrets(saved.map((r): [string, string] => [r.name, r.decrypted_secret]));
      }
      const { rows: [r] } = await c.query(
        `select (after ->> 'request_id')::bigint as id, after -> 'tenants' as tenants from audit.log
         where action = 'support.attachment_sweep' order by id desc limit 1`);
      expect(r.tenants, 'the audit counts the tenant\'s one orphan').toEqual({ [tenant]: 1 });
      return Number(r.id);
    });
    let status: number | null = null;
    for (let i = 0; i < 300 && status === null; i++) {
      const { rows } = await withDb((c) => c.query('select status_code from net._http_response where id = $1', [requestId]));
      if (rows[0]) status = rows[0].status_code; else await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const left = await withDb((c) => c.query(`select name from storage.objects where name = any($1)`, [[orphan, kept]]));
    expect(left.rows.map((r) => r.name)).toEqual([kept]);
    expect(fs.existsSync(bytesOf(orphan)), 'the orphan\'s bytes are deleted').toBe(false);
    expect(fs.existsSync(bytesOf(kept)), 'the attached file\'s bytes stay').toBe(true);
  }, 180_000);
});
