// Simulated payment gateways for devstack and tests, mounted on the gateway at /simulator/….
// Each answers the calls HQ's gateway clients make (supabase/functions/_shared/gateways/<gateway>/client.ts) the way
// the real API does, hosts a checkout page with "Pay" and "Decline" buttons, and then posts REAL
// signed webhooks back to /functions/v1/payments-<gateway>, signed with the secrets of
// supabase/functions/.env.local (the functions' own). State lives in memory.
//
//   GET  /simulator                                   index of these URLs (JSON)
//   POST /simulator/<gw>/_control {tenant_id|customer, outcome?: succeed|decline, refund?: succeed|refuse}
//                                                     how off-session charges (outcome) and refunds
//                                                     (refund) behave for a tenant (neither key: the
//                                                     default for everyone). A refused refund is
//                                                     answered at once as the real API refuses one and
//                                                     no webhook follows: Stripe 400 charge_disputed,
//                                                     PayTabs response_status D, HyperPay 400 700.400.200
//   GET  /simulator/_deliveries                       webhooks sent: url, event, status, attempts
//   POST /simulator/_reset                            forget every payment, control and delivery
//   GET  /simulator/<gw>/pay/<id>                     checkout page (HTML: Pay / Decline, return link)
//   POST /simulator/<gw>/pay/<id>/pay|decline         what the buttons post (JSON with Accept: application/json)
//   Stripe   POST /simulator/stripe/v1/checkout/sessions, GET …/checkout/sessions/<id>,
//            POST /simulator/stripe/v1/payment_intents (confirm=true&off_session=true charges at once),
//            GET …/payment_intents/<id>, POST /simulator/stripe/v1/refunds
//   PayTabs  POST /simulator/paytabs/payment/request (tran_type sale|refund, tran_class ecom|recurring),
//            POST /simulator/paytabs/payment/query
//   HyperPay POST /simulator/hyperpay/v1/checkouts, GET …/v1/checkouts/<id>/payment,
//            POST /simulator/hyperpay/v1/payments/<id> (paymentType RF), POST …/v1/registrations/<id>/payments
//
// Saved cards, as the real APIs report them: a Checkout Session paid with
// payment_intent_data[setup_future_usage] gets a Customer (cus_sim_…) and a PaymentMethod
// (pm_sim_…), the PaymentIntent carries both and charges.data[0].payment_method_details.card;
// off-session charges (confirm=true&off_session=true) need that customer and payment method. A
// PayTabs sale with tokenise returns `token` and payment_info (card_scheme, masked
// payment_description, expiryMonth/Year); recurring sales need the token and a tran_ref. A HyperPay
// payment with createRegistration=true returns registrationId and card (bin, last4Digits,
// expiryMonth, expiryYear); /v1/registrations/<id>/payments needs a known registration.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.ts';
import { functionsFileEnv } from '../functions/runner.ts';
import { accountFor, gatewayAccounts, maskStripeKey, Ownership, stripeKeyFrom } from './accounts.ts';

type Gw = 'stripe' | 'paytabs' | 'hyperpay';
type Outcome = 'succeed' | 'decline';
type RefundOutcome = 'succeed' | 'refuse';
type Obj = Record<string, any>;

export interface SimulatorOptions { functionsDir: string; env?: Record<string, string> }

export interface Delivery { gateway: Gw; url: string; event: string; status: number | null; attempts: number; error: string | null; at: string }

const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const exponent = (c: string) => (THREE_DECIMAL.has(c.toUpperCase()) ? 3 : ZERO_DECIMAL.has(c.toUpperCase()) ? 0 : 2);
const fixed = (amount: string | number, c: string) => Number(amount).toFixed(exponent(c));

function rand(n = 24): string { return randomBytes(n).toString('base64url').replace(/[-_]/g, 'x').slice(0, n); }
const nowSec = () => Math.floor(Date.now() / 1000);

/** Form bodies with Stripe's bracket nesting: a[b][0][c]=v → {a: {b: {0: {c: v}}}}. */
export function parseForm(text: string): Obj {
  const out: Obj = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split(/[[\]]+/).filter((p) => p !== '');
    let node = out;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node[p] = value;
      else node = node[p] ??= {};
    });
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

export class GatewaySimulator {
  private baseUrl = '';
  private secrets: Record<string, string>;
  private controls = new Map<string, Outcome>();
  private refundControls = new Map<string, RefundOutcome>();
  private deliveries: Delivery[] = [];
  // Stripe's idempotency keys (per account): the first answer with the request it answered
  private idempotent = new Map<string, { status: number; body: Obj; request: string }>();
  // stripe
  private sessions = new Map<string, Obj>();
  private intents = new Map<string, Obj>();
  private stripeRefunds = new Map<string, Obj>();
  // paytabs
  private transactions = new Map<string, Obj>();
  // hyperpay
  private checkouts = new Map<string, Obj>();
  private hpPayments = new Map<string, Obj>();
  // saved cards: Stripe payment methods (→ customer, card), PayTabs tokens, HyperPay registrations
  private paymentMethods = new Map<string, Obj>();
  private tokens = new Map<string, Obj>();
  private registrations = new Map<string, Obj>();
  private pending = new Set<Promise<unknown>>();
  // which configured key (account) created each object: other keys get "not found"
  private accounts = new Ownership();

