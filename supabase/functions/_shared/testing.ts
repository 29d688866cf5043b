// deno-lint-ignore-file no-explicit-any -- gateway JSON bodies are loosely typed on purpose
// Test helpers (imported by *_test.ts only): the official stripe package's test header, and
// signed / encrypted bodies for PayTabs and HyperPay as the gateways send them.
import { Buffer } from 'node:buffer';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import pg from 'npm:pg@8';
import Stripe from 'npm:stripe@17';

const stripe = new Stripe('sk_test_helpers');

/**
 * The official stripe package's test header. Deno loads stripe's worker build, whose crypto
 * provider is WebCrypto (async only), so this is webhooks.generateTestHeaderStringAsync.
 */
export function stripeHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Promise<string> {
  return stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp });
}

export function paytabsSignature(body: string, serverKey: string): string {
  return createHmac('sha256', serverKey).update(body).digest('hex');
}

export function hyperpayEncrypt(plaintext: string, keyHex: string, iv = randomBytes(12)) {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { body: ct.toString('hex').toUpperCase(), iv: iv.toString('hex').toUpperCase(), tag: cipher.getAuthTag().toString('hex').toUpperCase() };
}

// ── integration: the gateway, the database and the functions' own secrets ────────────────────


export const SUPABASE_URL = Deno.env.get('SUPABASE_URL') ?? 'http://127.0.0.1:54321';
export const SERVICE_KEY = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY') ?? '';
export const ANON_KEY = Deno.env.get('SUPABASE_ANON_KEY') ?? '';
export const DB_URL = Deno.env.get('SUPABASE_DB_URL') ?? 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';
export const SIMULATOR = `${SUPABASE_URL}/simulator`;

/** supabase/functions/.env.local: the values the functions (and the simulator) run with. */
export function localSecrets(): Record<string, string> {
  const text = Deno.readTextFileSync(new URL('../.env.local', import.meta.url));
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
export const SECRETS = localSecrets();

let pool: pg.Pool | null = null;
export function db(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: DB_URL, max: 4 });
  return pool;
}
export async function closeDb() { await pool?.end(); pool = null; }

export async function q<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db().query(sql, params)).rows as T[];
}

/**
 * Runs the billing jobs (apply_payment_event …) until no stored event waits to be applied. pg_cron's
 * dispatcher runs too and may hold some jobs invisible to us while it works: we wait for the inbox,
 * not for our own dispatch count.
 */
