// WhatsApp Cloud adapter against devstack's simulated Graph API, and notify-receipts' app-secret
// signature and verify-token handshake.
import assert from 'node:assert/strict';
import { adapterSuite } from './suite.ts';
import { message, SUPABASE_URL, useLocalEnv } from './testing.ts';
import { templateComponents, whatsapp, whatsappBody, whatsappSignature } from './whatsapp.ts';

const env = useLocalEnv();
adapterSuite({
  adapter: whatsapp, sim: 'whatsapp', wrongCredentials: { WHATSAPP_ACCESS_TOKEN: 'EAAwrong' }, requiredCredential: 'WHATSAPP_ACCESS_TOKEN',
  recorded: (m, rec) => {
    assert.match(rec.id, /^wamid\./);
    assert.equal(rec.template.name, 'invoice_reminder');
    assert.equal(rec.template.language.code, 'ar');
    assert.deepEqual(rec.template.components, [{ type: 'body', parameters: [{ type: 'text', text: 'INV-1' }, { type: 'text', text: '120.000 KWD' }] }]);
    assert.equal(rec.to, m.to.replace('+', ''));
  },
});

Deno.test('whatsapp: a message without a template goes as text; named parameters keep their names', () => {
  const m = message('whatsapp_cloud', { whatsapp: null });
  assert.deepEqual(whatsappBody(m).text, { preview_url: false, body: m.text });
  assert.deepEqual(templateComponents({ invoice: 'INV-1' }), [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'invoice', text: 'INV-1' }] }]);
});

const url = `${SUPABASE_URL}/functions/v1/notify-receipts/whatsapp_cloud`;
const hook = (id: string) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses: [{ id, status: 'delivered', recipient_id: '966500000001' }] } }] }] });

Deno.test('whatsapp receipt: a bad or missing X-Hub-Signature-256 is 401', async () => {
  const body = hook('wamid.test');
  for (const headers of [{ 'X-Hub-Signature-256': await whatsappSignature('wrong-secret', body) }, {}] as Record<string, string>[]) {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'invalid_signature');
  }
});

Deno.test('whatsapp receipt: a good signature for a message never sent is 404, not 401', async () => {
  const body = hook(`wamid.${crypto.randomUUID()}`);
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': await whatsappSignature(env.WHATSAPP_APP_SECRET, body) }, body });
  assert.equal(r.status, 404);
  await r.body?.cancel();
});

Deno.test('whatsapp webhook handshake: the challenge comes back only with the verify token', async () => {
  const q = (token: string) => `${url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`;
  const ok = await fetch(q(env.WHATSAPP_VERIFY_TOKEN));
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '1158201444');
  const bad = await fetch(q('wrong'));
  assert.equal(bad.status, 403);
  await bad.body?.cancel();
});
