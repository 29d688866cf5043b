// deno-lint-ignore-file no-explicit-any -- gateway JSON bodies are loosely typed on purpose
// The storm: 1,000 webhook deliveries over real HTTP through the gateway to the three payment
// functions — 10 % duplicates, 5 % bad signatures, shuffled, 16 at a time — then the apply jobs.
// Expected: exactly the good events in the inbox (none of the bad), every one applied or ignored,
// and every invoice and payment in the state its events imply.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  drainBilling, fn, hyperpayEncrypt, type Invoice, invoiceState, itest, openInvoice, paytabsSignature, q, SECRETS, shuffle,
  stripeEvent, stripeHeader,
} from '../_shared/testing.ts';

type Gw = 'stripe' | 'paytabs' | 'hyperpay';
interface Delivery { gateway: Gw; eventId: string; body: string; good: boolean }

const TOTAL = 1000;
const DUPLICATES = 100;
const BAD = 50;
const run = randomBytes(4).toString('hex');
let seq = 0;
const nextId = (p: string) => `${p}_storm_${run}_${++seq}`;

function stripeMinor(inv: Invoice) {
  const minor = Math.round(Number(inv.amount_due) * 1000);
  return Math.ceil(minor / 10) * 10;
}

/** One gateway payment attempt's event, as that gateway sends it. */
function paymentEvent(gw: Gw, inv: Invoice, paymentRef: string, outcome: 'succeeded' | 'failed' | 'pending'): { eventId: string; body: string } {
  if (gw === 'stripe') {
    const type = outcome === 'succeeded' ? 'payment_intent.succeeded' : outcome === 'failed' ? 'payment_intent.payment_failed' : 'payment_intent.processing';
    const ev = stripeEvent(type, {
      id: paymentRef, object: 'payment_intent', amount: stripeMinor(inv), amount_received: outcome === 'succeeded' ? stripeMinor(inv) : 0, currency: 'omr',
      metadata: { invoice_id: inv.invoice_id }, last_payment_error: outcome === 'failed' ? { code: 'card_declined', message: 'declined' } : null,
    }, nextId('evt'));
    return { eventId: ev.id, body: JSON.stringify(ev) };
  }
  if (gw === 'paytabs') {
    const status = outcome === 'succeeded' ? 'A' : outcome === 'failed' ? 'D' : 'P';
    const ipn = {
      tran_ref: paymentRef, tran_type: 'Sale', cart_id: crypto.randomUUID(), cart_currency: 'OMR', cart_amount: inv.amount_due,
      payment_result: { response_status: status, response_code: '100', response_message: status, transaction_time: new Date().toISOString() },
      user_defined: { udf1: inv.invoice_id },
    };
    return { eventId: `${paymentRef}:sale${status === 'P' ? ':pending' : ''}`, body: JSON.stringify(ipn) };
  }
  const code = outcome === 'succeeded' ? '000.100.110' : outcome === 'failed' ? '800.100.151' : '000.200.000';
  const n = { type: 'PAYMENT', action: 'CREATED', payload: { id: paymentRef, paymentType: 'DB', amount: inv.amount_due, currency: 'OMR', result: { code }, customParameters: { invoice_id: inv.invoice_id } } };
  // a pending notice is its own event (the final one for the same payment id follows it)
  return { eventId: outcome === 'pending' ? `${paymentRef}:pending` : paymentRef, body: JSON.stringify(n) };
}

function refundEvent(gw: Gw, paymentRef: string, refundRef: string): { eventId: string; body: string } {
  if (gw === 'stripe') {
    const ev = stripeEvent('refund.created', { id: refundRef, object: 'refund', amount: 1000, currency: 'omr', status: 'succeeded', payment_intent: paymentRef, metadata: {} }, nextId('evt'));
    return { eventId: ev.id, body: JSON.stringify(ev) };
  }
  if (gw === 'paytabs') {
    const ipn = { tran_ref: refundRef, previous_tran_ref: paymentRef, tran_type: 'Refund', cart_id: crypto.randomUUID(), cart_currency: 'OMR', cart_amount: '1.000', payment_result: { response_status: 'A' } };
    return { eventId: `${refundRef}:refund`, body: JSON.stringify(ipn) };
  }
  const n = { type: 'PAYMENT', action: 'CREATED', payload: { id: refundRef, paymentType: 'RF', referencedId: paymentRef, amount: '1.000', currency: 'OMR', result: { code: '000.100.110' } } };
  return { eventId: refundRef, body: JSON.stringify(n) };
}

