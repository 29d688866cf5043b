// Simulated messaging providers for devstack and tests, mounted on the gateway beside the payment
// simulator: Twilio, Unifonic, WhatsApp Cloud and Resend answer the calls the notify adapters make
// (supabase/functions/_shared/notify/<provider>.ts) at the real APIs' paths and with their answers,
// require the test credentials of supabase/functions/.env.local (others get the provider's auth
// error), record every message, and post signed receipts back to /functions/v1/notify-receipts.
//
//   POST /simulator/twilio/2010-04-01/Accounts/<sid>/Messages.json     (TWILIO_API_BASE)
//   POST /simulator/unifonic/rest/SMS/messages                         (UNIFONIC_API_BASE)
//   POST /simulator/whatsapp/<version>/<phone-number-id>/messages      (WHATSAPP_API_BASE)
//   POST /simulator/resend/emails                                      (RESEND_API_BASE)
//   GET  /simulator/messaging                    the recorded messages (HTML)
//   GET  /simulator/messaging/messages[?provider=&to=]   the same as JSON {total, messages}
//   POST /simulator/messaging/_control {provider?, to?, outcome?, receipt?, delay_ms?}
//        outcome: succeed | server_error | timeout (no answer for delay_ms, default 30 s) |
//                 invalid_number | rate_limit;  receipt: delivered | failed | bounced | read | none
//        for one recipient (`to`, any format: digits compared) and/or provider, else for everyone
//   POST /simulator/messaging/_reset             forget messages and controls
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../http.ts';
import { functionsFileEnv } from '../../functions/runner.ts';
import { resend } from './resend.ts';
import { twilio } from './twilio.ts';
import { type Answer, type Obj, type Outcome, ProviderRefusal, type ReceiptKind, type SimContext, type SimMessage, type SimProvider, type SimProviderName } from './types.ts';
import { unifonic } from './unifonic.ts';
import { whatsapp } from './whatsapp.ts';
import { messagesPage } from './page.ts';

const PROVIDERS: Record<SimProviderName, SimProvider> = { twilio, unifonic, whatsapp, resend };
const OUTCOMES = new Set<Outcome>(['succeed', 'server_error', 'timeout', 'invalid_number', 'rate_limit']);
const RECEIPTS = new Set<ReceiptKind>(['delivered', 'failed', 'bounced', 'read', 'none']);
const KEEP = 50_000;

interface Control { outcome?: Outcome; receipt?: ReceiptKind; delay_ms?: number }

const digits = (s: string | null | undefined) => String(s ?? '').replace(/\D/g, '') || String(s ?? '').toLowerCase();

export interface MessagingSimulatorOptions { functionsDir: string; env?: Record<string, string> }

export class MessagingSimulator {
  private baseUrl = '';
  private secrets: Record<string, string>;
  private messages: SimMessage[] = [];
  private controls = new Map<string, Control>();
  private idempotent = new Map<string, Answer>();
  private pending = new Set<Promise<unknown>>();
  private held = new Set<ServerResponse>();

  constructor(opts: MessagingSimulatorOptions) {
    this.secrets = functionsFileEnv(opts.functionsDir, { ...process.env, ...(opts.env ?? {}) });
    Object.assign(this.secrets, Object.fromEntries(Object.entries(opts.env ?? {}).filter(([k]) => /^(TWILIO|UNIFONIC|WHATSAPP|RESEND)_/.test(k))));
  }

  /** Whether a gateway path (after /simulator) is one of ours. */
  static owns(path: string): boolean { return /^\/(twilio|unifonic|whatsapp|resend|messaging)(\/|$)/.test(path); }

  setBaseUrl(url: string) { this.baseUrl = url.replace(/\/$/, ''); }

