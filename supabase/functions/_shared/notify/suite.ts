// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// The checks every HTTP adapter passes against its devstack simulator (imported by *_test.ts only):
// a send is recorded with its content, wrong credentials are the provider's auth refusal (permanent),
// 500 and 429 are retryable, no answer in time is retryable, an invalid number is permanent, a
// missing credential is permanent and names the setting.
import assert from 'node:assert/strict';
import type { Adapter, OutboxMessage, Provider } from './contract.ts';
import { control, message, simMessages, type SimProvider, useLocalEnv, withEnv } from './testing.ts';

export interface SuiteOptions {
  adapter: Adapter;
  sim: SimProvider;
  /** env that makes the provider refuse us (a wrong key / token / app id) */
  wrongCredentials: Record<string, string>;
  /** a credential the adapter cannot do without */
  requiredCredential: string;
  /** what the recorded message must show for this send */
  recorded: (m: OutboxMessage, recorded: any) => void;
}

export function adapterSuite(o: SuiteOptions) {
  const provider: Provider = o.adapter.provider;
  const send = (over: Partial<OutboxMessage> = {}) => { const m = message(provider, over); return { m, out: o.adapter.send(m) }; };
  useLocalEnv();

  Deno.test(`${provider}: a send is accepted and recorded by the simulator`, async () => {
    const { m, out } = send();
    const r = await out;
    assert.equal(r.status, 'sent', JSON.stringify(r));
    const id = r.status === 'sent' ? r.providerMessageId : '';
    const rec = (await simMessages({ provider: o.sim, to: m.to })).find((x) => x.id === id);
    assert.ok(rec, `the simulator recorded ${id}`);
    o.recorded(m, rec);
  });

  Deno.test(`${provider}: wrong credentials are the provider's auth refusal, not retried`, async () => {
    const r = await withEnv(o.wrongCredentials, () => send().out);
    assert.equal(r.status, 'failed');
    if (r.status === 'failed') {
      assert.equal(r.retryable, false, r.error);
      assert.match(r.error, /40[13]/);
    }
  });

  for (const [outcome, status] of [['server_error', /5\d\d/], ['rate_limit', /429/]] as const) {
    Deno.test(`${provider}: ${outcome} is a retryable failure`, async () => {
      const m = message(provider);
      await control({ provider: o.sim, to: m.to, outcome });
      const r = await o.adapter.send(m);
      assert.equal(r.status, 'failed');
      if (r.status === 'failed') {
        assert.equal(r.retryable, true, r.error);
        assert.match(r.error, status);
      }
    });
  }

  Deno.test(`${provider}: no answer in time is a retryable failure`, async () => {
    const m = message(provider);
    await control({ provider: o.sim, to: m.to, outcome: 'timeout', delay_ms: 5000 });
    const r = await withEnv({ NOTIFY_HTTP_TIMEOUT_MS: '300' }, () => o.adapter.send(m));
    assert.equal(r.status, 'failed');
    if (r.status === 'failed') {
      assert.equal(r.retryable, true, r.error);
      assert.match(r.error, /unreachable: no answer within 300 ms/);
    }
  });

  Deno.test(`${provider}: an invalid recipient is a permanent failure`, async () => {
    const m = message(provider);
    await control({ provider: o.sim, to: m.to, outcome: 'invalid_number' });
    const r = await o.adapter.send(m);
    assert.equal(r.status, 'failed');
    if (r.status === 'failed') assert.equal(r.retryable, false, r.error);
    assert.equal((await simMessages({ provider: o.sim, to: m.to })).length, 0, 'nothing recorded');
  });

  if (o.sim !== 'resend') {
    Deno.test(`${provider}: a number that is not a phone number fails for good before any provider call`, async () => {
      for (const to of ['0501234567', '+96651234']) {
        const r = await o.adapter.send(message(provider, { to }));
        assert.equal(r.status, 'failed');
        if (r.status === 'failed') {
          assert.equal(r.retryable, false);
          assert.match(r.error, /invalid recipient/);
        }
        assert.equal((await simMessages({ provider: o.sim, to })).length, 0);
      }
    });
  }

  Deno.test(`${provider}: a missing credential is a permanent failure naming it`, async () => {
    const r = await withEnv({ [o.requiredCredential]: undefined }, () => send().out);
    assert.equal(r.status, 'failed');
    if (r.status === 'failed') {
      assert.equal(r.retryable, false);
      assert.match(r.error, new RegExp(`not configured: ${o.requiredCredential} is not set`));
    }
  });
}
