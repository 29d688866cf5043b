import { describe, expect, test } from 'vitest';
import ar from '../../i18n/ar/notifications.json';
import en from '../../i18n/en/notifications.json';
import dayjs from 'dayjs';
import { canAccess } from '../../providers/access';
import { outboxFilters } from './OutboxTable';
import { RETRYABLE, draftJson, saveArgs } from './model';

describe('notifications console', () => {
  test('save sends only what the channel uses', () => {
    const d = { subject: 'S', body_text: 'T {{title}}', body_html: '<p>{{title}}</p>', whatsapp_template: 'promo', whatsapp_parameters: ['title'] };
    expect(saveArgs('platform.announcement', 'sms', 'ar', d)).toEqual({
      p_event: 'platform.announcement', p_channel: 'sms', p_locale: 'ar', p_subject: null, p_body_text: 'T {{title}}',
      p_body_html: null, p_whatsapp_template: null, p_whatsapp_parameters: null,
    });
    expect(saveArgs('platform.announcement', 'email', 'en', d)).toMatchObject({ p_subject: 'S', p_body_html: '<p>{{title}}</p>', p_whatsapp_template: null });
    expect(saveArgs('platform.announcement', 'whatsapp', 'en', d)).toMatchObject({ p_subject: null, p_whatsapp_template: 'promo', p_whatsapp_parameters: ['title'] });
  });

  test('the preview draft has every field, empty lists as null', () => {
    expect(draftJson({ body_text: 'x', whatsapp_parameters: [] }))
      .toEqual({ subject: null, body_text: 'x', body_html: null, whatsapp_template: null, whatsapp_parameters: null });
  });

  test('outbox filters: the tenant log always holds its tenant; dates cover whole days', () => {
    const range: [dayjs.Dayjs, dayjs.Dayjs] = [dayjs('2026-12-01T15:00:00'), dayjs('2026-12-02T09:00:00')];
    const f = outboxFilters({ status: 'failed', channel: 'sms', event: 'dunning.reminder', tenant_id: 'other', range }, 't1');
    expect(f).toEqual([
      { field: 'tenant_id', operator: 'eq', value: 't1' },
      { field: 'status', operator: 'eq', value: 'failed' },
      { field: 'channel', operator: 'eq', value: 'sms' },
      { field: 'event', operator: 'eq', value: 'dunning.reminder' },
      { field: 'created_at', operator: 'gte', value: dayjs('2026-12-01T00:00:00').toISOString() },
      { field: 'created_at', operator: 'lte', value: dayjs('2026-12-02T23:59:59.999').toISOString() },
    ]);
    expect(outboxFilters({ tenant_id: 'x' })).toEqual([{ field: 'tenant_id', operator: 'eq', value: 'x' }]);
  });

  test('retry is offered for the statuses retry_notification accepts, to settings.write only', () => {
    expect(RETRYABLE).toEqual(['failed', 'bounced', 'dead']);
    expect(canAccess(['settings.read'], 'notification_outbox', 'list')).toBe(true);
    expect(canAccess(['settings.read'], 'notification_outbox', 'retry')).toBe(false);
    expect(canAccess(['settings.read'], 'notification_templates', 'edit')).toBe(false);
    expect(canAccess(['settings.read', 'settings.write'], 'notification_templates', 'edit')).toBe(true);
  });

  test('lifting a suppression is settings.write; every suppression reason reads in both languages', () => {
    expect(canAccess(['settings.read'], 'notification_outbox', 'lift_suppression')).toBe(false);
    expect(canAccess(['settings.read', 'settings.write'], 'notification_outbox', 'lift_suppression')).toBe(true);
    for (const dict of [en, ar] as any[]) {
      for (const r of ['bounced', 'complained']) {
        expect(dict.suppressions.reasons[r]).toBeTruthy();
        expect(dict.reasons[`address_${r}`]).toBeTruthy();
      }
    }
  });
});
