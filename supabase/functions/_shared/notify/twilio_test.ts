// Twilio adapter against devstack's simulated Twilio, and notify-receipts' Twilio signature check.
import assert from 'node:assert/strict';
import { adapterSuite } from './suite.ts';
import { SUPABASE_URL, useLocalEnv } from './testing.ts';
import { twilio, twilioSignature } from './twilio.ts';

const env = useLocalEnv();
adapterSuite({
  adapter: twilio, sim: 'twilio', wrongCredentials: { TWILIO_AUTH_TOKEN: 'not-the-token' }, requiredCredential: 'TWILIO_AUTH_TOKEN',
  recorded: (m, rec) => {
    assert.equal(rec.text, m.text);
    assert.match(rec.id, /^SM[0-9a-f]{32}$/);
    assert.equal(rec.callback, `${SUPABASE_URL}/functions/v1/notify-receipts/twilio`);
  },
});

const url = `${SUPABASE_URL}/functions/v1/notify-receipts/twilio`;
const form = (sid: string) => new URLSearchParams({ MessageSid: sid, MessageStatus: 'delivered', AccountSid: env.TWILIO_ACCOUNT_SID, To: '+966500000001' });

Deno.test('twilio receipt: a bad X-Twilio-Signature is 401', async () => {
  const body = form('SM00000000000000000000000000000000');
  const bad = await twilioSignature('not-the-token', url, body);
  for (const headers of [{ 'X-Twilio-Signature': bad }, {}] as Record<string, string>[]) {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString() });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'invalid_signature');
  }
});

Deno.test('twilio receipt: a good signature for a message never sent is 404 (the provider retries), not 401', async () => {
  const body = form(`SM${crypto.randomUUID().replace(/-/g, '')}`);
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': await twilioSignature(env.TWILIO_AUTH_TOKEN, url, body) }, body: body.toString() });
  assert.equal(r.status, 404);
  assert.equal((await r.json()).code, 'not_found');
});
