// The returned-mail parser (RFC 3464 delivery status, RFC 5965 feedback report) and its token check.
import assert from 'node:assert/strict';
import { parseReturnedMail, smtpReturnedMail } from './dsn.ts';
import { BadReceipt, BadSignature } from './receipt.ts';
import { arf, dsn, withEnv } from './testing.ts';

Deno.test('dsn: a 5.x.x failure is a permanent bounce of the original Message-ID, with the diagnostic', () => {
  const r = parseReturnedMail(dsn('<abc@notify.cleanmatex>'));
  assert.equal(r?.providerMessageId, '<abc@notify.cleanmatex>');
  assert.equal(r?.status, 'bounced');
  assert.equal(r?.detail.permanent, true);
  assert.equal(r?.detail.recipient, 'Owner@Tenant.test');
  assert.match(String(r?.detail.error), /^smtp 5\.1\.1: 550 5\.1\.1 .*User unknown/);
});

Deno.test('dsn: a 4.x.x failure is a soft bounce; delayed is no outcome; delivered is delivered', () => {
  assert.equal(parseReturnedMail(dsn('<a@x>', { status: '4.2.2', diagnostic: '452 mailbox full' }))?.detail.permanent, false);
  assert.equal(parseReturnedMail(dsn('<a@x>', { action: 'delayed', status: '4.4.1' })), null);
  assert.equal(parseReturnedMail(dsn('<a@x>', { action: 'delivered', status: '2.0.0' }))?.status, 'delivered');
});

Deno.test('dsn: a report wrapped in multipart/mixed is found; an abuse report is a complaint', () => {
  assert.equal(parseReturnedMail(dsn('<w@x>', { wrap: true }))?.providerMessageId, '<w@x>');
  const c = parseReturnedMail(arf('<c@notify.cleanmatex>'));
  assert.equal(c?.status, 'complained');
  assert.equal(c?.providerMessageId, '<c@notify.cleanmatex>');
  assert.equal(c?.detail.feedback_type, 'abuse');
});

Deno.test('dsn: an ordinary mail, or a report without the original Message-ID, is a BadReceipt', () => {
  assert.throws(() => parseReturnedMail('From: a@b\r\nSubject: hi\r\n\r\nhello'), BadReceipt);
  assert.throws(() => parseReturnedMail(dsn('<x@y>').replace(/Message-ID: <x@y>\r\n/, '')), BadReceipt);
});

Deno.test('dsn: the bounce inbox token is required and compared', async () => {
  await withEnv({ NOTIFY_SMTP_BOUNCE_TOKEN: 'right-token' }, async () => {
    assert.throws(() => smtpReturnedMail(dsn('<a@x>'), new URLSearchParams()), BadSignature);
    assert.throws(() => smtpReturnedMail(dsn('<a@x>'), new URLSearchParams('token=wrong')), BadSignature);
    assert.equal(smtpReturnedMail(dsn('<a@x>'), new URLSearchParams('token=right-token'))?.status, 'bounced');
  });
});
