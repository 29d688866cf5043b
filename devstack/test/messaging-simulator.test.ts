// The simulated messaging providers (devstack/src/gateway/simulator/messaging) on their own HTTP
// server: the real APIs' paths and answers, the test credentials, the controls, the recorded
// messages, and the receipts posted back — signed as the real providers sign them, checked here
// with node:crypto (independently of the Deno verifiers in supabase/functions/_shared/notify).
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessagingSimulator } from '../src/gateway/simulator/messaging/index.ts';

const SECRETS = {
  TWILIO_ACCOUNT_SID: 'ACtest0001', TWILIO_AUTH_TOKEN: 'twilio-token',
  UNIFONIC_APP_SID: 'uni-app', UNIFONIC_WEBHOOK_TOKEN: 'uni-hook',
  WHATSAPP_ACCESS_TOKEN: 'EAAtest', WHATSAPP_PHONE_NUMBER_ID: '1234567', WHATSAPP_APP_SECRET: 'wa-secret',
  RESEND_API_KEY: 're_test', RESEND_WEBHOOK_SECRET: `whsec_${Buffer.from('resend-secret').toString('base64')}`,
};

interface Received { path: string; search: string; headers: IncomingMessage['headers']; body: string }
let server: Server;
let base = '';
let sim: MessagingSimulator;
let received: Received[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgsim-'));
  fs.writeFileSync(path.join(dir, '.env.local'), Object.entries(SECRETS).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  sim = new MessagingSimulator({ functionsDir: dir });
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname.startsWith('/simulator/')) return sim.handle(req, res, url.pathname.slice('/simulator'.length), url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ path: url.pathname, search: url.search, headers: req.headers, body: Buffer.concat(chunks).toString() });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.setBaseUrl(base);
});
afterAll(async () => { await sim.settle(); await new Promise((r) => server.close(r)); });
beforeEach(async () => { await post('/simulator/messaging/_reset', '{}'); received = []; });

