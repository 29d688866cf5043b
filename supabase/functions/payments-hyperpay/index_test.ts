// payments-hyperpay over real HTTP: AES-256-GCM bodies (X-Initialization-Vector,
// X-Authentication-Tag), the inbox (dedupe on payload.id), and convergence.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import {
  drainBilling, eventRows, storedContent, hyperpayEncrypt, invoiceState, itest, openInvoice, type Invoice, postHyperpay, q, SECRETS, shuffle,
} from '../_shared/testing.ts';

const hpId = () => `8AC7A4${randomBytes(13).toString('hex').toUpperCase()}`;

function notification(inv: Invoice, over: Record<string, unknown> = {}, code = '000.100.110') {
  return {
    type: 'PAYMENT', action: 'CREATED',
    payload: {
      id: hpId(), paymentType: 'DB', paymentBrand: 'VISA', amount: Number(inv.amount_due).toFixed(2), currency: 'SAR',
      merchantTransactionId: crypto.randomUUID(), result: { code, description: code === '000.100.110' ? 'Request successfully processed' : 'transaction declined' },
      customParameters: { invoice_id: inv.invoice_id }, timestamp: '2026-11-23 10:00:00+0000', ...over,
    },
  };
}

itest('hyperpay: an encrypted notification is stored once; a duplicate changes nothing; the invoice is paid', async () => {
  const inv = await openInvoice('100.00', 'SAR');
  assert.equal(inv.currency, 'SAR');
  const n = notification(inv);
  const r = await postHyperpay(n);
  assert.deepEqual([r.status, r.json.status, r.json.kind], [200, 'stored', 'payment_succeeded'], JSON.stringify(r.json));
  const rows = await eventRows('hyperpay', [n.payload.id]);
  assert.equal(rows[0].amount, Number(inv.amount_due).toFixed(3));
  // a re-delivery is encrypted afresh (new IV): still the same event
  const dup = await postHyperpay(n);
  assert.deepEqual([dup.status, dup.json.status], [200, 'duplicate']);
  assert.deepEqual(storedContent(await eventRows('hyperpay', [n.payload.id])), storedContent(rows));
  await drainBilling();
  assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
});

itest('hyperpay: wrong tag, wrong IV, wrong key, tampered ciphertext and missing headers are 401', async () => {
  const inv = await openInvoice('50.00', 'SAR');
  const n = notification(inv);
  const plain = JSON.stringify(n);
  const e = hyperpayEncrypt(plain, SECRETS.HYPERPAY_WEBHOOK_SECRET);
  const fn = (await import('../_shared/testing.ts')).fn;
  const send = (body: string, iv: string | null, tag: string | null) =>
    fn('payments-hyperpay', body, { 'Content-Type': 'text/plain', ...(iv ? { 'X-Initialization-Vector': iv } : {}), ...(tag ? { 'X-Authentication-Tag': tag } : {}) });
  const flip = (hex: string) => (hex[0] === 'A' ? 'B' : 'A') + hex.slice(1);
  for (const [what, r] of [
    ['wrong tag', await send(e.body, e.iv, flip(e.tag))],
    ['wrong IV', await send(e.body, randomBytes(12).toString('hex'), e.tag)],
    ['tampered ciphertext', await send(flip(e.body), e.iv, e.tag)],
    ['wrong key', await postHyperpay(n, { key: randomBytes(32).toString('hex') })],
  ] as const) assert.deepEqual([r.status, r.json.code], [401, 'invalid_signature'], what);
  const noIv = await send(e.body, null, e.tag);
  assert.deepEqual([noIv.status, noIv.json.code], [401, 'missing_signature']);
  const noTag = await send(e.body, e.iv, null);
  assert.deepEqual([noTag.status, noTag.json.code], [401, 'missing_signature']);
  const shortIv = await send(e.body, e.iv.slice(0, 10), e.tag);
  assert.equal(shortIv.status, 401);
  assert.deepEqual(await eventRows('hyperpay', [n.payload.id]), []);
  // the right key, IV and tag: accepted (the same body that was refused above)
  const ok = await send(e.body, e.iv, e.tag);
  assert.deepEqual([ok.status, ok.json.status], [200, 'stored']);
  assert.equal(Buffer.from(e.body, 'hex').length > 0, true);
});

