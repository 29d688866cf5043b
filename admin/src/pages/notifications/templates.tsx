// Template editor (issue 17 §7): one event × channel × language at a time, the current version
// loaded into the form, and a live preview rendered by the database (preview_notification_template
// with the unsaved draft and the event's sample values): subject, text, the e-mail as it will look,
// WhatsApp's template parameters, and for SMS the encoding, characters and segments. The preview
// also answers what the save would refuse (a variable the event does not declare, broken markup),
// shown with the error catalogue's title before anyone presses Save. Readers without settings.write
// see the same screen read-only.
import { List } from '@refinedev/antd';
import { useCan, useList } from '@refinedev/core';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { detailKey } from '../../lib/errors';
import { formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import type { NotificationEventRow, NotificationTemplateRow } from '../../types/rows';
import { LOCALES, draftJson, saveArgs, type Channel, type Locale, type TemplateDraft, type TemplatePreview } from './model';

/** The value after it has stopped changing for `ms` (the preview follows typing without a call per key). */
function useSettled<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [JSON.stringify(value), ms]); // eslint-disable-line react-hooks/exhaustive-deps
  return settled;
}

function PreviewPanel({ event, channel, locale, draft }: { event: string; channel: Channel; locale: Locale; draft: TemplateDraft }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const settled = useSettled(draftJson(draft));
  const { data, error, isFetching } = useRpcQuery<TemplatePreview>('preview_notification_template',
    { p_event: event, p_channel: channel, p_locale: locale, p_draft: settled },
    { placeholderData: keepPreviousData, enabled: !!settled.body_text });
  if (!settled.body_text) return <Empty description={t('notifications.templates.empty_body')} />;
  if (error) return <Alert type="error" showIcon message={t('notifications.templates.preview_failed')} />;
  if (!data) return null;
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="template-preview" data-busy={String(isFetching)}>
      {data.error && (
        <Alert type="warning" showIcon data-testid="template-preview-error" data-code={data.error.code}
          message={t(detailKey(data.error.code), { defaultValue: data.error.code })} description={<span dir="ltr">{data.error.message}</span>} />
      )}
      {channel === 'sms' && data.sms && (
        <Space wrap data-testid="template-sms">
          <Tag color={data.sms.encoding === 'gsm7' ? 'green' : 'orange'} data-testid="sms-encoding">
            {t('notifications.templates.encoding')}: {t(`notifications.templates.encodings.${data.sms.encoding}`)}</Tag>
          <Tag data-testid="sms-characters">{t('notifications.templates.characters')}: {formatNumber(data.sms.characters, lang)}</Tag>
          <Tag color={data.sms.segments > 1 ? 'gold' : 'default'} data-testid="sms-segments" data-value={data.sms.segments}>
            {t('notifications.templates.segments')}: {formatNumber(data.sms.segments, lang)}</Tag>
        </Space>
      )}
      {channel === 'email' && (
        <>
          <Typography.Text strong dir={dir} data-testid="preview-subject">{data.subject}</Typography.Text>
          {data.html && (
            // The e-mail as it will look, in a sandbox: no script, no navigation, no same-origin access.
            <iframe title={t('notifications.templates.preview')} sandbox="" srcDoc={data.html} data-testid="preview-html"
              style={{ width: '100%', height: 360, border: '1px solid rgba(0,0,0,0.15)', borderRadius: 6, background: '#fff' }} />
          )}
        </>
      )}
      {channel === 'whatsapp' && data.whatsapp && (
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('notifications.fields.whatsapp_template')}><Typography.Text code dir="ltr">{data.whatsapp.template}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('notifications.fields.whatsapp_parameters')}>
            <Space wrap>{data.whatsapp.parameters.map((p, i) => <Tag key={i} dir={dir}>{`{{${i + 1}}} ${p}`}</Tag>)}</Space>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Card size="small" title={t('notifications.templates.text_part')}>
        <Typography.Paragraph dir={dir} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="preview-text">{data.text}</Typography.Paragraph>
      </Card>
    </Space>
  );
}

