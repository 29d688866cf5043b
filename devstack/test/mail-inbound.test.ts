// The mail catcher as Mailgun's inbound route (src/mail/inbound.ts): mail for the support address,
// over SMTP or POST /api/v1/inbound, is posted as a Mailgun-signed form to the configured function
// URL (here a local server standing in for the gateway); other mail is only kept.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startMailService, type MailService } from '../src/mail/index.ts';

const KEY = 'test-signing-key';
let mail: MailService;
let dir: string;
let fn: Server;
let posts: { contentType: string; form: URLSearchParams }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-inbound-'));
  mail = await startMailService({ dir, smtpPort: 0, webPort: 0 });
  fn = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ contentType: req.headers['content-type'] ?? '', form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"outcome":"ticket"}');
    });
  });
  await new Promise<void>((r) => fn.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
  await mail?.close();
  await new Promise<void>((r) => fn.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  posts = [];
  mail.inbound.configure({ functionUrl: `http://127.0.0.1:${(fn.address() as AddressInfo).port}/functions/v1/support-inbound-mail`,
    signingKey: KEY, address: 'Support@CleanMateX.local' });
});

const signedWith = (form: URLSearchParams, key: string) =>
  createHmac('sha256', key).update(`${form.get('timestamp')}${form.get('token')}`).digest('hex') === form.get('signature');
const headersOf = (form: URLSearchParams) => new Map((JSON.parse(form.get('message-headers')!) as [string, string][]).map(([k, v]) => [k.toLowerCase(), v]));

describe('inbound support mail', () => {
  it('posts SMTP mail for the support address as a signed Mailgun form, and nothing for other addresses', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'Sara <sara@al-noor.test>', to: 'someone@else.test', subject: 'not for support', text: 'x' });
    await transport.sendMail({ from: 'Sara <sara@al-noor.test>', to: 'support@cleanmatex.local', subject: 'Printer — الطابعة',
      text: 'It prints blank receipts.', inReplyTo: '<abc@notify.cleanmatex>', headers: { 'Auto-Submitted': 'no' } });
    await mail.inbound.settle();
    expect(posts).toHaveLength(1);
    const { contentType, form } = posts[0];
    expect(contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(signedWith(form, KEY)).toBe(true);
    expect(signedWith(form, 'another-key')).toBe(false);
    expect(form.get('token')).toHaveLength(50);
    expect(form.get('timestamp')).toMatch(/^\d{10}$/);   // Unix seconds
    expect([form.get('from'), form.get('sender'), form.get('recipient'), form.get('subject')])
      .toEqual(['"Sara" <sara@al-noor.test>', 'sara@al-noor.test', 'support@cleanmatex.local', 'Printer — الطابعة']);
    expect(form.get('body-plain')?.trim()).toBe('It prints blank receipts.');
    const headers = headersOf(form);
    expect(headers.get('message-id')).toMatch(/^<.+@.+>$/);
    expect(headers.get('in-reply-to')).toBe('<abc@notify.cleanmatex>');
    expect(headers.get('auto-submitted')).toBe('no');
    // kept in the inbox too, and the delivery is listed with the function's answer
    expect((await (await fetch(`${mail.webUrl}/api/v1/messages?to=support@cleanmatex.local`)).json()).total).toBe(1);
    const listed = await (await fetch(`${mail.webUrl}/api/v1/inbound`)).json();
    expect(listed.deliveries[0]).toMatchObject({ status: 200, response: { outcome: 'ticket' }, error: null });
  });

  it("POST /api/v1/inbound posts a mail made of simple fields and answers with the function's answer", async () => {
    const res = await fetch(`${mail.webUrl}/api/v1/inbound`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: 'owner@al-noor.test', subject: 'Re: [#7] Printer', text: 'Still blank', stripped_text: 'Still blank',
        message_id: '<m1@test>', references: '<a@test> <b@test>', headers: { Precedence: 'bulk' } }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 200, response: { outcome: 'ticket' }, messageId: '<m1@test>' });
    const { form } = posts[0];
    expect(signedWith(form, KEY)).toBe(true);
    expect([form.get('subject'), form.get('stripped-text'), form.get('recipient')]).toEqual(['Re: [#7] Printer', 'Still blank', 'Support@CleanMateX.local']);
    expect(Object.fromEntries(headersOf(form))).toMatchObject({ 'message-id': '<m1@test>', references: '<a@test> <b@test>', precedence: 'bulk' });
  });

  it('refuses a body without a sender, and says so when no gateway is wired', async () => {
    const bad = await fetch(`${mail.webUrl}/api/v1/inbound`, { method: 'POST', body: JSON.stringify({ subject: 'x' }) });
    expect(bad.status).toBe(400);
    mail.inbound.configure(null);
    const unwired = await fetch(`${mail.webUrl}/api/v1/inbound`, { method: 'POST', body: JSON.stringify({ from: 'a@b.test' }) });
    expect(unwired.status).toBe(502);
    expect((await unwired.json()).error).toMatch(/not wired/);
    expect(posts).toHaveLength(0);
  });
});
