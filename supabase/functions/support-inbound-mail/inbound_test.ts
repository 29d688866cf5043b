// support-inbound-mail over real HTTP (the devstack gateway, its mail catcher and the test
// database): Mailgun-signed mail becomes a ticket, then a reply; a bad or missing signature is 401
// and stores nothing; the same Message-ID twice counts once; auto-replies are ignored; a developer's
// mail posted to the mail catcher (POST /api/v1/inbound) arrives signed the same way.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { itest, q, SECRETS, SUPABASE_URL } from '../_shared/testing.ts';

const FN = `${SUPABASE_URL}/functions/v1/support-inbound-mail`;
const MAIL_URL = Deno.env.get('DEVSTACK_MAIL_URL') ?? 'http://127.0.0.1:54324';
const KEY = SECRETS.MAILGUN_WEBHOOK_SIGNING_KEY;

interface Mail { from: string; subject: string; text: string; messageId: string; headers?: [string, string][] }

function form(m: Mail, key = KEY, timestamp = Math.floor(Date.now() / 1000)): URLSearchParams {
  const token = crypto.randomUUID().replaceAll('-', '').padEnd(50, '0');
  return new URLSearchParams({
    timestamp: String(timestamp), token, signature: createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex'),
    from: m.from, sender: m.from, recipient: 'support@cleanmatex.local', subject: m.subject, 'body-plain': m.text,
    'message-headers': JSON.stringify([['Message-Id', m.messageId], ...(m.headers ?? [])]),
  });
}
async function post(body: URLSearchParams | string, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(FN, { method: 'POST', body, headers: { 'Content-Type': contentType } });
  return { status: res.status, json: await res.json() };
}
async function tenantWithContact(): Promise<{ tenant: string; email: string }> {
  const email = `contact-${crypto.randomUUID().slice(0, 8)}@inbound.test`;
  const [{ id }] = await q<{ id: string }>(`select tests.create_tenant($1) as id`, [`inbound-${crypto.randomUUID().slice(0, 8)}`]);
  await q(`update public.tenants set contact = jsonb_build_object('name', 'Sara', 'email', $2::text) where id = $1`, [id, email]);
  return { tenant: id, email };
}
// stored as the database keeps it: the Message-ID without its angle brackets
const stored = (messageId: string) => q<{ outcome: string; ticket_id: number | null }>(
  `select outcome, ticket_id from public.support_inbound_mails where message_id = $1`, [messageId.replace(/^<|>$/g, '')]);
const mid = () => `<${crypto.randomUUID()}@customer.test>`;

itest('support-inbound-mail: a signed mail opens a ticket, a reply with [#id] joins it, a retry changes nothing', async () => {
  const { tenant, email } = await tenantWithContact();
  const first = { from: `Sara <${email}>`, subject: 'Printer prints blank receipts', text: 'Since this morning.', messageId: mid() };
  const opened = await post(form(first));
  assert.equal(opened.status, 200, JSON.stringify(opened.json));
  assert.deepEqual([opened.json.outcome, opened.json.reason, opened.json.duplicate], ['ticket', 'sender_tenant', false]);
  const [ticket] = await q<{ tenant_id: string; requester_email: string }>(`select tenant_id, requester_email from public.support_tickets where id = $1`, [opened.json.ticket_id]);
  assert.deepEqual(ticket, { tenant_id: tenant, requester_email: email });

  const retry = await post(form(first));
  assert.deepEqual([retry.status, retry.json.duplicate, retry.json.ticket_id], [200, true, opened.json.ticket_id]);

  const reply = await post(form({ from: email, subject: `Re: [#${opened.json.ticket_id}] Printer`, text: 'A photo follows.', messageId: mid() }));
  assert.deepEqual([reply.json.outcome, reply.json.ticket_id], ['reply', opened.json.ticket_id]);
  const bodies = await q<{ body: string }>(`select body from public.support_messages where ticket_id = $1 order by id`, [opened.json.ticket_id]);
  assert.deepEqual(bodies.map((b) => b.body), ['Since this morning.', 'A photo follows.']);
});

itest('support-inbound-mail: wrong key, stale and missing signatures are 401 and store nothing; not a form is 406', async () => {
  const { email } = await tenantWithContact();
  const m = { from: email, subject: 'Forged', text: 'x', messageId: mid() };
  const wrong = await post(form(m, 'not-the-signing-key'));
  assert.deepEqual([wrong.status, wrong.json.code], [401, 'invalid_signature']);
  const stale = await post(form(m, KEY, Math.floor(Date.now() / 1000) - 3600));
  assert.deepEqual([stale.status, stale.json.code], [401, 'invalid_signature']);
  const unsigned = form(m);
  unsigned.delete('signature');
  const missing = await post(unsigned);
  assert.deepEqual([missing.status, missing.json.code], [401, 'missing_signature']);
  assert.deepEqual(await stored(m.messageId), []);
  const json = await post(JSON.stringify({ from: email }), 'application/json');
  assert.deepEqual([json.status, json.json.code], [406, 'malformed_payload']);
  const get = await fetch(FN);
  assert.equal(get.status, 405);
  await get.body?.cancel();
});

itest('support-inbound-mail: an auto-reply is stored as ignored and opens nothing', async () => {
  const { tenant, email } = await tenantWithContact();
  const away = await post(form({ from: email, subject: 'Out of office', text: 'Back Sunday', messageId: mid(), headers: [['Auto-Submitted', 'auto-replied']] }));
  assert.deepEqual([away.status, away.json.outcome, away.json.reason], [200, 'ignored', 'auto_submitted']);
  assert.deepEqual(await q(`select id from public.support_tickets where tenant_id = $1`, [tenant]), []);
});

itest('devstack mail catcher: POST /api/v1/inbound reaches the function signed, and the mail becomes a ticket', async () => {
  const { tenant, email } = await tenantWithContact();
  const messageId = mid();
  const res = await fetch(`${MAIL_URL}/api/v1/inbound`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: `Sara <${email}>`, subject: 'Sent from the inbox', text: 'Hello support', message_id: messageId }) });
  const delivery = await res.json();
  assert.equal(res.status, 200, JSON.stringify(delivery));
  assert.deepEqual([delivery.status, delivery.response.outcome], [200, 'ticket'], JSON.stringify(delivery));
  const [row] = await stored(messageId);
  const [ticket] = await q<{ tenant_id: string; subject: string }>(`select tenant_id, subject from public.support_tickets where id = $1`, [row.ticket_id]);
  assert.deepEqual(ticket, { tenant_id: tenant, subject: 'Sent from the inbox' });
});
