// The suppression list's CSV: the table's columns in the console's language (en and ar), the
// address and the provider's words as they are, a detail that looks like a formula neutralised.
import { afterAll, describe, expect, test } from 'vitest';
import '../../providers/i18n';
import i18n from 'i18next';
import { csvDocument } from '../../lib/csv';
import type { NotificationSuppressionRow } from '../../types/rows';
import { suppressionCsvColumns } from './SuppressionsTable';

const rows: NotificationSuppressionRow[] = [
  { channel: 'email', address: 'sara@al-noor.test', reason: 'bounced', detail: '550 5.1.1 user unknown', provider: 'ses',
    created_at: '2026-12-06T10:00:00+00:00', outbox_id: null },
  { channel: 'sms', address: '+96891234567', reason: 'complained', detail: '=HYPERLINK("x")', provider: null,
    created_at: '2026-12-06T11:00:00+00:00', outbox_id: null },
];
const lines = () => csvDocument(suppressionCsvColumns(i18n.t), rows).replace(/^\uFEFF/, '').split('\r\n');

describe('suppression list CSV', () => {
  afterAll(() => i18n.changeLanguage('en'));

  test('in English: the table\'s columns, translated labels, values as they are', async () => {
    await i18n.changeLanguage('en');
    expect(lines()).toEqual([
      'Written,Channel,To,Why,What the provider said,Provider',
      '2026-12-06T10:00:00+00:00,E-mail,sara@al-noor.test,Bounced,550 5.1.1 user unknown,ses',
      `2026-12-06T11:00:00+00:00,SMS,+96891234567,Reported as spam,"'=HYPERLINK(""x"")",`,
      '',
    ]);
  });

  test('in Arabic: headers and labels in Arabic, the same values', async () => {
    await i18n.changeLanguage('ar');
    const [header, first] = lines();
    expect(header.split(',')).toEqual(['notifications.fields.created_at', 'notifications.fields.channel', 'notifications.fields.address',
      'notifications.suppressions.reason', 'notifications.suppressions.detail', 'notifications.fields.provider'].map((k) => i18n.t(k)));
    expect(header).toMatch(/[\u0600-\u06FF]/);
    expect(first).toContain(`sara@al-noor.test,${i18n.t('notifications.suppressions.reasons.bounced')}`);
  });
});