  constructor(private opts: SimulatorOptions) {
    this.secrets = functionsFileEnv(opts.functionsDir, { ...process.env, ...(opts.env ?? {}) });
    Object.assign(this.secrets, Object.fromEntries(Object.entries(opts.env ?? {}).filter(([k]) => /^(STRIPE|PAYTABS|HYPERPAY|SIMULATOR)_/.test(k))));
  }

  setBaseUrl(url: string) { this.baseUrl = url.replace(/\/$/, ''); }

  /** Waits for webhook deliveries in flight (tests, shutdown). */
  async settle(): Promise<void> { while (this.pending.size) await Promise.allSettled([...this.pending]); }

  private secret(name: string): string {
    const v = (this.secrets[name] ?? '').split(',')[0].trim();
    if (!v) throw new SimError(500, `${name} is not set in supabase/functions/.env.local`);
    return v;
  }

  private outcomeFor(gw: Gw, ...keys: (string | null | undefined)[]): Outcome {
    for (const k of keys) if (k && this.controls.has(`${gw}:${k}`)) return this.controls.get(`${gw}:${k}`)!;
    return this.controls.get(`${gw}:*`) ?? 'succeed';
  }

  /** How a refund of a payment of this customer / tenant behaves (the _control endpoint's `refund`). */
  private refundFor(gw: Gw, ...keys: (string | null | undefined)[]): RefundOutcome {
    for (const k of keys) if (k && this.refundControls.has(`${gw}:${k}`)) return this.refundControls.get(`${gw}:${k}`)!;
    return this.refundControls.get(`${gw}:*`) ?? 'succeed';
  }

  // ── webhooks ──────────────────────────────────────────────────────────────────────────────