function ignoredEvent(gw: Gw): { eventId: string; body: string } {
  if (gw === 'stripe') {
    const ev = stripeEvent('customer.updated', { id: `cus_${run}_${seq}`, object: 'customer' }, nextId('evt'));
    return { eventId: ev.id, body: JSON.stringify(ev) };
  }
  if (gw === 'paytabs') {
    const ref = nextId('TSTA');
    return { eventId: `${ref}:auth`, body: JSON.stringify({ tran_ref: ref, tran_type: 'Auth', cart_id: 'x', cart_currency: 'OMR', cart_amount: '1.000', payment_result: { response_status: 'A' } }) };
  }
  const id = nextId('RISK');
  return { eventId: id, body: JSON.stringify({ type: 'RISK', action: 'CREATED', payload: { id } }) };
}

const ref = (gw: Gw) => (gw === 'stripe' ? nextId('pi') : gw === 'paytabs' ? nextId('TST') : nextId('8AC7'));

async function send(d: Delivery): Promise<{ status: number; json: any }> {
  if (d.gateway === 'stripe') {
    const header = await stripeHeader(d.body, d.good ? SECRETS.STRIPE_WEBHOOK_SECRET : 'whsec_attacker');
    return fn('payments-stripe', d.body, { 'Content-Type': 'application/json', 'Stripe-Signature': header });
  }
  if (d.gateway === 'paytabs') {
    return fn('payments-paytabs', d.body, { 'Content-Type': 'application/json', Signature: paytabsSignature(d.body, d.good ? SECRETS.PAYTABS_SERVER_KEY : 'attacker-key') });
  }
  const e = hyperpayEncrypt(d.body, d.good ? SECRETS.HYPERPAY_WEBHOOK_SECRET : randomBytes(32).toString('hex'));
  return fn('payments-hyperpay', e.body, { 'Content-Type': 'text/plain', 'X-Initialization-Vector': e.iv, 'X-Authentication-Tag': e.tag });
}

