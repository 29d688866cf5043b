// Mailgun's signature and form, without a network: a good signature passes with any of the rotated
// keys; a wrong key, a stale or future timestamp and missing fields are refused; the form becomes
// the mail object the database reads.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BadSignature, MalformedMail, normalize, parseAddress, senderVerdict, TOLERANCE_SECONDS, verifySignature } from './mailgun.ts';

const NOW = 1_800_000_000;
function signed(key: string, timestamp = NOW, token = 'a'.repeat(50)): FormData {
  const f = new FormData();
  f.set('timestamp', String(timestamp));
  f.set('token', token);
  f.set('signature', createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex'));
  return f;
}
const reason = async (p: Promise<void>) => {
  try { await p; return 'ok'; } catch (e) { return e instanceof BadSignature ? e.reason : String(e); }
};

Deno.test('mailgun signature: right key (also the second while rotating), wrong key, stale, future, missing', async () => {
  assert.equal(await reason(verifySignature(signed('k1'), ['k1'], NOW)), 'ok');
  assert.equal(await reason(verifySignature(signed('k2'), ['k1', 'k2'], NOW)), 'ok');
  assert.equal(await reason(verifySignature(signed('other'), ['k1'], NOW)), 'mismatch');
  assert.equal(await reason(verifySignature(signed('k1', NOW - TOLERANCE_SECONDS - 1), ['k1'], NOW)), 'stale');
  assert.equal(await reason(verifySignature(signed('k1', NOW + TOLERANCE_SECONDS + 1), ['k1'], NOW)), 'stale');
  const tampered = signed('k1');
  tampered.set('token', 'b'.repeat(50));
  assert.equal(await reason(verifySignature(tampered, ['k1'], NOW)), 'mismatch');
  const missing = signed('k1');
  missing.delete('signature');
  assert.equal(await reason(verifySignature(missing, ['k1'], NOW)), 'missing');
});

Deno.test('mailgun form → mail: headers, threading ids, auto-reply markers, stripped text, recipients', () => {
  const f = new FormData();
  f.set('from', '"Sara Al-Balushi" <sara@al-noor.test>');
  f.set('recipient', 'support@cleanmatex.local, help@cleanmatex.local');
  f.set('subject', 'Re: [#42] Printer');
  f.set('body-plain', 'Still blank.\n\n> quoted');
  f.set('stripped-text', 'Still blank.');
  f.set('message-headers', JSON.stringify([
    ['Message-Id', '<m1@mail.test>'], ['In-Reply-To', '<abc@notify.cleanmatex>'],
    ['References', '<r1@x> <r2@y>\r\n <abc@notify.cleanmatex>'], ['Auto-Submitted', 'auto-replied'], ['X-Autoreply', 'yes'],
  ]));
  assert.deepEqual(normalize(f), {
    message_id: '<m1@mail.test>', in_reply_to: '<abc@notify.cleanmatex>', references: ['<r1@x>', '<r2@y>', '<abc@notify.cleanmatex>'],
    from: 'sara@al-noor.test', from_name: 'Sara Al-Balushi', to: ['support@cleanmatex.local', 'help@cleanmatex.local'],
    subject: 'Re: [#42] Printer', text: 'Still blank.\n\n> quoted', stripped_text: 'Still blank.',
    auto_submitted: 'auto-replied', precedence: null, auto_reply: true, sender_verified: null,
  });
  assert.deepEqual(parseAddress('plain@x.test'), { name: null, address: 'plain@x.test' });
  const noId = new FormData();
  noId.set('from', 'a@b.test');
  noId.set('message-headers', '[]');
  assert.throws(() => normalize(noId), MalformedMail);
  const badHeaders = new FormData();
  badHeaders.set('message-headers', '{not json');
  assert.throws(() => normalize(badHeaders), MalformedMail);
});

Deno.test("mailgun's SPF/DKIM verdicts: DKIM pass vouches, SPF fail or softfail without it does not, no headers: no verdict", () => {
  const h = (spf?: string, dkim?: string) => new Map([...(spf ? [['x-mailgun-spf', spf]] : []), ...(dkim ? [['x-mailgun-dkim-check-result', dkim]] : [])] as [string, string][]);
  assert.equal(senderVerdict(h('Fail', 'Pass')), true);
  assert.equal(senderVerdict(h('Fail', 'Fail')), false);
  assert.equal(senderVerdict(h('SoftFail')), false);
  assert.equal(senderVerdict(h('Pass', 'Fail')), true);
  assert.equal(senderVerdict(h('Neutral')), true);
  assert.equal(senderVerdict(h()), null);
});
