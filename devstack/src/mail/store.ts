// The mailbox on disk: one JSON file per message (parsed) beside its raw .eml, under <dir>.
// Files, not memory, so a restart keeps the inbox and other tools can read it.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';

export interface Address { name: string; address: string }
export interface StoredMessage {
  id: string;
  created: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  subject: string;
  text: string;
  html: string;
  size: number;
  /** The SMTP envelope's recipients (what the sender asked delivery to), which may differ from the headers. */
  envelopeTo: string[];
}
export type MessageSummary = Omit<StoredMessage, 'text' | 'html'> & { snippet: string };

/** Largest message accepted (SMTP SIZE); bigger ones are refused by the server. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const ID = /^[0-9a-f-]{36}$/;

function addresses(field: AddressObject | AddressObject[] | undefined): Address[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value).map((v) => ({ name: v.name ?? '', address: (v.address ?? '').toLowerCase() }));
}

export class MailStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Parses a raw MIME message and keeps it; returns the stored form. */
  async add(raw: Buffer, envelopeTo: string[] = []): Promise<StoredMessage> {
    const parsed = await simpleParser(raw);
    const msg: StoredMessage = {
      id: randomUUID(),
      created: new Date().toISOString(),
      from: addresses(parsed.from)[0] ?? null,
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      size: raw.length,
      envelopeTo: envelopeTo.map((a) => a.toLowerCase()),
    };
    fs.writeFileSync(path.join(this.dir, `${msg.id}.eml`), raw);
    // Written last and renamed into place: a reader never sees half a message.
    const tmp = path.join(this.dir, `.${msg.id}.json.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(msg));
    fs.renameSync(tmp, path.join(this.dir, `${msg.id}.json`));
    return msg;
  }

  get(id: string): StoredMessage | undefined {
    if (!ID.test(id)) return undefined;
    try { return JSON.parse(fs.readFileSync(path.join(this.dir, `${id}.json`), 'utf8')); } catch { return undefined; }
  }

  raw(id: string): Buffer | undefined {
    if (!ID.test(id)) return undefined;
    try { return fs.readFileSync(path.join(this.dir, `${id}.eml`)); } catch { return undefined; }
  }

  /** Newest first; `to` keeps messages addressed (header or envelope) to that address. */
  list(filter: { to?: string } = {}): MessageSummary[] {
    const to = filter.to?.toLowerCase();
    return fs.readdirSync(this.dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => this.get(f.slice(0, -5)))
      .filter((m): m is StoredMessage => !!m)
      .filter((m) => !to || m.to.some((a) => a.address === to) || m.cc.some((a) => a.address === to) || m.envelopeTo.includes(to))
      .sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id))
      .map(({ text, html, ...rest }) => ({ ...rest, snippet: text.replace(/\s+/g, ' ').trim().slice(0, 200) }));
  }

  delete(id: string): boolean {
    const found = this.get(id);
    if (!found) return false;
    fs.rmSync(path.join(this.dir, `${id}.json`), { force: true });
    fs.rmSync(path.join(this.dir, `${id}.eml`), { force: true });
    return true;
  }

  deleteAll(): number {
    const all = this.list();
    for (const m of all) this.delete(m.id);
    return all.length;
  }
}
