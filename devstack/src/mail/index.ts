// devstack's mail catcher, a service of its own (auth mails today, notifications later):
// an SMTP server that accepts every message and keeps it, and a web inbox with a JSON API.
// Supabase's local stack listens on 54325 (SMTP) and 54324 (web); so does this by default.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MAX_MESSAGE_BYTES, MailStore } from './store.ts';
import { handleInbox } from './web.ts';
import { InboundForwarder } from './inbound.ts';

export interface MailServiceOptions {
  /** folder for the messages (devstack keeps them under its own directory) */
  dir: string;
  smtpPort: number;
  webPort: number;
  host?: string;
}

export interface MailService {
  smtpPort: number;
  webUrl: string;
  store: MailStore;
  /** inbound support mail: configure() it with the gateway's function URL once the gateway runs */
  inbound: InboundForwarder;
  close(): Promise<void>;
}

export async function startMailService(opts: MailServiceOptions): Promise<MailService> {
  const host = opts.host ?? '127.0.0.1';
  const store = new MailStore(opts.dir);
  const inbound = new InboundForwarder();
  const smtp = new SMTPServer({
    // A local catcher: no TLS, any (or no) login, every recipient accepted.
    secure: false, disabledCommands: ['STARTTLS'], authOptional: true, allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES, banner: 'devstack mail catcher', logger: false,
    onAuth(_auth, _session, cb) { cb(null, { user: 'devstack' }); },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 });
          return cb(err);
        }
        const raw = Buffer.concat(chunks);
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        store.add(raw, rcpt)
          .then(() => {
            // mail for the support address also goes where Mailgun would post it (inbound.ts)
            const support = rcpt.find((a) => a.toLowerCase() === inbound.address);
            if (support) inbound.forwardRaw(raw, support);
            cb();
          }, (err) => cb(Object.assign(new Error(`could not parse the message: ${(err as Error).message}`), { responseCode: 554 })));
      });
    },
  });
  smtp.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });
  const web = createServer((req, res) => {
    try { handleInbox(store, req, res, inbound); } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: (err as Error).message }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', (err) => { smtp.close(() => reject(err)); });
    web.listen(opts.webPort, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const webUrl = `http://${host}:${(web.address() as AddressInfo).port}`;
  return {
    smtpPort, webUrl, store, inbound,
    async close() {
      await inbound.settle();
      await new Promise<void>((r) => { web.close(() => r()); web.closeAllConnections(); });
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