  /** Answers held requests (timeouts) and waits for receipts in flight. */
  async settle(): Promise<void> {
    for (const res of this.held) if (!res.headersSent) send(res, 504, { error: 'simulator closing' });
    this.held.clear();
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private ctx: SimContext = {
    secret: (name) => {
      const v = (this.secrets[name] ?? '').split(',')[0].trim();
      if (!v) throw new ProviderRefusal({ status: 500, body: { error: `${name} is not set in supabase/functions/.env.local` } });
      return v;
    },
    functionUrl: (provider) => `${this.baseUrl}/functions/v1/notify-receipts/${provider}`,
  };

  private controlFor(provider: SimProviderName, to: string): Required<Pick<Control, 'outcome' | 'receipt'>> & Control {
    const d = digits(to);
    const found = [`${provider}:${d}`, `*:${d}`, `${provider}:*`, '*:*'].map((k) => this.controls.get(k)).filter(Boolean) as Control[];
    return {
      outcome: found.find((c) => c.outcome)?.outcome ?? 'succeed',
      receipt: found.find((c) => c.receipt)?.receipt ?? 'delivered',
      delay_ms: found.find((c) => c.delay_ms !== undefined)?.delay_ms,
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const [head, ...rest] = path.split('/').filter(Boolean);
    try {
      const raw = method === 'GET' || method === 'HEAD' ? '' : (await readBody(req, 1024 * 1024)).toString('utf8');
      if (head === 'messaging') return this.admin(res, method, rest, raw, url);
      const provider = PROVIDERS[head as SimProviderName];
      if (!provider || !provider.isSend(method, rest)) return send(res, 404, { error: `no such ${head} endpoint: ${method} /${rest.join('/')}` });
      const parsed = provider.parse(this.ctx, req, rest, raw);
      const control = this.controlFor(provider.name, parsed.to);
      if (control.outcome === 'timeout') return this.hold(res, control.delay_ms ?? 30_000);
      if (control.outcome !== 'succeed') {
        const a = provider.failure(control.outcome, parsed);
        return send(res, a.status, a.body);
      }
      const idem = parsed.idempotencyKey ? `${provider.name}:${parsed.idempotencyKey}` : null;
      const replay = idem ? this.idempotent.get(idem) : undefined;
      if (replay) return send(res, replay.status, replay.body);
      const m: SimMessage = {
        id: provider.newId(), provider: provider.name, to: parsed.to, from: parsed.from, subject: parsed.subject ?? null,
        text: parsed.text ?? null, html: parsed.html ?? null, template: parsed.template ?? null, status: 'accepted', receipt: null,
        created: new Date().toISOString(), callback: parsed.callback ?? null,
      };
      this.messages.push(m);
      if (this.messages.length > KEEP) this.messages.shift();
      const answer = provider.accepted(m, this.ctx);
      if (idem && provider.name === 'resend') this.idempotent.set(idem, answer);
      send(res, answer.status, answer.body);
      if (control.receipt !== 'none') this.postReceipt(provider, m, control.receipt);
    } catch (err) {
      if (err instanceof ProviderRefusal) return send(res, err.answer.status, err.answer.body);
      throw err;
    }
  }

  /** A timeout: no answer until delay_ms has passed (or the caller gives up). */
  private hold(res: ServerResponse, ms: number) {
    this.held.add(res);
    const timer = setTimeout(() => { this.held.delete(res); send(res, 504, { error: 'simulated timeout' }); }, ms);
    res.on('close', () => { clearTimeout(timer); this.held.delete(res); });
  }

  /** The provider's signed webhook for the final status, retried like the real ones (0.5 s, 1 s, 2 s, 4 s). */
  private postReceipt(provider: SimProvider, m: SimMessage, kind: Exclude<ReceiptKind, 'none'>) {
    const hook = provider.receipt(this.ctx, m, kind);
    m.receipt = { url: hook.url.replace(/token=[^&]+/, 'token=…'), status: null, attempts: 0, error: null };
    const attempt = async () => {
      m.receipt!.attempts += 1;
      try {
        const r = await fetch(hook.url, { method: 'POST', headers: hook.headers, body: hook.body, signal: AbortSignal.timeout(30_000) });
        await r.arrayBuffer();
        m.receipt!.status = r.status;
        m.receipt!.error = null;
        return r.ok;
      } catch (err) {
        m.receipt!.error = (err as Error).message;
        return false;
      }
    };
    const run = (async () => {
      // the provider reports after it answered the send: let the sender record its answer first
      await new Promise((r) => setTimeout(r, 50));
      let ok = await attempt();
      for (const wait of [500, 1000, 2000, 4000]) {
        if (ok) break;
        await new Promise((r) => setTimeout(r, wait));
        ok = await attempt();
      }
      if (ok) m.status = kind;
    })();
    this.pending.add(run);
    run.finally(() => this.pending.delete(run));
  }

  private admin(res: ServerResponse, method: string, rest: string[], raw: string, url: URL) {
    const [what] = rest;
    if (!what && method === 'GET') return html(res, messagesPage(this.messages));
    if (what === 'messages' && method === 'GET') {
      const p = url.searchParams.get('provider'), to = url.searchParams.get('to');
      const list = this.messages.filter((m) => (!p || m.provider === p) && (!to || digits(m.to) === digits(to)));
      return send(res, 200, { total: list.length, messages: list });
    }
    if (what === '_reset' && method === 'POST') {
      this.messages = [];
      this.controls.clear();
      this.idempotent.clear();
      return send(res, 200, { reset: true });
    }
    if (what === '_control' && method === 'POST') return send(res, 200, this.control(raw));
    return send(res, 404, { error: 'use GET /simulator/messaging, GET …/messages, POST …/_control or …/_reset' });
  }

  private control(raw: string): Obj {
    let b: Obj;
    try { b = JSON.parse(raw || '{}'); } catch { throw new ProviderRefusal({ status: 400, body: { error: 'body must be JSON' } }); }
    const bad = (m: string) => new ProviderRefusal({ status: 400, body: { error: m } });
    if (b.provider !== undefined && !(b.provider in PROVIDERS)) throw bad(`provider must be one of ${Object.keys(PROVIDERS).join(', ')}`);
    if (b.outcome !== undefined && !OUTCOMES.has(b.outcome)) throw bad(`outcome must be one of ${[...OUTCOMES].join(', ')}`);
    if (b.receipt !== undefined && !RECEIPTS.has(b.receipt)) throw bad(`receipt must be one of ${[...RECEIPTS].join(', ')}`);
    if (b.delay_ms !== undefined && !(Number.isInteger(b.delay_ms) && b.delay_ms >= 0 && b.delay_ms <= 120_000)) throw bad('delay_ms must be an integer 0..120000');
    if (b.outcome === undefined && b.receipt === undefined && b.delay_ms === undefined) throw bad('say outcome, receipt or delay_ms');
    const key = `${b.provider ?? '*'}:${b.to ? digits(b.to) : '*'}`;
    const c: Control = { ...(this.controls.get(key) ?? {}) };
    if (b.outcome !== undefined) c.outcome = b.outcome;
    if (b.receipt !== undefined) c.receipt = b.receipt;
    if (b.delay_ms !== undefined) c.delay_ms = b.delay_ms;
    this.controls.set(key, c);
    return { key, control: c };
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*' });
  res.end(JSON.stringify(body));
}

function html(res: ServerResponse, text: string) {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(text);
}