  private deliver(gateway: Gw, url: string, event: string, body: string, headers: Record<string, string>): Promise<Delivery> {
    const d: Delivery = { gateway, url, event, status: null, attempts: 0, error: null, at: new Date().toISOString() };
    this.deliveries.push(d);
    if (this.deliveries.length > 5000) this.deliveries.shift();
    const attempt = async (): Promise<boolean> => {
      d.attempts += 1;
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        d.status = res.status;
        d.error = null;
        return res.ok;
      } catch (err) {
        d.error = (err as Error).message;
        return false;
      }
    };
    // Like the real gateways: retried on failure (here 3 more times, 0.5 s, 1 s, 2 s apart).
    const run = (async () => {
      if (await attempt()) return d;
      for (const wait of [500, 1000, 2000]) {
        await new Promise((r) => setTimeout(r, wait));
        if (await attempt()) break;
      }
      return d;
    })();
    this.pending.add(run);
    run.finally(() => this.pending.delete(run));
    return run;
  }

  private fnUrl(gw: Gw): string { return `${this.baseUrl}/functions/v1/payments-${gw}`; }

  private sendStripe(type: string, object: Obj): Promise<Delivery> {
    const event = { id: `evt_sim_${rand()}`, object: 'event', api_version: '2020-08-27', created: nowSec(), livemode: false, type, data: { object }, pending_webhooks: 1, request: { id: null, idempotency_key: null } };
    const body = JSON.stringify(event, null, 2);
    const t = nowSec();
    const sig = createHmac('sha256', this.secret('STRIPE_WEBHOOK_SECRET')).update(`${t}.${body}`).digest('hex');
    return this.deliver('stripe', this.fnUrl('stripe'), `${type} ${event.id}`, body, { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': `t=${t},v1=${sig}`, 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' });
  }

  private paytabsSigningKey(accountId: string | undefined): string {
    return gatewayAccounts('paytabs', this.secrets).find((a) => a.id === accountId)?.keys[0] ?? this.secret('PAYTABS_SERVER_KEY');
  }

  /** PayTabs signs each IPN with the server key of the profile the transaction belongs to. */
  private sendPaytabs(url: string, ipn: Obj, serverKey: string): Promise<Delivery> {
    const body = JSON.stringify(ipn);
    const sig = createHmac('sha256', serverKey).update(body).digest('hex');
    return this.deliver('paytabs', url || this.fnUrl('paytabs'), `${ipn.tran_type} ${ipn.tran_ref} ${ipn.payment_result.response_status}`, body, { 'Content-Type': 'application/json', Signature: sig });
  }

  private sendHyperpay(payload: Obj): Promise<Delivery> {
    // as OPPWA sends it: `action` is only in REGISTRATION notifications
    const body = JSON.stringify({ type: 'PAYMENT', payload });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.secret('HYPERPAY_WEBHOOK_SECRET'), 'hex'), iv);
    const ct = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
    return this.deliver('hyperpay', this.fnUrl('hyperpay'), `PAYMENT ${payload.paymentType} ${payload.id}`, ct.toString('hex').toUpperCase(), {
      'Content-Type': 'text/plain', 'X-Initialization-Vector': iv.toString('hex').toUpperCase(), 'X-Authentication-Tag': cipher.getAuthTag().toString('hex').toUpperCase(),
    });
  }

  // ── routing ───────────────────────────────────────────────────────────────────────────────

  async handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    try {
      const raw = req.method === 'GET' || req.method === 'HEAD' ? '' : (await readBody(req, 1024 * 1024)).toString('utf8');
      const wantsJson = /application\/json/.test(String(req.headers.accept ?? '')) || /application\/json/.test(String(req.headers['content-type'] ?? ''));
      const seg = path.split('/').filter(Boolean);
      const [gw, ...rest] = seg;
      if (!seg.length) return send(res, 200, this.index());
      if (gw === '_deliveries' && req.method === 'GET') {
        const only = url.searchParams.get('gateway');
        return send(res, 200, { deliveries: this.deliveries.filter((d) => !only || d.gateway === only) });
      }
      if (gw === '_reset' && req.method === 'POST') { this.reset(); return send(res, 200, { reset: true }); }
      if (gw !== 'stripe' && gw !== 'paytabs' && gw !== 'hyperpay') throw new SimError(404, 'no such simulated gateway');
      if (rest[0] === '_control' && req.method === 'POST') return send(res, 200, this.control(gw, raw));
      if (rest[0] === 'pay' && rest[1]) {
        if (req.method === 'GET' && rest.length === 2) return html(res, 200, this.page(gw, rest[1]));
        if (req.method === 'POST' && rest.length === 3 && (rest[2] === 'pay' || rest[2] === 'decline')) {
          const result = await this.complete(gw, rest[1], rest[2] === 'pay' ? 'succeed' : 'decline');
          if (wantsJson) return send(res, 200, result);
          return html(res, 200, resultPage(result));
        }
      }
      if (gw === 'stripe') return await this.stripe(req, res, rest, raw, url);
      if (gw === 'paytabs') return await this.paytabs(req, res, rest, raw);
      return await this.hyperpay(req, res, rest, raw);
    } catch (err) {
      if (err instanceof SimError) return send(res, err.status, err.body ?? { error: { message: err.message } });
      throw err;
    }
  }

  private index(): Obj {
    const b = `${this.baseUrl}/simulator`;
    return {
      control: `POST ${b}/<stripe|paytabs|hyperpay>/_control {tenant_id|customer, outcome?: succeed|decline, refund?: succeed|refuse}`,
      deliveries: `GET ${b}/_deliveries[?gateway=]`, reset: `POST ${b}/_reset`,
      checkout_page: `GET ${b}/<gateway>/pay/<id>`, stripe_api_base: `${b}/stripe`, paytabs_api_base: `${b}/paytabs`, hyperpay_api_base: `${b}/hyperpay`,
      webhooks_to: { stripe: this.fnUrl('stripe'), paytabs: `${this.fnUrl('paytabs')} (or the request's callback)`, hyperpay: this.fnUrl('hyperpay') },
    };
  }

  private reset() {
    for (const m of [this.controls, this.refundControls, this.idempotent, this.sessions, this.intents, this.stripeRefunds, this.transactions, this.checkouts, this.hpPayments,
      this.paymentMethods, this.tokens, this.registrations]) m.clear();
    this.deliveries = [];
  }

  private control(gw: Gw, raw: string): Obj {
    let body: Obj;
    try { body = JSON.parse(raw || '{}'); } catch { throw new SimError(400, 'body must be JSON'); }
    if (body.outcome === undefined && body.refund === undefined) throw new SimError(400, "say outcome ('succeed' | 'decline') or refund ('succeed' | 'refuse')");
    if (body.outcome !== undefined && body.outcome !== 'succeed' && body.outcome !== 'decline') throw new SimError(400, "outcome must be 'succeed' or 'decline'");
    if (body.refund !== undefined && body.refund !== 'succeed' && body.refund !== 'refuse') throw new SimError(400, "refund must be 'succeed' or 'refuse'");
    const key = body.customer ?? body.tenant_id ?? body.registration ?? '*';
    if (body.outcome !== undefined) this.controls.set(`${gw}:${key}`, body.outcome);
    if (body.refund !== undefined) this.refundControls.set(`${gw}:${key}`, body.refund);
    return { gateway: gw, key, ...(body.outcome !== undefined ? { outcome: body.outcome } : {}), ...(body.refund !== undefined ? { refund: body.refund } : {}) };
  }

  private page(gw: Gw, id: string): string {
    const p = gw === 'stripe' ? this.sessions.get(id) : gw === 'paytabs' ? this.transactions.get(id) : this.checkouts.get(id);
    if (!p) throw new SimError(404, 'no such checkout');
    const amount = gw === 'stripe' ? (p.amount / 10 ** exponent(p.currency)).toFixed(exponent(p.currency)) : fixed(p.amount, p.currency);
    const back = gw === 'stripe' ? p.cancel_url : p.return_url;
    const action = (what: string) => `${this.baseUrl}/simulator/${gw}/pay/${encodeURIComponent(id)}/${what}`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${gw} checkout (simulated)</title></head>
<body style="font-family:sans-serif;max-width:30rem;margin:3rem auto">
<h1>Simulated ${gw} checkout</h1>
<p data-testid="description">${escapeHtml(String(p.description ?? ''))}</p>
<p>Amount: <strong data-testid="amount">${escapeHtml(amount)} ${escapeHtml(String(p.currency).toUpperCase())}</strong></p>
<p>Status: <span data-testid="status">${escapeHtml(String(p.status))}</span></p>
${p.status === 'open' ? `<form method="post" action="${action('pay')}" style="display:inline"><button type="submit" name="pay">Pay</button></form>
<form method="post" action="${action('decline')}" style="display:inline"><button type="submit" name="decline">Decline</button></form>` : ''}
${back ? `<p><a href="${escapeHtml(back)}">Return to the merchant</a></p>` : ''}
</body></html>`;
  }

  /** The checkout page's buttons: settle the payment and post the gateway's webhook (awaits the first attempt). */
  private async complete(gw: Gw, id: string, outcome: Outcome): Promise<Obj> {
    if (gw === 'stripe') {
      const s = this.sessions.get(id);
      if (!s) throw new SimError(404, 'no such checkout session');
      if (s.status !== 'open') throw new SimError(409, `checkout session is ${s.status}`);
      const pi = this.intents.get(s.payment_intent)!;
      if (outcome === 'succeed') {
        // the card entered on the page; kept for later off-session use when the session asked for it
        const card = simCard('visa', '4242');
        const pm = { id: `pm_sim_${rand()}`, object: 'payment_method', type: 'card', card, customer: null as string | null };
        if (s.setup_future_usage) {
          pi.customer = pi.customer ?? `cus_sim_${rand(14)}`;
          pm.customer = pi.customer;
          pi.setup_future_usage = s.setup_future_usage;
        }
        this.paymentMethods.set(pm.id, this.accounts.sameAs(pm, s));
        pi.payment_method = pm.id;
      }
      this.settleIntent(pi, outcome);
      s.status = 'complete';
      s.payment_status = outcome === 'succeed' ? 'paid' : 'unpaid';
      const d = await this.sendStripe(outcome === 'succeed' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', pi);
      if (outcome === 'succeed') s.status = 'complete'; else s.status = 'open';
      return { gateway: gw, id, payment_id: pi.id, status: pi.status, return_url: outcome === 'succeed' ? s.success_url : s.cancel_url, webhook: d };
    }
    if (gw === 'paytabs') {
      const t = this.transactions.get(id);
      if (!t) throw new SimError(404, 'no such transaction');
      if (t.status !== 'open') throw new SimError(409, `transaction is ${t.status}`);
      t.status = outcome === 'succeed' ? 'A' : 'D';
      if (t.status === 'A' && t.tokenise) {
        t.token = randomBytes(16).toString('hex').toUpperCase();
        this.tokens.set(t.token, this.accounts.sameAs({ token: t.token, tran_ref: t.tran_ref, card: t.card, tenant: t.tenant }, t));
      }
      const d = await this.sendPaytabs(t.callback, this.ipn(t), this.paytabsSigningKey(this.accounts.accountOf(t)));
      return { gateway: gw, id, payment_id: t.tran_ref, status: t.status, return_url: t.return_url, webhook: d };
    }
    const c = this.checkouts.get(id);
    if (!c) throw new SimError(404, 'no such checkout');
    if (c.status !== 'open') throw new SimError(409, `checkout is ${c.status}`);
    const p = this.hpPayment({ ...c, paymentType: 'DB' }, outcome, this.accounts.accountOf(c));
    c.status = outcome === 'succeed' ? 'paid' : 'declined';
    c.payment_id = p.id;
    const d = await this.sendHyperpay(p);
    return { gateway: gw, id, payment_id: p.id, status: p.result.code, return_url: c.return_url, webhook: d };
  }

  // ── Stripe ────────────────────────────────────────────────────────────────────────────────

  private settleIntent(pi: Obj, outcome: Outcome) {
    if (outcome === 'succeed') {
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      pi.last_payment_error = null;
      pi.latest_charge = pi.latest_charge ?? `ch_sim_${rand()}`;
      // API 2020-08-27: the PaymentIntent lists its charges, with the card that paid
      const card = pi.payment_method ? this.paymentMethods.get(pi.payment_method)?.card : null;
      pi.charges = { object: 'list', data: [{
        id: pi.latest_charge, object: 'charge', amount: pi.amount, currency: pi.currency, status: 'succeeded', customer: pi.customer ?? null,
        payment_intent: pi.id, payment_method: pi.payment_method ?? null,
        payment_method_details: card ? { type: 'card', card: { brand: card.brand, last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year, fingerprint: card.fingerprint, funding: 'credit', country: 'US' } } : null,
      }], has_more: false, total_count: 1 };
    } else {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
    }
  }

  private stripeAmount(body: Obj, currency: string): number {
    const amount = Number(body);
    if (!Number.isInteger(amount) || amount < 1) throw stripeError(400, 'parameter_invalid_integer', 'Invalid integer: amount');
    if (exponent(currency) === 3 && amount % 10 !== 0) {
      throw stripeError(400, 'invalid_amount', `Amounts in ${currency.toUpperCase()} must be divisible by 10 (3-decimal currency).`);
    }
    return amount;
  }

  private async stripe(req: IncomingMessage, res: ServerResponse, rest: string[], raw: string, url: URL): Promise<void> {
    // As Stripe: only a secret key it issued (here: STRIPE_SECRET_KEY's list) opens the API.
    const apiKey = stripeKeyFrom(req.headers.authorization);
    if (!apiKey) {
      throw new SimError(401, 'no key', { error: { type: 'invalid_request_error', message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/." } });
    }
    const account = accountFor(gatewayAccounts('stripe', this.secrets), apiKey)?.id;
    if (!account) throw stripeError(401, 'api_key_invalid', `Invalid API Key provided: ${maskStripeKey(apiKey)}`);
    const mine = <T extends Obj>(o: T | undefined) => this.accounts.mine(o, account);
    const own = <T extends Obj>(o: T) => this.accounts.own(o, account);
    // As Stripe: a POST repeated with the same Idempotency-Key gets the first answer (success or a
    // card error: nothing runs twice); the same key with another endpoint or other parameters is a
    // 400 idempotency_error. Requests refused before they ran (validation) are not remembered.
    const key = req.headers['idempotency-key'];
    const cacheKey = typeof key === 'string' && req.method === 'POST' ? `stripe:${account}:${key}` : null;
    const request = `${rest.join('/')}?${raw}`;
    if (cacheKey && this.idempotent.has(cacheKey)) {
      const hit = this.idempotent.get(cacheKey)!;
      if (hit.request !== request) {
        const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
        throw new SimError(400, message, { error: { type: 'idempotency_error', message } });
      }
      return send(res, hit.status, hit.body, { 'Idempotent-Replayed': 'true', 'Idempotency-Key': String(key) });
    }
    const reply = (status: number, body: Obj) => { if (cacheKey) this.idempotent.set(cacheKey, { status, body, request }); send(res, status, body); };
    const body = parseForm(raw);
    const path = rest.join('/');
    if (req.method === 'POST' && path === 'v1/checkout/sessions') {
      const item = body.line_items?.['0'];
      const currency = String(item?.price_data?.currency ?? '').toLowerCase();
      if (!/^[a-z]{3}$/.test(currency)) throw stripeError(400, 'parameter_missing', 'Missing required param: line_items[0][price_data][currency].');
      const amount = this.stripeAmount(item.price_data.unit_amount, currency) * Number(item.quantity ?? 1);
      if (!body.success_url) throw stripeError(400, 'parameter_missing', 'Missing required param: success_url.');
      const pi = {
        id: `pi_sim_${rand()}`, object: 'payment_intent', amount, amount_received: 0, currency, status: 'requires_payment_method',
        metadata: body.payment_intent_data?.metadata ?? {}, customer: body.customer ?? null, payment_method: null, latest_charge: null, last_payment_error: null,
        description: item.price_data.product_data?.name ?? null, created: nowSec(), livemode: false,
      };
      this.intents.set(pi.id, own(pi));
      const id = `cs_test_sim_${rand()}`;
      const session = {
        id, object: 'checkout.session', mode: body.mode ?? 'payment', amount_total: amount, currency, status: 'open', payment_status: 'unpaid',
        client_reference_id: body.client_reference_id ?? null, metadata: body.metadata ?? {}, payment_intent: pi.id,
        success_url: body.success_url, cancel_url: body.cancel_url ?? null, url: `${this.baseUrl}/simulator/stripe/pay/${id}`,
        description: pi.description, amount: amount, created: nowSec(), livemode: false,
        setup_future_usage: body.payment_intent_data?.setup_future_usage ?? null,
      };
      this.sessions.set(id, own(session));
      return reply(200, session);
    }
    if (req.method === 'GET' && rest[0] === 'v1' && rest[1] === 'checkout' && rest[2] === 'sessions' && rest[3]) {
      const s = mine(this.sessions.get(rest[3]));
      if (!s) throw stripeError(404, 'resource_missing', `No such checkout.session: '${rest[3]}'`);
      return send(res, 200, s);
    }
    if (req.method === 'POST' && path === 'v1/payment_intents') {
      const currency = String(body.currency ?? '').toLowerCase();
      if (!/^[a-z]{3}$/.test(currency)) throw stripeError(400, 'parameter_missing', 'Missing required param: currency.');
      if (body.off_session === 'true' && body.confirm === 'true') {
        // Stripe: an off-session confirmation needs a payment method attached to the customer
        if (!body.payment_method) throw stripeError(400, 'parameter_missing', 'Missing required param: payment_method.');
        const pm = mine(this.paymentMethods.get(String(body.payment_method)));
        if (!pm) throw stripeError(400, 'resource_missing', `No such PaymentMethod: '${body.payment_method}'`);
        if (!pm.customer || pm.customer !== body.customer) {
          throw stripeError(400, 'payment_method_not_attached', `The PaymentMethod '${pm.id}' does not belong to the Customer you supplied${body.customer ? ` '${body.customer}'` : ''}.`);
        }
      }
      const pi: Obj = {
        id: `pi_sim_${rand()}`, object: 'payment_intent', amount: this.stripeAmount(body.amount, currency), amount_received: 0, currency,
        status: 'requires_payment_method', metadata: body.metadata ?? {}, customer: body.customer ?? null, payment_method: body.payment_method ?? null,
        description: body.description ?? null, latest_charge: null, last_payment_error: null, created: nowSec(), livemode: false,
      };
      this.intents.set(pi.id, own(pi));
      if (body.confirm !== 'true') return reply(200, pi);
      const outcome = this.outcomeFor('stripe', pi.customer, pi.metadata.tenant_id);
      this.settleIntent(pi, outcome);
      void this.sendStripe(outcome === 'succeed' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', { ...pi });
      if (outcome === 'succeed') return reply(200, pi);
      return reply(402, { error: { ...pi.last_payment_error, payment_intent: pi, doc_url: 'https://stripe.com/docs/error-codes/card-declined' } });
    }
    if (req.method === 'GET' && path === 'v1/payment_intents') {
      // List PaymentIntents, newest first, optionally of one customer (?customer=cus_…&limit=1..100).
      const customer = url.searchParams.get('customer');
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 10) || 10, 1), 100);
      const all = [...this.intents.values()].filter((pi) => mine(pi) && (!customer || pi.customer === customer)).reverse();
      return send(res, 200, { object: 'list', url: '/v1/payment_intents', has_more: all.length > limit, data: all.slice(0, limit) });
    }
    if (req.method === 'GET' && rest[0] === 'v1' && rest[1] === 'payment_intents' && rest[2]) {
      const pi = mine(this.intents.get(rest[2]));
      if (!pi) throw stripeError(404, 'resource_missing', `No such payment_intent: '${rest[2]}'`);
      return send(res, 200, pi);
    }
    if (req.method === 'POST' && path === 'v1/refunds') {
      const pi = mine(this.intents.get(String(body.payment_intent ?? '')));
      if (!pi) throw stripeError(404, 'resource_missing', `No such payment_intent: '${body.payment_intent}'`);
      if (pi.status !== 'succeeded') throw stripeError(400, 'charge_not_refundable', 'This PaymentIntent has no successful charge to refund.');
      const already = pi.amount_refunded ?? 0;
      const amount = body.amount === undefined ? pi.amount - already : this.stripeAmount(body.amount, pi.currency);
      if (amount + already > pi.amount) throw stripeError(400, 'amount_too_large', `Refund amount is greater than the unrefunded amount on the charge.`);
      // refused (control): as Stripe refuses a refund of a disputed charge — a 400, no refund, no webhook
      if (this.refundFor('stripe', pi.customer, pi.metadata?.tenant_id) === 'refuse') {
        throw stripeError(400, 'charge_disputed', `Charge ${pi.latest_charge} has been charged back; cannot issue a refund.`);
      }
      pi.amount_refunded = already + amount;
      const refund = {
        id: `re_sim_${rand()}`, object: 'refund', amount, currency: pi.currency, status: 'succeeded', payment_intent: pi.id,
        charge: pi.latest_charge, metadata: body.metadata ?? {}, created: nowSec(), reason: body.reason ?? null,
      };
      this.stripeRefunds.set(refund.id, own(refund));
      const charge = {
        id: pi.latest_charge, object: 'charge', amount: pi.amount, amount_refunded: pi.amount_refunded, currency: pi.currency,
        payment_intent: pi.id, metadata: pi.metadata, refunded: pi.amount_refunded === pi.amount, refunds: { object: 'list', data: [refund] },
      };
      void this.sendStripe('charge.refunded', charge).then(() => this.sendStripe('refund.created', refund));
      return reply(200, refund);
    }
    throw stripeError(404, 'resource_missing', `Unrecognized request URL (${req.method}: /${path}).`, 'invalid_request_error');
  }

  // ── PayTabs ───────────────────────────────────────────────────────────────────────────────

  private ipn(t: Obj): Obj {
    const messages: Record<string, string> = { A: 'Authorised', D: 'Insufficient funds', E: 'Error', P: 'Pending' };
    return {
      tran_ref: t.tran_ref, ...(t.previous_tran_ref ? { previous_tran_ref: t.previous_tran_ref } : {}),
      merchant_id: 10001, profile_id: t.profile_id, cart_id: t.cart_id, cart_description: t.description,
      cart_currency: t.currency, cart_amount: fixed(t.amount, t.currency), tran_currency: t.currency, tran_total: fixed(t.amount, t.currency),
      tran_type: t.tran_type, tran_class: t.tran_class,
      customer_details: { name: 'Simulated Customer', email: 'customer@example.test', country: 'OM' },
      payment_result: { response_status: t.status, response_code: t.status === 'A' ? '831000' : '400', response_message: t.response_message ?? messages[t.status] ?? t.status, transaction_time: new Date().toISOString() },
      payment_info: {
        payment_method: t.card?.brand ?? 'Visa', card_type: 'Credit', card_scheme: t.card?.brand ?? 'Visa',
        payment_description: `4111 11## #### ${t.card?.last4 ?? '1111'}`, expiryMonth: t.card?.exp_month ?? 12, expiryYear: t.card?.exp_year ?? 2030,
      },
      ...(t.token ? { token: t.token } : {}),
      user_defined: t.user_defined ?? {},
    };
  }

  private async paytabs(req: IncomingMessage, res: ServerResponse, rest: string[], raw: string): Promise<void> {
    // As PayTabs: a server key it issued, used with its own profile; anything else is the same
    // authentication failure.
    const refused = () => send(res, 401, { code: 1, message: 'Authentication failed. Check authentication header.', trace: rand(12) });
    const acct = accountFor(gatewayAccounts('paytabs', this.secrets), String(req.headers.authorization ?? ''));
    if (!acct) return refused();
    const account = acct.id;
    let body: Obj;
    try { body = JSON.parse(raw || '{}'); } catch { return send(res, 400, { code: 5, message: 'Invalid request body', trace: rand(12) }); }
    if (acct.scope !== undefined && body.profile_id !== undefined && String(body.profile_id) !== acct.scope) return refused();
    const mine = <T extends Obj>(o: T | undefined) => this.accounts.mine(o, account);
    const own = <T extends Obj>(o: T) => this.accounts.own(o, account);
    const path = rest.join('/');
    if (req.method === 'POST' && path === 'payment/query') {
      const t = mine(this.transactions.get(String(body.tran_ref ?? '')));
      if (!t) return send(res, 400, { code: 4, message: 'Transaction not found', trace: rand(12) });
      return send(res, 200, this.ipn({ ...t, status: t.status === 'open' ? 'P' : t.status }));
    }
    if (req.method !== 'POST' || path !== 'payment/request') return send(res, 404, { code: 404, message: 'Not found' });
    for (const f of ['profile_id', 'tran_type', 'tran_class', 'cart_id', 'cart_currency', 'cart_amount', 'cart_description']) {
      if (body[f] === undefined || body[f] === null || body[f] === '') return send(res, 400, { code: 2, message: `${f} is required`, trace: rand(12) });
    }
    const type = String(body.tran_type).toLowerCase();
    const tran_ref = `TST${Date.now().toString().slice(-7)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const udf = body.user_defined ?? {};
    const t: Obj = {
      tran_ref, profile_id: body.profile_id, cart_id: body.cart_id, description: body.cart_description, currency: String(body.cart_currency).toUpperCase(),
      amount: Number(body.cart_amount), tran_type: type === 'refund' ? 'Refund' : 'Sale', tran_class: body.tran_class, callback: body.callback ?? '',
      return_url: body.return ?? null, user_defined: udf, tenant: udf.udf4 ?? null, status: 'open',
      tokenise: Number(body.tokenise ?? 0) >= 2, card: simCard('Visa', '1111'),
    };
    own(t);
    if (type === 'sale' && body.tran_class === 'ecom') {
      this.transactions.set(tran_ref, t);
      return send(res, 200, {
        tran_ref, tran_type: 'Sale', cart_id: t.cart_id, cart_description: t.description, cart_currency: t.currency, cart_amount: fixed(t.amount, t.currency),
        tran_currency: t.currency, tran_total: fixed(t.amount, t.currency), callback: t.callback, return: t.return_url,
        redirect_url: `${this.baseUrl}/simulator/paytabs/pay/${tran_ref}`, serviceId: 2, profileId: body.profile_id, merchantId: 10001, trace: rand(12),
      });
    }
    if (type === 'sale' && body.tran_class === 'recurring') {
      // PayTabs: a recurring sale charges a saved token, named with a transaction that used it
      const saved = mine(this.tokens.get(String(body.token ?? '')));
      if (!saved) return send(res, 400, { code: 4, message: 'Invalid token', trace: rand(12) });
      if (!body.tran_ref) return send(res, 400, { code: 2, message: 'tran_ref is required', trace: rand(12) });
      t.card = saved.card;
      t.status = this.outcomeFor('paytabs', body.token, t.tenant) === 'succeed' ? 'A' : 'D';
      this.transactions.set(tran_ref, t);
      const ipn = this.ipn(t);
      void this.sendPaytabs(t.callback, ipn, acct.keys[0]);
      return send(res, 200, ipn);
    }
    if (type === 'refund') {
      const original = mine(this.transactions.get(String(body.tran_ref ?? '')));
      if (!original || original.status !== 'A' || original.tran_type !== 'Sale') return send(res, 400, { code: 3, message: 'Original transaction not found or not captured', trace: rand(12) });
      t.previous_tran_ref = original.tran_ref;
      t.tenant = original.tenant;
      if (this.refundFor('paytabs', original.token, original.tenant) === 'refuse') {
        // refused (control): a final D in the answer, and no IPN follows
        t.status = 'D';
        t.response_message = 'Refund declined by the acquirer';
        this.transactions.set(tran_ref, t);
        return send(res, 200, this.ipn(t));
      }
      t.status = t.amount <= original.amount ? 'A' : 'E';
      this.transactions.set(tran_ref, t);
      const ipn = this.ipn(t);
      void this.sendPaytabs(t.callback, ipn, acct.keys[0]);
      return send(res, 200, ipn);
    }
    return send(res, 400, { code: 3, message: `unsupported tran_type/tran_class ${body.tran_type}/${body.tran_class}`, trace: rand(12) });
  }

  // ── HyperPay ──────────────────────────────────────────────────────────────────────────────

  /** A payment of the given account (the token that asked, or the checkout's). */
  private hpPayment(c: Obj, outcome: Outcome, account: string | undefined): Obj {
    const ok = outcome === 'succeed';
    let registrationId: string | undefined = c.registrationId;
    const card = c.card ?? simCard('VISA', '1111');
    if (!registrationId && c.paymentType === 'DB' && ok && c.createRegistration) {
      registrationId = randomBytes(16).toString('hex');
      const reg = { id: registrationId, card, tenant: c.customParameters?.tenant_id ?? null };
      this.registrations.set(registrationId, account === undefined ? reg : this.accounts.own(reg, account));
    }
    const p = {
      id: `8AC7A4${randomBytes(13).toString('hex').toUpperCase()}`, paymentType: c.paymentType, paymentBrand: 'VISA', amount: fixed(c.amount, c.currency), currency: c.currency,
      descriptor: '1234.5678.9012 CleanMateX', merchantTransactionId: c.merchantTransactionId ?? null, ...(c.referencedId ? { referencedId: c.referencedId } : {}),
      result: outcome === 'succeed' ? { code: '000.100.110', description: "Request successfully processed in 'Merchant in Integrator Test Mode'" }
        : { code: '800.100.151', description: 'transaction declined (invalid card)' },
      customParameters: c.customParameters ?? {}, registrationId,
      ...(c.paymentType === 'RF' ? {} : { card: { bin: '411111', last4Digits: card.last4, holder: 'Simulated Customer', expiryMonth: String(card.exp_month).padStart(2, '0'), expiryYear: String(card.exp_year) } }),
      timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, '+0000'), ndc: rand(32),
    };
    const kept = { ...p, refunded: 0 };
    this.hpPayments.set(p.id, account === undefined ? kept : this.accounts.own(kept, account));
    return p;
  }

  private async hyperpay(req: IncomingMessage, res: ServerResponse, rest: string[], raw: string): Promise<void> {
    const result = (code: string, description: string) => ({ result: { code, description }, buildNumber: 'sim', timestamp: new Date().toISOString(), ndc: rand(32) });
    // As OPPWA: an access token it issued, with that token's own entity.
    const acct = accountFor(gatewayAccounts('hyperpay', this.secrets), /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? '').trim())?.[1]);
    if (!acct) return send(res, 401, result('800.900.300', 'invalid authentication information'));
    const account = acct.id;
    const entity = acct.scope;
    const mine = <T extends Obj>(o: T | undefined) => this.accounts.mine(o, account);
    const body = parseForm(raw);
    const path = rest.join('/');
    const needs = (...fields: string[]) => {
      for (const f of fields) if (!body[f]) throw new SimError(400, `${f} missing`, result('200.300.404', `invalid or missing parameter: ${f}`));
      if (entity !== undefined && body.entityId !== entity) throw new SimError(400, 'entity', result('800.900.300', 'invalid authentication information (entityId)'));
      if (body.amount && !new RegExp(`^\\d{1,12}(\\.\\d{${exponent(String(body.currency ?? 'USD'))}})?$`).test(body.amount)) {
        throw new SimError(400, 'amount', result('200.300.404', 'invalid or missing parameter: amount'));
      }
    };
    if (req.method === 'POST' && path === 'v1/checkouts') {
      needs('entityId', 'amount', 'currency', 'paymentType');
      const id = `${randomBytes(16).toString('hex').toUpperCase()}.uat01-vm-tx04`;
      this.checkouts.set(id, this.accounts.own({
        id, amount: body.amount, currency: String(body.currency).toUpperCase(), merchantTransactionId: body.merchantTransactionId ?? null,
        customParameters: body.customParameters ?? {}, return_url: body.shopperResultUrl ?? null, status: 'open', description: `Checkout ${body.merchantTransactionId ?? ''}`,
        createRegistration: body.createRegistration === 'true',
      }, account));
      return send(res, 200, { ...result('000.200.100', 'successfully created checkout'), id });
    }
    if (req.method === 'GET' && rest[0] === 'v1' && rest[1] === 'checkouts' && rest[3] === 'payment') {
      const c = mine(this.checkouts.get(rest[2]));
      if (!c) return send(res, 404, result('200.300.404', 'no checkout found'));
      if (!c.payment_id) return send(res, 200, result('000.200.000', 'transaction pending'));
      return send(res, 200, { ...this.hpPayments.get(c.payment_id), ...result(this.hpPayments.get(c.payment_id)!.result.code, this.hpPayments.get(c.payment_id)!.result.description) });
    }
    if (req.method === 'POST' && rest[0] === 'v1' && rest[1] === 'payments' && rest[2]) {
      needs('entityId', 'amount', 'currency', 'paymentType');
      const original = mine(this.hpPayments.get(rest[2]));
      if (!original || !/^000\.100\.1/.test(original.result.code)) return send(res, 400, result('700.400.200', 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)'));
      if (body.paymentType !== 'RF') return send(res, 400, result('200.300.404', 'invalid or missing parameter: paymentType'));
      // refused (control): a 400 with OPPWA's result code, no refund payment, no notification
      if (this.refundFor('hyperpay', original.registrationId, original.customParameters?.tenant_id) === 'refuse') {
        return send(res, 400, result('700.400.200', 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)'));
      }
      const ok = Number(body.amount) + original.refunded <= Number(original.amount);
      if (ok) original.refunded += Number(body.amount);
      const p = this.hpPayment({ ...body, currency: String(body.currency).toUpperCase(), paymentType: 'RF', referencedId: original.id }, ok ? 'succeed' : 'decline', account);
      void this.sendHyperpay(p);
      return send(res, 200, { ...p, ...result(p.result.code, p.result.description) });
    }
    if (req.method === 'POST' && rest[0] === 'v1' && rest[1] === 'registrations' && rest[3] === 'payments') {
      needs('entityId', 'amount', 'currency', 'paymentType');
      const reg = mine(this.registrations.get(rest[2]));
      if (!reg) return send(res, 400, result('100.150.200', 'registration does not exist'));
      const outcome = this.outcomeFor('hyperpay', rest[2], body.customParameters?.tenant_id);
      const p = this.hpPayment({ ...body, currency: String(body.currency).toUpperCase(), paymentType: body.paymentType, registrationId: reg.id, card: reg.card }, outcome, account);
      void this.sendHyperpay(p);
      return send(res, 200, { ...p, ...result(p.result.code, p.result.description) });
    }
    return send(res, 404, result('200.300.404', `unknown endpoint ${req.method} /${path}`));
  }
}

/** The card a simulated shopper pays with: a test card number's brand and last 4, valid three more years. */
function simCard(brand: string, last4: string): Obj {
  return { brand, last4, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, fingerprint: randomBytes(8).toString('hex') };
}

class SimError extends Error {
  constructor(public status: number, message: string, public body?: Obj) { super(message); }
}

function stripeError(status: number, code: string, message: string, type = 'invalid_request_error'): SimError {
  return new SimError(status, message, { error: { type, code, message } });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', ...headers });
  res.end(JSON.stringify(body));
}

function html(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(text);
}

function resultPage(r: Obj): string {
  const ok = r.status === 'succeeded' || r.status === 'A' || /^000\.100\.1/.test(String(r.status));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payment ${ok ? 'succeeded' : 'declined'}</title></head>
<body style="font-family:sans-serif;max-width:30rem;margin:3rem auto"><h1 data-testid="result">Payment ${ok ? 'succeeded' : 'declined'}</h1>
${r.return_url ? `<p><a data-testid="return" href="${escapeHtml(String(r.return_url))}">Return to the merchant</a></p>` : ''}</body></html>`;
}