async function post(p: string, body: string, headers: Record<string, string> = {}) {
  const r = await fetch(base + p, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const twilioSend = (to: string, auth = basic(SECRETS.TWILIO_ACCOUNT_SID, SECRETS.TWILIO_AUTH_TOKEN)) =>
  post(`/simulator/twilio/2010-04-01/Accounts/${SECRETS.TWILIO_ACCOUNT_SID}/Messages.json`,
    new URLSearchParams({ To: to, From: '+15005550006', Body: 'مرحبا', StatusCallback: `${base}/cb/twilio?x=1` }).toString(),
    { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth });
const waSend = (to: string, token = SECRETS.WHATSAPP_ACCESS_TOKEN) => post(`/simulator/whatsapp/v21.0/${SECRETS.WHATSAPP_PHONE_NUMBER_ID}/messages`,
  JSON.stringify({ messaging_product: 'whatsapp', to, type: 'template', template: { name: 'reminder', language: { code: 'ar' }, components: [] } }),
  { Authorization: `Bearer ${token}` });
async function receipts(n = 1) {
  await sim.settle();
  expect(received).toHaveLength(n);
  return received;
}

describe('Twilio', () => {
  it('accepts a send with the test credentials, records it, and posts a signed status callback to StatusCallback', async () => {
    const r = await twilioSend('+966500000001');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued', to: '+966500000001', account_sid: SECRETS.TWILIO_ACCOUNT_SID });
    const [cb] = await receipts();
    expect(cb.path + cb.search).toBe('/cb/twilio?x=1');
    const params = new URLSearchParams(cb.body);
    expect(params.get('MessageSid')).toBe(r.body.sid);
    expect(params.get('MessageStatus')).toBe('delivered');
    let data = `${base}/cb/twilio?x=1`;
    for (const k of [...params.keys()].sort()) data += k + params.get(k);
    expect(cb.headers['x-twilio-signature']).toBe(createHmac('sha1', SECRETS.TWILIO_AUTH_TOKEN).update(data).digest('base64'));
    const list = await (await fetch(`${base}/simulator/messaging/messages?provider=twilio`)).json();
    expect(list.messages.map((m: any) => [m.id, m.status])).toEqual([[r.body.sid, 'delivered']]);
  });

  it('refuses wrong credentials with 20003 and an invalid To with 21211, recording nothing', async () => {
    expect(await twilioSend('+966500000001', basic(SECRETS.TWILIO_ACCOUNT_SID, 'wrong'))).toMatchObject({ status: 401, body: { code: 20003 } });
    expect(await twilioSend('0500')).toMatchObject({ status: 400, body: { code: 21211 } });
    const list = await (await fetch(`${base}/simulator/messaging/messages`)).json();
    expect(list.total).toBe(0);
  });

  it('answers as told per recipient: 500, 429, invalid number; a failed receipt says undelivered', async () => {
    await post('/simulator/messaging/_control', JSON.stringify({ provider: 'twilio', to: '966500000002', outcome: 'server_error' }));
    await post('/simulator/messaging/_control', JSON.stringify({ to: '+966500000003', outcome: 'rate_limit' }));
    await post('/simulator/messaging/_control', JSON.stringify({ to: '+966500000004', outcome: 'invalid_number' }));
    await post('/simulator/messaging/_control', JSON.stringify({ to: '+966500000005', receipt: 'failed' }));
    expect(await twilioSend('+966500000002')).toMatchObject({ status: 500, body: { code: 20500 } });
    expect(await twilioSend('+966500000003')).toMatchObject({ status: 429, body: { code: 20429 } });
    expect(await twilioSend('+966500000004')).toMatchObject({ status: 400, body: { code: 21211 } });
    expect((await twilioSend('+966500000005')).status).toBe(201);
    const [cb] = await receipts();
    expect(new URLSearchParams(cb.body).get('MessageStatus')).toBe('undelivered');
  });

  it('holds the answer for a timeout until the caller gives up', async () => {
    await post('/simulator/messaging/_control', JSON.stringify({ to: '+966500000006', outcome: 'timeout', delay_ms: 10_000 }));
    // The caller's own timeout ends the call (a TimeoutError, not an answer): the simulator held it.
    await expect(fetch(`${base}/simulator/twilio/2010-04-01/Accounts/${SECRETS.TWILIO_ACCOUNT_SID}/Messages.json`, {
      method: 'POST', headers: { Authorization: basic(SECRETS.TWILIO_ACCOUNT_SID, SECRETS.TWILIO_AUTH_TOKEN), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'To=%2B966500000006&From=x&Body=y', signal: AbortSignal.timeout(300),
    })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('WhatsApp Cloud', () => {
  it('accepts a template send and posts a statuses webhook signed with the app secret', async () => {
    const r = await waSend('966500000010');
    expect(r).toMatchObject({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ wa_id: '966500000010' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] } });
    const [hook] = await receipts();
    expect(hook.path).toBe('/functions/v1/notify-receipts/whatsapp_cloud');
    expect(hook.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', SECRETS.WHATSAPP_APP_SECRET).update(hook.body).digest('hex')}`);
    expect(JSON.parse(hook.body).entry[0].changes[0].value.statuses[0]).toMatchObject({ id: r.body.messages[0].id, status: 'delivered' });
  });

  it('refuses a wrong token with Graph error 190 and an invalid number (as told) with 131030', async () => {
    expect(await waSend('966500000010', 'EAAwrong')).toMatchObject({ status: 401, body: { error: { code: 190, type: 'OAuthException' } } });
    await post('/simulator/messaging/_control', JSON.stringify({ provider: 'whatsapp', to: '966500000011', outcome: 'invalid_number' }));
    expect(await waSend('966500000011')).toMatchObject({ status: 400, body: { error: { code: 131030 } } });
  });
});

describe('Unifonic and Resend', () => {
  it('Unifonic: AppSid required; the delivery report goes to the webhook with the shared token', async () => {
    const form = (sid: string) => new URLSearchParams({ AppSid: sid, SenderID: 'CMX', Recipient: '966500000020', Body: 'hi', responseType: 'JSON' }).toString();
    const ct = { 'Content-Type': 'application/x-www-form-urlencoded' };
    expect(await post('/simulator/unifonic/rest/SMS/messages', form('wrong'), ct)).toMatchObject({ status: 401, body: { success: false } });
    const r = await post('/simulator/unifonic/rest/SMS/messages', form(SECRETS.UNIFONIC_APP_SID), ct);
    expect(r).toMatchObject({ status: 200, body: { success: true, errorCode: 'ER-00', data: { MessageID: expect.any(Number) } } });
    const [hook] = await receipts();
    expect(hook.path + hook.search).toBe(`/functions/v1/notify-receipts/unifonic?token=${SECRETS.UNIFONIC_WEBHOOK_TOKEN}`);
    expect(JSON.parse(hook.body)).toMatchObject({ messageId: String(r.body.data.MessageID), status: 'Delivered' });
  });

  it('Resend: bad key 403, idempotent replays, bounce webhooks signed the Svix way', async () => {
    const email = JSON.stringify({ from: 'CMX <no-reply@cmx.test>', to: ['a@tenant.test'], subject: 'تذكير', html: '<p>x</p>' });
    expect(await post('/simulator/resend/emails', email, { Authorization: 'Bearer re_wrong' })).toMatchObject({ status: 403, body: { name: 'invalid_api_key' } });
    await post('/simulator/messaging/_control', JSON.stringify({ provider: 'resend', receipt: 'bounced' }));
    const a = await post('/simulator/resend/emails', email, { Authorization: `Bearer ${SECRETS.RESEND_API_KEY}`, 'Idempotency-Key': 'k1' });
    const b = await post('/simulator/resend/emails', email, { Authorization: `Bearer ${SECRETS.RESEND_API_KEY}`, 'Idempotency-Key': 'k1' });
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    const [hook] = await receipts();
    const key = Buffer.from(SECRETS.RESEND_WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
    const sig = createHmac('sha256', key).update(`${hook.headers['svix-id']}.${hook.headers['svix-timestamp']}.${hook.body}`).digest('base64');
    expect(hook.headers['svix-signature']).toBe(`v1,${sig}`);
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'email.bounced', data: { email_id: a.body.id } });
  });

  it('lists messages as JSON and HTML, and refuses unknown controls', async () => {
    await waSend('966500000030');
    const page = await (await fetch(`${base}/simulator/messaging`)).text();
    expect(page).toContain('966500000030');
    expect(await post('/simulator/messaging/_control', JSON.stringify({ outcome: 'explode' }))).toMatchObject({ status: 400 });
  });
});
