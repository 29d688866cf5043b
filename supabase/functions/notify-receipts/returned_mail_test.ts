// Bounces and complaints end to end: an e-mail sent over SMTP whose returned mail (a DSN) is posted
// to notify-receipts/smtp becomes bounced and its address suppressed, so the next message to it is
// not sent; a Resend complaint suppresses too; a wrong bounce-inbox token is 401 and changes nothing.
import assert from 'node:assert/strict';
import { svixSignature } from '../_shared/notify/http_email.ts';
import { control, dsn, useLocalEnv } from '../_shared/notify/testing.ts';
import { itest, q, SUPABASE_URL } from '../_shared/testing.ts';
import { outboxRow, row, until, useProvider } from '../notify-deliver/testing.ts';

const env = useLocalEnv();
const email = () => `bounce-${crypto.randomUUID().slice(0, 8)}@tenant.test`;
const [defaults] = await q<{ email: string }>(`select provider as email from public.notification_channels where channel = 'email'`);
const suppression = async (address: string) =>
  (await q<{ reason: string; detail: string; provider: string }>(
    `select reason, detail, provider from public.notification_suppressions where channel = 'email' and address = $1`, [address]))[0];

function postReturnedMail(raw: string, token: string) {
  return fetch(`${SUPABASE_URL}/functions/v1/notify-receipts/smtp?token=${encodeURIComponent(token)}`, {
    method: 'POST', headers: { 'Content-Type': 'message/rfc822' }, body: raw,
  });
}

itest('SMTP returned mail: a wrong token is 401; the DSN makes the row bounced and suppresses the address; the next message is not sent', async () => {
  await useProvider('email', 'smtp');
  const to = email();
  const sent = await until(await outboxRow('email', to), ['sent']);
  const raw = dsn(sent.provider_message_id!);

  const refused = await postReturnedMail(raw, 'not-the-token');
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
  assert.equal((await row(sent.id)).status, 'sent', 'a refused report changes nothing');

  const res = await postReturnedMail(raw, env.NOTIFY_SMTP_BOUNCE_TOKEN);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).stored[0].suppressed, 'bounced');
  const bounced = await row(sent.id);
  assert.equal(bounced.status, 'bounced');
  assert.match(bounced.last_error ?? '', /smtp 5\.1\.1: 550 5\.1\.1/);
  assert.equal((await suppression(to))?.reason, 'bounced');

  const next = await until(await outboxRow('email', to), ['suppressed']);
  assert.equal(next.attempts, 0, 'no attempt is made');
  const [{ status_reason }] = await q<{ status_reason: string }>(`select status_reason from public.notification_outbox where id = $1`, [next.id]);
  assert.equal(status_reason, 'address_bounced');
});

itest('SMTP returned mail for a message never sent from here is 404 (the relay keeps it)', async () => {
  const res = await postReturnedMail(dsn(`<${crypto.randomUUID()}@elsewhere.test>`), env.NOTIFY_SMTP_BOUNCE_TOKEN);
  assert.equal(res.status, 404);
  await res.body?.cancel();
});

itest('Resend: a signed complaint suppresses the address; a transient bounce does not', async () => {
  await useProvider('email', 'http_email');
  const to = email();
  const r = await until(await outboxRow('email', to), ['delivered']);
  const post = async (type: string, data: Record<string, unknown>) => {
    const body = JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: r.provider_message_id, ...data } });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${SUPABASE_URL}/functions/v1/notify-receipts/http_email`, {
      method: 'POST', body,
      headers: { 'Content-Type': 'application/json', 'svix-id': `msg_${type}`, 'svix-timestamp': ts, 'svix-signature': await svixSignature(env.RESEND_WEBHOOK_SECRET, `msg_${type}`, ts, body) },
    });
    assert.equal(res.status, 200);
    return (await res.json()).stored[0];
  };
  assert.equal((await post('email.bounced', { bounce: { type: 'Transient', message: 'mailbox full' } })).suppressed, undefined);
  assert.equal(await suppression(to), undefined, 'a soft bounce suppresses nothing');
  assert.equal((await post('email.complained', {})).suppressed, 'complained');
  assert.equal((await suppression(to))?.provider, 'http_email');
  // the simulator's own hard bounce suppresses its address
  const hard = email();
  await control({ provider: 'resend', to: hard, receipt: 'bounced' });
  await until(await outboxRow('email', hard), ['bounced']);
  assert.equal((await suppression(hard))?.reason, 'bounced');
});

itest('restore the e-mail provider', async () => {
  await useProvider('email', defaults.email as 'smtp');
});
