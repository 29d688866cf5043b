// HTTP e-mail (Resend) adapter against devstack's simulated Resend, and notify-receipts' Svix check.
import assert from 'node:assert/strict';
import { httpEmail, httpEmailReceipt, svixSignature } from './http_email.ts';
import { adapterSuite } from './suite.ts';
import { message, simMessages, SUPABASE_URL, useLocalEnv } from './testing.ts';
import { BadSignature } from './receipt.ts';

const env = useLocalEnv();
adapterSuite({
  adapter: httpEmail, sim: 'resend', wrongCredentials: { RESEND_API_KEY: 're_wrong' }, requiredCredential: 'RESEND_API_KEY',
  recorded: (m, rec) => {
    assert.equal(rec.subject, m.subject);
    assert.equal(rec.html, m.html);
    assert.equal(rec.from, 'CleanMateX <no-reply@cleanmatex.local>');
  },
});

Deno.test('http_email: the same idempotency key twice sends one e-mail (the provider answers the first id)', async () => {
  const m = message('http_email');
  const [a, b] = [await httpEmail.send(m), await httpEmail.send(m)];
  assert.equal(a.status, 'sent');
  assert.deepEqual(b, a);
  assert.equal((await simMessages({ provider: 'resend' })).filter((x) => x.to === m.to).length, 1);
});

const url = `${SUPABASE_URL}/functions/v1/notify-receipts/http_email`;
const event = (id: string) => JSON.stringify({ type: 'email.bounced', created_at: new Date().toISOString(), data: { email_id: id, bounce: { message: 'no mailbox' } } });
async function headers(secret: string, body: string, ts = Math.floor(Date.now() / 1000)) {
  return { 'Content-Type': 'application/json', 'svix-id': 'msg_test', 'svix-timestamp': String(ts), 'svix-signature': await svixSignature(secret, 'msg_test', String(ts), body) };
}

Deno.test('http_email receipt: a bad, missing or stale Svix signature is 401', async () => {
  const body = event(crypto.randomUUID());
  const cases = [await headers('whsec_d3Jvbmctc2VjcmV0', body), { 'Content-Type': 'application/json' }, await headers(env.RESEND_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000) - 3600)];
  for (const h of cases) {
    const r = await fetch(url, { method: 'POST', headers: h, body });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'invalid_signature');
  }
});

Deno.test('http_email receipt: a good signature for a message never sent is 404, not 401; a bounce reads as bounced', async () => {
  const id = crypto.randomUUID();
  const body = event(id);
  const h = await headers(env.RESEND_WEBHOOK_SECRET, body);
  const r = await fetch(url, { method: 'POST', headers: h, body });
  assert.equal(r.status, 404);
  await r.body?.cancel();
  const parsed = await httpEmailReceipt(new Headers(h), body);
  assert.equal(parsed?.status, 'bounced');
  assert.equal(parsed?.providerMessageId, id);
  await assert.rejects(() => httpEmailReceipt(new Headers(h), body.replace('no mailbox', 'tampered')), BadSignature);
});
