// payments-paytabs over real HTTP: the Signature header (HMAC-SHA256 of the raw body with the
// server key), the inbox (dedupe on tran_ref + tran_type), and convergence.
import assert from 'node:assert/strict';
import {
  drainBilling, eventRows, storedContent, invoiceState, itest, openInvoice, type Invoice, postPaytabs, q, SECRETS, shuffle, SUPABASE_URL,
} from '../_shared/testing.ts';

function ipn(inv: Invoice, over: Record<string, unknown> = {}, status = 'A') {
  return {
    tran_ref: `TST${Math.floor(Math.random() * 1e12)}`, tran_type: 'Sale', tran_class: 'ecom', cart_id: crypto.randomUUID(),
    cart_description: `Invoice ${inv.number}`, cart_currency: inv.currency, cart_amount: inv.amount_due,
    tran_currency: inv.currency, tran_total: inv.amount_due,
    payment_result: { response_status: status, response_code: status === 'A' ? '831000' : '400', response_message: status === 'A' ? 'Authorised' : 'Declined', transaction_time: new Date().toISOString() },
    user_defined: { udf1: inv.invoice_id }, ...over,
  };
}

itest('paytabs: a signed IPN is stored once; duplicates (same tran_ref + tran_type) change nothing; the invoice is paid', async () => {
  const inv = await openInvoice();
  const body = ipn(inv);
  const r = await postPaytabs(body);
  assert.deepEqual([r.status, r.json.status, r.json.kind], [200, 'stored', 'payment_succeeded'], JSON.stringify(r.json));
  const rows = await eventRows('paytabs', [`${body.tran_ref}:sale`]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].amount, inv.amount_due);
  const dup = await postPaytabs(body);
  assert.deepEqual([dup.status, dup.json.status], [200, 'duplicate']);
  assert.deepEqual(storedContent(await eventRows('paytabs', [`${body.tran_ref}:sale`])), storedContent(rows));
  await drainBilling();
  assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
});

itest('paytabs: tampered, wrong-key and missing signatures are 401; malformed 400; unknown tran_type ignored', async () => {
  const inv = await openInvoice();
  const body = ipn(inv);
  const raw = JSON.stringify(body);
  const { paytabsSignature } = await import('../_shared/testing.ts');
  const sig = paytabsSignature(raw, SECRETS.PAYTABS_SERVER_KEY);
  const tampered = await postPaytabs(null, { raw: raw.replace(`"cart_amount":"${inv.amount_due}"`, '"cart_amount":"0.001"'), signature: sig });
  assert.deepEqual([tampered.status, tampered.json.code], [401, 'invalid_signature']);
  const wrongKey = await postPaytabs(body, { key: 'not-the-server-key' });
  assert.deepEqual([wrongKey.status, wrongKey.json.code], [401, 'invalid_signature']);
  const missing = await postPaytabs(body, { signature: null });
  assert.deepEqual([missing.status, missing.json.code], [401, 'missing_signature']);
  assert.deepEqual(await eventRows('paytabs', [`${body.tran_ref}:sale`]), []);
  const malformed = await postPaytabs({ ...body, cart_amount: 'lots' });
  assert.deepEqual([malformed.status, malformed.json.code], [400, 'malformed_payload']);
  const notJson = await postPaytabs(null, { raw: 'tran_ref=1&cart_id=2' });
  assert.deepEqual([notJson.status, notJson.json.code], [400, 'malformed_payload']);
  const auth = ipn(inv, { tran_type: 'Auth' });
  const ignored = await postPaytabs(auth);
  assert.deepEqual([ignored.status, ignored.json.status, ignored.json.kind], [200, 'ignored', null]);
  const get = await fetch(`${SUPABASE_URL}/functions/v1/payments-paytabs`);
  assert.equal(get.status, 405);
  await get.body?.cancel();
});

itest('paytabs: decline then approval under another tran_ref, and a refund before its sale, converge in any order', async () => {
  for (let round = 0; round < 3; round++) {
    const inv = await openInvoice();
    const declined = ipn(inv, {}, 'D');
    const approved = ipn(inv);
    const refund = ipn(inv, { tran_ref: `TST${Math.floor(Math.random() * 1e12)}`, tran_type: 'Refund', previous_tran_ref: approved.tran_ref, cart_amount: '1.000', tran_total: '1.000' });
    const events = shuffle([declined, approved, refund], 7 + round);
    for (const e of events) assert.equal((await postPaytabs(e)).status, 200);
    await drainBilling();
    const pays = await q<{ gateway_payment_id: string; status: string; amount_refunded: string }>(
      `select gateway_payment_id, status, amount_refunded::text from public.payments where gateway = 'paytabs' and gateway_payment_id = any($1) order by status`,
      [[declined.tran_ref, approved.tran_ref]]);
    assert.deepEqual(pays, [
      { gateway_payment_id: declined.tran_ref, status: 'failed', amount_refunded: '0.000' },
      { gateway_payment_id: approved.tran_ref, status: 'succeeded', amount_refunded: '1.000' },
    ], `round ${round}`);
    assert.equal((await invoiceState(inv.invoice_id)).status, 'paid');
  }
});