export async function drainBilling(timeoutMs = 120_000): Promise<number> {
  let total = 0;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [{ n }] = await q<{ n: number }>(`select private.dispatch('billing', 64) as n`);
    total += n;
    if (n === 0) {
      // Waiting: events not applied yet, and failed ones with a retry queued. An apply fails when the
      // scheduled dispatcher applied a sibling event of the same payment at the same moment; its
      // retry waits out a backoff, made due here so the test sees the converged state.
      const [{ waiting }] = await q<{ waiting: number }>(`select count(*)::int as waiting from public.payment_events e
        where e.status = 'received' or (e.status = 'failed' and exists (select from pgmq.q_billing m
          where m.message ->> 'job_type' = 'billing.apply_payment_event' and (m.message -> 'payload' ->> 'payment_event_id')::bigint = e.id))`);
      if (waiting === 0) return total;
      await q(`update pgmq.q_billing set vt = clock_timestamp()
               where message ->> 'job_type' = 'billing.apply_payment_event' and vt > clock_timestamp() + interval '1 second'`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('the billing queue did not drain');
}

export interface Invoice { tenant_id: string; invoice_id: string; amount_due: string; currency: string; number: string }

/** A fresh tenant with an open invoice (manual lines), made with the billing functions as the database owner. */
const COUNTRY: Record<string, [string, string]> = { OMR: ['OM', 'Asia/Muscat'], SAR: ['SA', 'Asia/Riyadh'], KWD: ['KW', 'Asia/Kuwait'], AED: ['AE', 'Asia/Dubai'], BHD: ['BH', 'Asia/Bahrain'] };

export async function openInvoice(unitAmount = '12.345', currency = 'OMR', tenantId: string | null = null): Promise<Invoice> {
  const slug = `fn-${crypto.randomUUID().slice(0, 12)}`;
  const t = tenantId ?? (await q<{ t: string }>(`select tests.create_tenant($1, 'active') as t`, [slug]))[0].t;
  if (currency !== 'OMR' && !tenantId) {
    await q(`update public.tenants set currency = $2, country = $3, timezone = $4 where id = $1`, [t, currency, ...COUNTRY[currency]]);
  }
  const [{ id }] = await q<{ id: string }>(
    `select public.create_invoice($1, jsonb_build_array(jsonb_build_object('kind', 'adjustment', 'unit_amount', $2::numeric,
       'description', jsonb_build_object('en', 'Laundry platform', 'ar', 'منصة المغسلة')))) ->> 'id' as id`, [t, unitAmount]);
  await q(`select public.finalize_invoice($1)`, [id]);
  const [inv] = await q<Invoice>(`select tenant_id, id as invoice_id, amount_due::text, currency, number from public.invoices where id = $1`, [id]);
  return inv;
}

export async function invoiceState(id: string) {
  const [row] = await q<{ status: string; amount_due: string; amount_paid: string }>(
    `select status, amount_due::text, amount_paid::text from public.invoices where id = $1`, [id]);
  return row;
}

export async function fn(name: string, body: string, headers: Record<string, string> = {}, query = ''): Promise<{ status: number; json: any }> {
  const res = await fetch(`${SUPABASE_URL}/functions/v1/${name}${query}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json };
}

/** A Stripe event as Stripe sends it, posted signed (the header from the stripe package) or as given. */
export async function postStripe(event: unknown, opts: { secret?: string; header?: string | null; timestamp?: number; raw?: string; query?: string } = {}) {
  const body = opts.raw ?? JSON.stringify(event);
  const header = opts.header !== undefined ? opts.header : await stripeHeader(body, opts.secret ?? SECRETS.STRIPE_WEBHOOK_SECRET, opts.timestamp);
  return fn('payments-stripe', body, { 'Content-Type': 'application/json', ...(header === null ? {} : { 'Stripe-Signature': header }) }, opts.query ?? '');
}

export function postPaytabs(ipn: unknown, opts: { key?: string; signature?: string | null; raw?: string; query?: string } = {}) {
  const body = opts.raw ?? JSON.stringify(ipn);
  const sig = opts.signature !== undefined ? opts.signature : paytabsSignature(body, opts.key ?? SECRETS.PAYTABS_SERVER_KEY);
  return fn('payments-paytabs', body, { 'Content-Type': 'application/json', ...(sig === null ? {} : { Signature: sig }) }, opts.query ?? '');
}

export function postHyperpay(notification: unknown, opts: { key?: string; iv?: string; tag?: string; raw?: string; query?: string; omit?: 'iv' | 'tag' } = {}) {
  const e = hyperpayEncrypt(opts.raw ?? JSON.stringify(notification), opts.key ?? SECRETS.HYPERPAY_WEBHOOK_SECRET);
  const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
  if (opts.omit !== 'iv') headers['X-Initialization-Vector'] = opts.iv ?? e.iv;
  if (opts.omit !== 'tag') headers['X-Authentication-Tag'] = opts.tag ?? e.tag;
  return fn('payments-hyperpay', e.body, headers, opts.query ?? '');
}

export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_t_${crypto.randomUUID().replaceAll('-', '')}`, created = Math.floor(Date.now() / 1000)) {
  return { id, object: 'event', api_version: '2020-08-27', created, livemode: false, type, data: { object } };
}

export function paymentIntent(inv: Invoice, over: Record<string, unknown> = {}, id = `pi_t_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`) {
  const exp = inv.currency === 'OMR' || inv.currency === 'KWD' || inv.currency === 'BHD' ? 3 : 2;
  const minor = Math.round(Number(inv.amount_due) * 10 ** exp);
  const amount = exp === 3 ? Math.ceil(minor / 10) * 10 : minor;
  return { id, object: 'payment_intent', amount, amount_received: amount, currency: inv.currency.toLowerCase(), status: 'succeeded', metadata: { invoice_id: inv.invoice_id, tenant_id: inv.tenant_id }, ...over };
}

export async function eventRows(gateway: string, ids: string[]) {
  return await q<{ event_id: string; kind: string | null; status: string; amount: string | null; object_id: string | null; refund_id: string | null; payload: unknown }>(
    `select event_id, kind, status, amount::text, object_id, refund_id, payload from public.payment_events where gateway = $1 and event_id = any($2) order by id`, [gateway, ids]);
}

/**
 * What the inbox stored of each event, without its status: the scheduled dispatcher (pg_cron, running
 * beside the tests) may apply an event at any moment, so "a duplicate changed nothing" compares this.
 */
export function storedContent(rows: Awaited<ReturnType<typeof eventRows>>) {
  return rows.map(({ status: _status, ...stored }) => stored);
}

/** Shuffles in place (Fisher–Yates) with a seeded generator so a failure can be replayed. */
export function shuffle<T>(items: T[], seed = Date.now()): T[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** An integration test: real HTTP through the gateway and a pooled database connection kept across tests. */
export function itest(name: string, body: () => Promise<void>) {
  Deno.test({ name, fn: body, sanitizeResources: false, sanitizeOps: false });
}

/** A tenant owner of the invoice's tenant, signed in through the gateway's /auth/v1: their access token. */
export async function ownerToken(tenantId: string): Promise<string> {
  const { createClient } = await import('npm:@supabase/supabase-js@2');
  const email = `owner-${crypto.randomUUID().slice(0, 8)}@fn.test`;
  const [{ id }] = await q<{ id: string }>(`select tests.create_user($1) as id`, [email]);
  await q(`select tests.add_member($1, $2, 'owner')`, [tenantId, id]);
  const client = createClient(SUPABASE_URL, ANON_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
  const { data, error } = await client.auth.signInWithPassword({ email, password: 'password' });
  if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
  return data.session.access_token;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await q(`select private.dispatch('billing', 64)`);
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function checkout(body: unknown, token: string | null) {
  return fn('payments-checkout', typeof body === 'string' ? body : JSON.stringify(body), {
    'Content-Type': 'application/json', apikey: ANON_KEY, ...(token ? { Authorization: `Bearer ${token}` } : {}),
  });
}
