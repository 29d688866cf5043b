// deno-lint-ignore-file no-explicit-any -- provider and test JSON bodies are loosely typed on purpose
// End to end: outbox rows delivered by the notifications.deliver job through notify-deliver to
// devstack's SMTP inbox and messaging simulators; receipts posted back by the simulators update
// the rows; failures are recorded on the row (retryable back to queued, permanent failed).
import assert from 'node:assert/strict';
import { control, MAIL_URL, simMessages, testPhone, useLocalEnv } from '../_shared/notify/testing.ts';
import { whatsappSignature } from '../_shared/notify/whatsapp.ts';
import { itest, q, SERVICE_KEY, SUPABASE_URL } from '../_shared/testing.ts';
import { outboxRow, row, until, useProvider } from './testing.ts';

const env = useLocalEnv();
const email = () => `billing-${crypto.randomUUID().slice(0, 8)}@tenant.test`;
const [defaults] = await q<{ email: string; sms: string; whatsapp: string }>(
  `select max(provider) filter (where channel = 'email') as email, max(provider) filter (where channel = 'sms') as sms,
          max(provider) filter (where channel = 'whatsapp') as whatsapp from public.notification_channels`);

async function inbox(to: string): Promise<any[]> {
  const r = await fetch(`${MAIL_URL}/api/v1/messages?to=${encodeURIComponent(to)}`);
  return (await r.json()).messages;
}

itest('email over SMTP: the row is sent and the Arabic message is in the devstack inbox', async () => {
  await useProvider('email', 'smtp');
  const to = email();
  const r = await until(await outboxRow('email', to), ['sent']);
  assert.equal(r.provider, 'smtp');
  assert.ok(r.provider_message_id);
  const [listed] = await inbox(to);
  assert.ok(listed, 'the mail reached the inbox');
  const mail = await (await fetch(`${MAIL_URL}/api/v1/messages/${listed.id}`)).json();
  assert.match(mail.subject, /^تذكير: الفاتورة INV-/);
  assert.match(mail.text, /مستحقة/);
  assert.match(mail.html, /dir="rtl"/);
});

itest('email over the HTTP API: sent, then delivered by the signed receipt; a bounce marks the row bounced', async () => {
  await useProvider('email', 'http_email');
  const delivered = await until(await outboxRow('email', email()), ['delivered']);
  assert.equal(delivered.provider, 'http_email');
  assert.equal(delivered.last_receipt.status, 'delivered');
  const to = email();
  await control({ provider: 'resend', to, receipt: 'bounced' });
  const bounced = await until(await outboxRow('email', to), ['bounced']);
  assert.match(bounced.last_error ?? '', /email\.bounced/);
});

for (const provider of ['twilio', 'unifonic'] as const) {
  itest(`SMS through ${provider}: sent, then delivered by the receipt; an undelivered receipt marks it failed`, async () => {
    await useProvider('sms', provider);
    const to = testPhone();
    const r = await until(await outboxRow('sms', to), ['delivered']);
    assert.equal(r.provider, provider);
    const [rec] = await simMessages({ provider, to });
    assert.equal(rec.id, r.provider_message_id);
    assert.match(rec.text, /^فاتورتك INV-/);
    const failing = testPhone();
    await control({ provider, to: failing, receipt: 'failed' });
    const failed = await until(await outboxRow('sms', failing), ['failed']);
    assert.match(failed.last_error ?? '', new RegExp(provider));
  });
}

itest('WhatsApp Cloud: the approved template with its parameters, delivered then read', async () => {
  await useProvider('whatsapp', 'whatsapp_cloud');
  const to = testPhone();
  await control({ provider: 'whatsapp', to, receipt: 'read' });
  const r = await until(await outboxRow('whatsapp', to), ['delivered']);
  const [rec] = await simMessages({ provider: 'whatsapp', to });
  assert.equal(rec.id, r.provider_message_id);
  assert.equal(rec.template.name, 'dunning_reminder');
  assert.equal(rec.template.language.code, 'ar');
  assert.equal(rec.template.components[0].parameters[1].text, '120.000 د.ك');
  const [{ read_at }] = await q<{ read_at: string | null }>(`select read_at from public.notification_outbox where id = $1`, [r.id]);
  assert.ok(read_at, 'the read receipt is kept');
});

itest('a receipt with a bad signature is refused (401) and the row is unchanged', async () => {
  await useProvider('whatsapp', 'whatsapp_cloud');
  const r = await until(await outboxRow('whatsapp', testPhone()), ['delivered']);
  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ value: { statuses: [{ id: r.provider_message_id, status: 'failed' }] } }] }] });
  const res = await fetch(`${SUPABASE_URL}/functions/v1/notify-receipts/whatsapp_cloud`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': await whatsappSignature('not-the-app-secret', body) }, body,
  });
  assert.equal(res.status, 401);
  await res.body?.cancel();
  const after = await row(r.id);
  assert.equal(after.status, 'delivered');
  assert.deepEqual(after.last_receipt, r.last_receipt);
  assert.ok(env.WHATSAPP_APP_SECRET);
});

itest('a provider 500 is retryable: the row goes back to queued with the error, the job is retried', async () => {
  await useProvider('sms', 'twilio');
  const to = testPhone();
  await control({ provider: 'twilio', to, outcome: 'server_error' });
  const id = await outboxRow('sms', to);
  const back = await until(id, ['queued'], 30_000, (r) => r.attempts >= 1);
  assert.match(back.last_error ?? '', /twilio 500 20500/);
  const [job] = await q<{ n: number }>(`select count(*)::int as n from private.job_runs where job_type = 'notifications.deliver'
                                         and outcome = 'failed' and error_message like '%twilio 500%'`);
  assert.ok(job.n >= 1, 'the job run failed for a retry');
});

itest('an invalid number is a permanent failure: failed at once, not retried', async () => {
  await useProvider('whatsapp', 'whatsapp_cloud');
  const to = testPhone();
  await control({ provider: 'whatsapp', to, outcome: 'invalid_number' });
  const r = await until(await outboxRow('whatsapp', to), ['failed']);
  assert.equal(r.attempts, 1);
  assert.match(r.last_error ?? '', /131030/);
});

itest('notify-deliver refuses callers without the service key', async () => {
  const res = await fetch(`${SUPABASE_URL}/functions/v1/notify-deliver`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 401);
  await res.body?.cancel();
  const ok = await fetch(`${SUPABASE_URL}/functions/v1/notify-deliver`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SERVICE_KEY}` }, body: JSON.stringify({ outbox_id: crypto.randomUUID() }),
  });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).status, 'skipped');
});

itest('restore the channels\' providers', async () => {
  await useProvider('email', defaults.email as 'smtp');
  await useProvider('sms', defaults.sms as 'unifonic');
  await useProvider('whatsapp', defaults.whatsapp as 'whatsapp_cloud');
});