itest('storm: 1,000 deliveries (10 % duplicates, 5 % bad signatures, shuffled) → exactly the expected inbox and final state', async () => {
  const gateways: Gw[] = ['stripe', 'paytabs', 'hyperpay'];
  const good: Delivery[] = [];
  const bad: Delivery[] = [];
  const expect: { inv: Invoice; gw: Gw; scenario: string; payments: Record<string, { status: string; amount_refunded: string }>; absent: string[] }[] = [];

  // 60 invoices, 4 scenarios × 3 gateways × 5.
  for (let i = 0; i < 60; i++) {
    const gw = gateways[i % 3];
    const scenario = ['retry_then_paid', 'declined', 'paid_then_refunded', 'forged_success'][Math.floor(i / 3) % 4];
    const inv = await openInvoice();
    const e = { inv, gw, scenario, payments: {} as Record<string, { status: string; amount_refunded: string }>, absent: [] as string[] };
    const add = (x: { eventId: string; body: string }) => good.push({ gateway: gw, good: true, ...x });
    const first = ref(gw);
    if (scenario === 'retry_then_paid') {
      const second = ref(gw);
      add(paymentEvent(gw, inv, first, 'failed'));
      add(paymentEvent(gw, inv, second, 'pending'));
      add(paymentEvent(gw, inv, second, 'succeeded'));
      e.payments = { [first]: { status: 'failed', amount_refunded: '0.000' }, [second]: { status: 'succeeded', amount_refunded: '0.000' } };
    } else if (scenario === 'declined') {
      add(paymentEvent(gw, inv, first, 'failed'));
      e.payments = { [first]: { status: 'failed', amount_refunded: '0.000' } };
    } else if (scenario === 'paid_then_refunded') {
      add(paymentEvent(gw, inv, first, 'succeeded'));
      add(refundEvent(gw, first, ref(gw)));
      e.payments = { [first]: { status: 'succeeded', amount_refunded: '1.000' } };
    } else {
      // a declined attempt, and a forged "success" for another payment that must never count
      const forged = ref(gw);
      add(paymentEvent(gw, inv, first, 'failed'));
      bad.push({ gateway: gw, good: false, ...paymentEvent(gw, inv, forged, 'succeeded') });
      e.payments = { [first]: { status: 'failed', amount_refunded: '0.000' } };
      e.absent = [forged];
    }
    expect.push(e);
  }
  const payingEvents = good.length;
  while (good.length < TOTAL - DUPLICATES - BAD) {
    const gw = gateways[good.length % 3];
    good.push({ gateway: gw, good: true, ...ignoredEvent(gw) });
  }
  while (bad.length < BAD) {
    const gw = gateways[bad.length % 3];
    bad.push({ gateway: gw, good: false, ...ignoredEvent(gw) });
  }
  const duplicates = shuffle([...good], 42).slice(0, DUPLICATES).map((d) => ({ ...d }));
  const deliveries = shuffle([...good, ...duplicates, ...bad], 4242);
  assert.equal(deliveries.length, TOTAL);

  // 16 concurrent senders
  const responses: { d: Delivery; status: number; json: any }[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++];
      const r = await send(d);
      responses.push({ d, ...r });
    }
  }));
  const tally = (pred: (r: typeof responses[number]) => boolean) => responses.filter(pred).length;
  assert.equal(tally((r) => r.status === 401 && r.json?.code === 'invalid_signature'), BAD, 'every bad signature is 401');
  assert.equal(tally((r) => r.status === 401 && r.d.good), 0, 'no good delivery is refused');
  assert.equal(tally((r) => r.status === 200), TOTAL - BAD);
  assert.equal(tally((r) => r.status === 200 && r.json.status === 'duplicate'), DUPLICATES, 'exactly the re-sent events are duplicates');
  assert.equal(tally((r) => r.status === 200 && r.json.status === 'stored'), payingEvents);
  assert.equal(tally((r) => r.status === 200 && r.json.status === 'ignored'), TOTAL - DUPLICATES - BAD - payingEvents);

  await drainBilling();

  // the inbox: exactly the good events, none of the bad, each applied or ignored
  const byGw = (list: Delivery[], gw: Gw) => list.filter((d) => d.gateway === gw).map((d) => d.eventId);
  let stored = 0;
  for (const gw of gateways) {
    const rows = await q<{ event_id: string; status: string; kind: string | null }>(
      `select event_id, status, kind from public.payment_events where gateway = $1 and event_id = any($2)`, [gw, byGw(good, gw)]);
    assert.equal(rows.length, byGw(good, gw).length, `${gw}: every good event stored once`);
    for (const r of rows) assert.equal(r.status, r.kind === null ? 'ignored' : 'applied', `${gw} ${r.event_id}`);
    stored += rows.length;
    const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from public.payment_events where gateway = $1 and event_id = any($2)`, [gw, byGw(bad, gw)]);
    assert.equal(n, 0, `${gw}: no badly signed event stored`);
  }
  assert.equal(stored, TOTAL - DUPLICATES - BAD);
  const [{ n: all }] = await q<{ n: number }>(`select count(*)::int as n from public.payment_events where event_id like $1 or event_id like $2`, [`%_storm_${run}_%`, `%_storm_${run}_%:%`]);
  assert.equal(all, TOTAL - DUPLICATES - BAD, 'nothing else of this run reached the inbox');

  // every invoice and payment where its events lead
  for (const e of expect) {
    const want = e.scenario === 'retry_then_paid' || e.scenario === 'paid_then_refunded' ? 'paid' : 'open';
    assert.equal((await invoiceState(e.inv.invoice_id)).status, want, `${e.gw} ${e.scenario}`);
    const pays = await q<{ gateway_payment_id: string; status: string; amount_refunded: string }>(
      `select gateway_payment_id, status, amount_refunded::text from public.payments where invoice_id = $1 and gateway_payment_id is not null`, [e.inv.invoice_id]);
    assert.deepEqual(Object.fromEntries(pays.map((p) => [p.gateway_payment_id, { status: p.status, amount_refunded: p.amount_refunded }])), e.payments, `${e.gw} ${e.scenario}`);
    for (const forged of e.absent) {
      const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from public.payments where gateway = $1 and gateway_payment_id = $2`, [e.gw, forged]);
      assert.equal(n, 0, 'a forged success left no payment');
    }
  }
});
