// A mail catcher per test file, and reading what the gateway mailed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMailService, type MailService } from '../../src/mail/index.ts';

export async function startTestMailbox(): Promise<MailService & { dispose(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-mailbox-'));
  const mail = await startMailService({ dir, smtpPort: 0, webPort: 0 });
  return Object.assign(mail, {
    async dispose() { await mail.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  });
}

export interface Mail { id: string; subject: string; to: { address: string }[]; text: string; html: string; from: { name: string; address: string } }

/** Every mail to `address`, newest first, read through the inbox's JSON API. */
export async function mailsTo(mail: MailService, address: string): Promise<Mail[]> {
  const list = await (await fetch(`${mail.webUrl}/api/v1/messages?to=${encodeURIComponent(address)}`)).json();
  return Promise.all(list.messages.map(async (m: { id: string }) => (await fetch(`${mail.webUrl}/api/v1/messages/${m.id}`)).json()));
}

export async function lastMailTo(mail: MailService, address: string): Promise<Mail> {
  const all = await mailsTo(mail, address);
  if (!all.length) throw new Error(`no mail to ${address}`);
  return all[0];
}

/** The verify link and the code in an auth mail. */
export function linkAndCode(m: Mail): { link: string; code: string | undefined } {
  const link = /href="([^"]+\/auth\/v1\/verify\?[^"]+)"/.exec(m.html)?.[1]?.replace(/&amp;/g, '&') ?? '';
  const code = /\b(\d{6})\b/.exec(m.html.replace(/<[^>]+>/g, ' ').replace(/token=[0-9a-f]+/g, ''))?.[1];
  return { link, code };
}

/** Follows a mailed link as a browser would, without following the redirect: the target and its fragment. */
export async function followLink(link: string): Promise<{ status: number; location: URL; fragment: URLSearchParams }> {
  const res = await fetch(link, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? 'http://invalid/');
  return { status: res.status, location, fragment: new URLSearchParams(location.hash.slice(1)) };
}
