// The path end to end: a dunning reminder for an Arabic tenant written by private.notify
// (the outbox rows in the tenant's language, one job each) reaches the devstack inbox by SMTP and
// the SMS and WhatsApp simulators, in Arabic.
import assert from 'node:assert/strict';
import { MAIL_URL, simMessages, testPhone, useLocalEnv } from '../_shared/notify/testing.ts';
import { itest, q } from '../_shared/testing.ts';
import { until, useProvider } from './testing.ts';

useLocalEnv();

itest('a dunning reminder for an Arabic tenant reaches the inbox, the SMS and the WhatsApp simulators in Arabic', async () => {
  const [before] = await q<{ email: string; sms: string; whatsapp: string; qs: string | null; qe: string | null }>(
    `select max(provider) filter (where channel = 'email') as email, max(provider) filter (where channel = 'sms') as sms,
            max(provider) filter (where channel = 'whatsapp') as whatsapp, max(quiet_start::text) as qs, max(quiet_end::text) as qe
     from public.notification_channels`);
  try {
    await useProvider('email', 'smtp');
    await useProvider('sms', 'unifonic');
    await useProvider('whatsapp', 'whatsapp_cloud');
    // whatever the hour of the run: no quiet hours
    await q(`update public.notification_channels set quiet_start = null, quiet_end = null`);
    const slug = `ar-${crypto.randomUUID().slice(0, 8)}`;
    const email = `owner-${slug}@tenant.test`, phone = testPhone();
    const [{ t }] = await q<{ t: string }>(`select tests.create_tenant($1, 'active') as t`, [slug]);
    await q(`update public.tenants set default_locale = 'ar', name = jsonb_build_object('en', 'Clean Bay', 'ar', 'مغسلة الخليج'),
               contact = jsonb_build_object('name', 'سارة', 'email', $2::text, 'phone', $3::text) where id = $1`, [t, email, phone]);
    await q(`update public.billing_profiles set billing_email = $2 where tenant_id = $1`, [t, email]);
    const [{ n }] = await q<{ n: number }>(
      `select private.notify('dunning.reminder', $1, 'e2e:' || $2, jsonb_build_object('invoice_number', 'INV-2026-' || $2,
         'amount_due', '120.000', 'currency', 'OMR', 'due_date', '2026-12-01', 'day', '3')) as n`, [t, slug]);
    assert.ok(n >= 1, 'rows written');
    const rows = await q<{ id: string; channel: string; status: string; status_reason: string | null }>(
      `select id, channel, status, status_reason from public.notification_outbox where tenant_id = $1 and event = 'dunning.reminder'`, [t]);
    const byChannel = Object.fromEntries(rows.map((r) => [r.channel, r]));
    assert.ok(byChannel.email, `an e-mail row (${JSON.stringify(rows)})`);
    const mailRow = await until(byChannel.email.id, ['sent']);
    assert.equal(mailRow.address, email);
    const [listed] = (await (await fetch(`${MAIL_URL}/api/v1/messages?to=${encodeURIComponent(email)}`)).json()).messages;
    assert.ok(listed, 'the reminder is in the inbox');
    const mail = await (await fetch(`${MAIL_URL}/api/v1/messages/${listed.id}`)).json();
    assert.match(mail.subject, /^تذكير: الفاتورة INV-2026-/);
    assert.match(mail.html, /dir="rtl"/);
    for (const [channel, sim] of [['sms', 'unifonic'], ['whatsapp', 'whatsapp']] as const) {
      assert.ok(byChannel[channel], `a ${channel} row (${JSON.stringify(rows)})`);
      const r = await until(byChannel[channel].id, ['delivered']);
      const [rec] = await simMessages({ provider: sim, to: phone });
      assert.equal(rec.id, r.provider_message_id);
      assert.equal(sim === 'whatsapp' ? rec.template.language.code : 'ar', 'ar');
      if (sim === 'unifonic') assert.match(rec.text, /[\u0600-\u06FF]/, 'Arabic SMS text');
    }
  } finally {
    await useProvider('email', before.email as 'smtp');
    await useProvider('sms', before.sms as 'unifonic');
    await useProvider('whatsapp', before.whatsapp as 'whatsapp_cloud');
    await q(`update public.notification_channels set quiet_start = $1::time, quiet_end = $2::time where channel in ('sms', 'whatsapp')`, [before.qs, before.qe]);
  }
});