export function NotificationTemplates() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'notification_templates', action: 'edit' });
  const readOnly = !canWrite?.can;
  const events = useList<NotificationEventRow>({ resource: 'notification_events', pagination: { mode: 'off' }, sorters: [{ field: 'event', order: 'asc' }] });
  // The selection lives in the URL (?event=&channel=&locale=): a template can be linked to and reloaded.
  const [params, setParams] = useSearchParams();
  const choose = (key: 'event' | 'channel' | 'locale', value: string) =>
    setParams((p) => { const next = new URLSearchParams(p); next.set(key, value); return next; }, { replace: true });
  const event = (events.result?.data ?? []).find((e) => e.event === params.get('event')) ?? events.result?.data?.[0];
  const channels = (event?.channels ?? []) as Channel[];
  const channelPick = params.get('channel') as Channel | null;
  const channel = channelPick && channels.includes(channelPick) ? channelPick : channels[0] ?? 'email';
  const locale: Locale = params.get('locale') === 'en' ? 'en' : 'ar';
  const current = useList<NotificationTemplateRow>({
    resource: 'notification_templates', pagination: { pageSize: 1, mode: 'server' }, sorters: [{ field: 'version', order: 'desc' }],
    filters: [{ field: 'event', operator: 'eq', value: event?.event ?? '' }, { field: 'channel', operator: 'eq', value: channel },
      { field: 'locale', operator: 'eq', value: locale }],
    queryOptions: { enabled: !!event },
  });
  // While another selection's template is still shown (the list keeps the previous answer while it
  // refetches), it is not this one: only a row of this event, channel and language counts.
  const fetched = current.result?.data?.[0];
  const template = fetched && fetched.event === event?.event && fetched.channel === channel && fetched.locale === locale ? fetched : undefined;
  const settledSelection = !current.query.isFetching;
  const [form] = Form.useForm<TemplateDraft>();
  const draft = (Form.useWatch([], form) ?? {}) as TemplateDraft;
  const save = useRpcMutation<{ version: number }>('save_notification_template', { successKey: 'notifications.templates.saved' });
  const key = template ? `${template.event}|${template.channel}|${template.locale}|${template.version}`
    : settledSelection ? `${event?.event}|${channel}|${locale}|none` : null;
  // A new event, channel, language or saved version: the form shows that template (once it is loaded).
  useEffect(() => {
    if (key === null) return;
    form.setFieldsValue({
      subject: template?.subject ?? null, body_text: template?.body_text ?? '', body_html: template?.body_html ?? null,
      whatsapp_template: template?.whatsapp_template ?? null, whatsapp_parameters: template?.whatsapp_parameters ?? [],
    });
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const variableOptions = useMemo(() => (event?.variables ?? []).map((v) => ({ value: v, label: v })), [event]);
  const dir = locale === 'ar' ? 'rtl' : 'ltr';

  return (
    <List title={t('notification_templates.titles.list')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Select style={{ minWidth: 260 }} value={event?.event} onChange={(v: string) => choose('event', v)} loading={events.query.isLoading}
            aria-label={t('notifications.fields.event')} data-testid="template-event" showSearch optionFilterProp="label"
            options={(events.result?.data ?? []).map((e) => ({ value: e.event, label: `${localName(e.description, lang)} (${e.event})` }))} />
          <Segmented value={channel} onChange={(v) => choose('channel', String(v))} data-testid="template-channel"
            options={channels.map((c) => ({ value: c, label: t(`notifications.channels.${c}`) }))} />
          <Segmented value={locale} onChange={(v) => choose('locale', String(v))} data-testid="template-locale"
            options={LOCALES.map((l) => ({ value: l, label: t(`common.languages.${l}`) }))} />
        </Space>
        {event && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('notifications.templates.variables')}{' '}
            {event.variables.map((v) => <Tag key={v} dir="ltr">{`{{${v}}}`}</Tag>)}
            <Tag color={event.category === 'transactional' ? 'blue' : 'default'}>{t(`notifications.categories.${event.category}`)}</Tag>
          </Typography.Paragraph>
        )}
        {readOnly && <Alert type="info" showIcon data-testid="template-read-only" message={t('notifications.templates.read_only')} />}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={<Space>{t('notifications.templates.editor')}
              <Tag data-testid="template-version" data-version={template?.version ?? 0}>
                {template ? t('notifications.templates.version', { version: formatNumber(template.version, lang) }) : t('notifications.templates.no_template')}
              </Tag></Space>}>
              <Form form={form} layout="vertical" disabled={readOnly}>
                {channel === 'email' && (
                  <Form.Item name="subject" label={t('notifications.fields.subject')}>
                    <Input dir={dir} maxLength={300} data-testid="template-subject" />
                  </Form.Item>
                )}
                <Form.Item name="body_text" label={t(channel === 'email' ? 'notifications.fields.body_text_email' : 'notifications.fields.body_text')}>
                  <Input.TextArea dir={dir} autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10000} data-testid="template-body" />
                </Form.Item>
                {channel === 'email' && (
                  <Form.Item name="body_html" label={t('notifications.fields.body_html')}>
                    <Input.TextArea dir="ltr" autoSize={{ minRows: 4, maxRows: 14 }} maxLength={50000} data-testid="template-html"
                      style={{ fontFamily: 'monospace', fontSize: 12 }} />
                  </Form.Item>
                )}
                {channel === 'whatsapp' && (
                  <>
                    <Form.Item name="whatsapp_template" label={t('notifications.fields.whatsapp_template')}>
                      <Input dir="ltr" maxLength={255} data-testid="template-whatsapp" />
                    </Form.Item>
                    <Form.Item name="whatsapp_parameters" label={t('notifications.fields.whatsapp_parameters')} extra={t('notifications.templates.parameters_hint')}>
                      <Select mode="multiple" options={variableOptions} data-testid="template-whatsapp-parameters" />
                    </Form.Item>
                  </>
                )}
              </Form>
              {!readOnly && event && (
                <Button type="primary" loading={save.isPending} data-testid="template-save"
                  onClick={() => save.mutate(saveArgs(event.event, channel, locale, form.getFieldsValue(true)))}>
                  {t('notifications.templates.save')}
                </Button>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('notifications.templates.preview')}>
              {event ? <PreviewPanel event={event.event} channel={channel} locale={locale} draft={draft} /> : <Empty />}
            </Card>
          </Col>
        </Row>
      </Space>
    </List>
  );
}
