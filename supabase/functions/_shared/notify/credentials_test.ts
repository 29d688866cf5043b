// Provider credentials from Vault: notification_credentials read through the service role, put in
// force for one send (Vault first, the env for what Vault does not hold), isolated between
// concurrent sends of different providers, and reloaded after NOTIFY_CREDENTIALS_TTL_MS.
import assert from 'node:assert/strict';
import { q } from '../testing.ts';
import { credentialScope, setting } from './contract.ts';
import { forgetCredentials, providerCredentials, withCredentials } from './credentials.ts';
import { message, simMessages, useLocalEnv } from './testing.ts';
import { twilio } from './twilio.ts';
import { unifonic } from './unifonic.ts';

const env = useLocalEnv();
// A From number other than the env's: harmless to every other test that sends through Twilio.
const VAULT_FROM = '+15005550009';

async function withVaultSecret(provider: string, value: unknown, fn: () => Promise<void>) {
  await q(`delete from vault.secrets where name = $1`, [`notifications.${provider}`]);
  await q(`select vault.create_secret($1, $2, 'credentials_test')`, [JSON.stringify(value), `notifications.${provider}`]);
  forgetCredentials();
  try {
    await fn();
  } finally {
    await q(`delete from vault.secrets where name = $1`, [`notifications.${provider}`]);
    forgetCredentials();
  }
}

Deno.test({ name: 'credentials: a setting in force overrides the env (a wrong token from Vault is refused by the provider)', sanitizeResources: false, sanitizeOps: false, fn: async () => {
  const r = await credentialScope.run({ TWILIO_AUTH_TOKEN: 'not-the-token' }, () => twilio.send(message('twilio')));
  assert.equal(r.status, 'failed');
  assert.equal(setting('TWILIO_AUTH_TOKEN'), env.TWILIO_AUTH_TOKEN, 'outside the scope the env is back');
} });

Deno.test({ name: 'credentials: Vault\'s notifications.twilio is used for the send, the env for what it does not hold; another provider at the same time sees none of it', sanitizeResources: false, sanitizeOps: false, fn: async () => {
  await withVaultSecret('twilio', { TWILIO_FROM: VAULT_FROM, NOT_A_STRING: 1 }, async () => {
    assert.deepEqual(await providerCredentials('twilio'), { TWILIO_FROM: VAULT_FROM });
    const [m, u] = [message('twilio'), message('unifonic')];
    const [a, b] = await Promise.all([withCredentials('twilio', () => twilio.send(m)), withCredentials('unifonic', () => unifonic.send(u))]);
    assert.equal(a.status, 'sent', JSON.stringify(a));
    assert.equal(b.status, 'sent', JSON.stringify(b));
    const [rec] = await simMessages({ provider: 'twilio', to: m.to });
    assert.equal(rec.from, VAULT_FROM, 'the From number came from Vault; the account and token from the env');
  });
  assert.deepEqual(await providerCredentials('twilio'), {}, 'no Vault secret: nothing, every setting from the env');
} });

Deno.test({ name: 'credentials: kept per instance for the TTL, then read again (a rotation is picked up)', sanitizeResources: false, sanitizeOps: false, fn: async () => {
  await withVaultSecret('unifonic', { UNIFONIC_SENDER_ID: 'First' }, async () => {
    const t0 = 1_000_000;
    assert.deepEqual(await providerCredentials('unifonic', t0), { UNIFONIC_SENDER_ID: 'First' });
    await q(`select vault.update_secret(id, $1) from vault.secrets where name = 'notifications.unifonic'`, [JSON.stringify({ UNIFONIC_SENDER_ID: 'Second' })]);
    assert.deepEqual(await providerCredentials('unifonic', t0 + 59_999), { UNIFONIC_SENDER_ID: 'First' }, 'within the TTL: the loaded value');
    assert.deepEqual(await providerCredentials('unifonic', t0 + 60_000), { UNIFONIC_SENDER_ID: 'Second' }, 'after it: read again');
  });
} });
