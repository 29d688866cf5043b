// The mail catcher on its own: mail sent over SMTP with nodemailer, read and deleted through the JSON API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startMailService, type MailService } from '../src/mail/index.ts';

let mail: MailService;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-mail-'));
  mail = await startMailService({ dir, smtpPort: 0, webPort: 0 });
});
afterAll(async () => {
  await mail?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true });
const api = async (p: string, init?: RequestInit) => {
  const res = await fetch(`${mail.webUrl}${p}`, init);
  return { status: res.status, type: res.headers.get('content-type'), body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
};

describe('mail catcher', () => {
  it('keeps a multipart message sent over SMTP and serves it parsed', async () => {
    await transport().sendMail({
      from: '"HQ" <hq@example.test>', to: 'Ann <ann@example.test>', cc: 'boss@example.test', subject: 'Welcome — مرحبا',
      text: 'Hello Ann, follow https://example.test/link', html: '<p>Hello <b>Ann</b></p><script>alert(1)</script>',
    });
    const list = await api('/api/v1/messages?to=ann@example.test');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const summary = list.body.messages[0];
    expect(summary).toMatchObject({ subject: 'Welcome — مرحبا', from: { name: 'HQ', address: 'hq@example.test' },
      to: [{ name: 'Ann', address: 'ann@example.test' }], cc: [{ name: '', address: 'boss@example.test' }] });
    expect(summary.snippet).toBe('Hello Ann, follow https://example.test/link');
    expect(summary.text).toBeUndefined();
    const full = await api(`/api/v1/messages/${summary.id}`);
    expect(full.body.text.trim()).toBe('Hello Ann, follow https://example.test/link');
    expect(full.body.html).toContain('<b>Ann</b>');
    const raw = await api(`/api/v1/messages/${summary.id}/raw`);
    expect(raw.type).toBe('message/rfc822');
    expect(raw.body).toMatch(/^Content-Type: multipart\/alternative/m);
    // Kept on disk under the given folder, as JSON beside the raw message.
    expect(fs.existsSync(path.join(dir, `${summary.id}.json`))).toBe(true);
    expect(fs.existsSync(path.join(dir, `${summary.id}.eml`))).toBe(true);
    // The HTML view escapes what mail contains and frames mail HTML in a sandbox.
    const view = await api(`/view/${summary.id}`);
    expect(view.body).not.toContain('<script>alert(1)</script>');
    expect(view.body).toContain('sandbox=""');
    expect((await api('/')).body).toContain('Welcome');
  });

  it('filters by envelope recipient (Bcc), lists newest first and deletes one or all', async () => {
    await transport().sendMail({ from: 'a@example.test', to: 'x@example.test', bcc: 'hidden@example.test', subject: 'first', text: '1' });
    await transport().sendMail({ from: 'a@example.test', to: 'x@example.test', subject: 'second', text: '2' });
    expect((await api('/api/v1/messages?to=hidden@example.test')).body.messages.map((m: any) => m.subject)).toEqual(['first']);
    const xs = (await api('/api/v1/messages?to=x@example.test')).body.messages;
    expect(xs.map((m: any) => m.subject)).toEqual(['second', 'first']);
    expect((await api(`/api/v1/messages/${xs[0].id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api(`/api/v1/messages/${xs[0].id}`)).status).toBe(404);
    expect((await api(`/api/v1/messages/${xs[0].id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/api/v1/messages/not-an-id')).status).toBe(404);
    const all = await api('/api/v1/messages', { method: 'DELETE' });
    expect(all.body.deleted).toBeGreaterThanOrEqual(2);
    expect((await api('/api/v1/messages')).body).toEqual({ total: 0, messages: [] });
  });

  it('refuses messages above the size limit', async () => {
    const big = 'x'.repeat(11 * 1024 * 1024);
    await expect(transport().sendMail({ from: 'a@example.test', to: 'big@example.test', subject: 'big', text: big })).rejects.toThrow(/552|size/i);
    expect((await api('/api/v1/messages?to=big@example.test')).body.total).toBe(0);
  });
});