itest('hyperpay: malformed payloads are 400; other notification types and payment types are ignored', async () => {
  const inv = await openInvoice('10.00', 'SAR');
  const notJson = await postHyperpay(null, { raw: 'not json' });
  assert.deepEqual([notJson.status, notJson.json.code], [400, 'malformed_payload']);
  const noId = await postHyperpay({ type: 'PAYMENT', payload: { amount: '1.00' } });
  assert.deepEqual([noId.status, noId.json.code], [400, 'malformed_payload']);
  const badAmount = await postHyperpay(notification(inv, { amount: '1,00' }));
  assert.deepEqual([badAmount.status, badAmount.json.code], [400, 'malformed_payload']);
  const reg = { type: 'REGISTRATION', action: 'CREATED', payload: { id: hpId() } };
  const r1 = await postHyperpay(reg);
  assert.deepEqual([r1.status, r1.json.status], [200, 'ignored']);
  const pa = notification(inv, { paymentType: 'PA' });
  const r2 = await postHyperpay(pa);
  assert.deepEqual([r2.status, r2.json.status], [200, 'ignored']);
  const rows = await eventRows('hyperpay', [reg.payload.id, pa.payload.id]);
  assert.deepEqual(rows.map((r) => [r.kind, r.status]), [[null, 'ignored'], [null, 'ignored']]);
});

itest('hyperpay: a decline, an approval and a refund (RF) converge in any order', async () => {
  for (let round = 0; round < 3; round++) {
    const inv = await openInvoice('80.00', 'SAR');
    const declined = notification(inv, {}, '800.100.151');
    const approved = notification(inv);
    const refund = notification(inv, { id: hpId(), paymentType: 'RF', referencedId: approved.payload.id, amount: '10.00' });
    for (const e of shuffle([declined, approved, refund], 99 + round)) assert.equal((await postHyperpay(e)).status, 200);
    await drainBilling();
    const pays = await q<{ status: string; amount_refunded: string }>(
      `select status, amount_refunded::text from public.payments where gateway = 'hyperpay' and gateway_payment_id = any($1) order by status`,
      [[declined.payload.id, approved.payload.id]]);
    assert.deepEqual(pays, [{ status: 'failed', amount_refunded: '0.000' }, { status: 'succeeded', amount_refunded: '10.000' }], `round ${round}`);
    assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
  }
});

itest('hyperpay: a pending notification, then the final one with the same payment id: both stored, the payment succeeds', async () => {
  // OPPWA notifies a payment when it is created and when it is updated (an asynchronous payment
  // completing), with the same payload.id; the final notice must not be taken for a redelivery.
  const inv = await openInvoice('30.00', 'SAR');
  const pending = notification(inv, {}, '000.200.000');
  const final = { ...pending, payload: { ...pending.payload, result: { code: '000.100.110', description: 'Request successfully processed' } } };
  const first = await postHyperpay(pending);
  assert.deepEqual([first.status, first.json.status, first.json.kind], [200, 'stored', 'payment_pending'], JSON.stringify(first.json));
  assert.deepEqual([(await postHyperpay(pending)).json.status], ['duplicate']);
  const second = await postHyperpay(final);
  assert.deepEqual([second.status, second.json.status, second.json.kind], [200, 'stored', 'payment_succeeded'], JSON.stringify(second.json));
  assert.deepEqual([(await postHyperpay(final)).json.status], ['duplicate']);
  await drainBilling();
  const [p] = await q<{ status: string }>(`select status from public.payments where gateway = 'hyperpay' and gateway_payment_id = $1`, [pending.payload.id]);
  assert.equal(p?.status, 'succeeded');
  assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
});
