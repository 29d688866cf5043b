// Unifonic adapter against devstack's simulated Unifonic, and notify-receipts' shared-token check.
import assert from 'node:assert/strict';
import { adapterSuite } from './suite.ts';
import { SUPABASE_URL, useLocalEnv } from './testing.ts';
import { unifonic } from './unifonic.ts';

const env = useLocalEnv();
adapterSuite({
  adapter: unifonic, sim: 'unifonic', wrongCredentials: { UNIFONIC_APP_SID: 'not-the-app-sid' }, requiredCredential: 'UNIFONIC_APP_SID',
  recorded: (m, rec) => {
    assert.equal(rec.text, m.text);
    assert.equal(rec.to, m.to.replace('+', ''), 'international digits, no +');
    assert.match(rec.id, /^\d+$/);
  },
});

const url = `${SUPABASE_URL}/functions/v1/notify-receipts/unifonic`;
const body = JSON.stringify({ messageId: '1', status: 'Delivered', recipient: '966500000001' });

Deno.test('unifonic receipt: a wrong or missing token is 401', async () => {
  for (const q of ['?token=wrong', '']) {
    const r = await fetch(url + q, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'invalid_signature');
  }
});

Deno.test('unifonic receipt: the right token for a message never sent is 404, not 401', async () => {
  const r = await fetch(`${url}?token=${encodeURIComponent(env.UNIFONIC_WEBHOOK_TOKEN)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  assert.equal(r.status, 404);
  await r.body?.cancel();
});
