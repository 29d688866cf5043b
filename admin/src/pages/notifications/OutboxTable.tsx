// The outbox (issue 17 §7): every message with filters (status, channel, event, tenant, dates),
// what the provider answered (message id, last error, last receipt) and *retry* for a failed,
// bounced or dead message (settings.write). The same table, fixed to one tenant, is that tenant's
// communication log (tenants/tabs/Communications).
import { useTable } from '@refinedev/antd';
import { getDefaultFilter, useCan, useList, type CrudFilters } from '@refinedev/core';
import { Button, DatePicker, Descriptions, Drawer, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { Ellipsis } from '../../components/Ellipsis';
import { JsonView } from '../../components/JsonView';
import { TenantLink, one } from '../../components/billing/common';
import { useTenantOptions } from '../billing/invoices/list';
import type { CsvColumn } from '../../lib/csv';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { NotificationEventRow, NotificationOutboxRow } from '../../types/rows';
import { CHANNELS, OUTBOX_STATUSES, RETRYABLE, STATUS_COLOURS } from './model';

const SELECT = '*, tenant:tenants(id,slug,name,status)';

interface OutboxSearch { status?: string; channel?: string; event?: string; tenant_id?: string; range?: [Dayjs | null, Dayjs | null] | null }

/** The filter form → Refine filters (the tenant's log adds its tenant to every search). */
export function outboxFilters(v: OutboxSearch, tenantId?: string): CrudFilters {
  const f: CrudFilters = [];
  if (tenantId) f.push({ field: 'tenant_id', operator: 'eq', value: tenantId });
  else if (v.tenant_id) f.push({ field: 'tenant_id', operator: 'eq', value: v.tenant_id });
  if (v.status) f.push({ field: 'status', operator: 'eq', value: v.status });
  if (v.channel) f.push({ field: 'channel', operator: 'eq', value: v.channel });
  if (v.event) f.push({ field: 'event', operator: 'eq', value: v.event });
  if (v.range?.[0]) f.push({ field: 'created_at', operator: 'gte', value: v.range[0].startOf('day').toISOString() });
  if (v.range?.[1]) f.push({ field: 'created_at', operator: 'lte', value: v.range[1].endOf('day').toISOString() });
  return f;
}

const statusTag = (t: (k: string) => string, r: Pick<NotificationOutboxRow, 'id' | 'status'>) => (
  <Tag color={STATUS_COLOURS[r.status]} data-testid={`outbox-status-${r.id}`} data-status={r.status}>{t(`notifications.status.${r.status}`)}</Tag>
);

function MessageDrawer({ row, onClose }: { row: NotificationOutboxRow | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dir = row?.locale === 'ar' ? 'rtl' : 'ltr';
  return (
    <Drawer open={!!row} onClose={onClose} width={Math.min(640, window.innerWidth)} title={t('notifications.outbox.message')} destroyOnHidden>
      {row && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="outbox-message">
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('notifications.fields.status')}>
              {statusTag(t, row)}{row.status_reason && <Typography.Text type="secondary">{t(`notifications.reasons.${row.status_reason}`, row.status_reason)}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.event')}><Typography.Text code dir="ltr">{row.event}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.address')}><span dir="ltr">{row.address ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.provider')}>{row.provider ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.provider_message_id')}>
              <Typography.Text dir="ltr" copyable={!!row.provider_message_id} data-testid="outbox-provider-id">{row.provider_message_id ?? '—'}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.attempts')}>
              {formatNumber(row.attempts, lang)} / {formatNumber(row.max_attempts, lang)} · {t('notifications.fields.retries')}: {formatNumber(row.retries, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.last_error')}>
              {row.last_error ? <Typography.Text type="danger" dir="ltr" data-testid="outbox-last-error">{row.last_error}</Typography.Text> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.created_at')}>{formatDateTime(row.created_at, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.sent_at')}>{formatDateTime(row.sent_at, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('notifications.fields.delivered_at')}>{formatDateTime(row.delivered_at, lang)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('notifications.fields.last_receipt')}</Typography.Title>
          {row.last_receipt ? <JsonView value={row.last_receipt} maxHeight={240} /> : <Typography.Text type="secondary">—</Typography.Text>}
          <Typography.Title level={5}>{t('notifications.outbox.content')}</Typography.Title>
          {row.subject && <Typography.Text strong dir={dir}>{row.subject}</Typography.Text>}
          <Typography.Paragraph dir={dir} style={{ whiteSpace: 'pre-wrap' }}>{row.body_text}</Typography.Paragraph>
        </Space>
      )}
    </Drawer>
  );
}

export function OutboxTable({ tenantId }: { tenantId?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canRetry } = useCan({ resource: 'notification_outbox', action: 'retry' });
  const tenants = useTenantOptions(lang);
  const events = useList<NotificationEventRow>({ resource: 'notification_events', pagination: { mode: 'off' }, sorters: [{ field: 'event', order: 'asc' }] });
  const [open, setOpen] = useState<NotificationOutboxRow | null>(null);
  const retry = useRpcMutation<void, { p_outbox_id: string }>('retry_notification', { successKey: 'notifications.outbox.retried' });
  const { tableProps, searchFormProps, filters, sorters } = useTable<NotificationOutboxRow, any, OutboxSearch>({
    resource: 'notification_outbox', meta: { select: SELECT },
    sorters: { initial: [{ field: 'created_at', order: 'desc' }] },
    filters: { defaultBehavior: 'replace', initial: tenantId ? [{ field: 'tenant_id', operator: 'eq', value: tenantId }] : [] },
    pagination: { pageSize: 20 },
    onSearch: (v) => outboxFilters(v, tenantId),
    syncWithLocation: !tenantId,
  });
  const gte = getDefaultFilter('created_at', filters, 'gte');
  const lte = getDefaultFilter('created_at', filters, 'lte');
  const eventLabel = (code: string) => localName(events.result?.data?.find((e) => e.event === code)?.description, lang) || code;
  const csvColumns: CsvColumn<NotificationOutboxRow>[] = [
    { title: t('notifications.fields.created_at'), value: (r) => r.created_at },
    ...(tenantId ? [] : [{ title: t('notifications.fields.tenant'), value: (r: NotificationOutboxRow) => one(r.tenant)?.slug }]),
    { title: t('notifications.fields.event'), value: (r) => eventLabel(r.event) },
    { title: t('notifications.fields.event_code'), value: (r) => r.event },
    { title: t('notifications.fields.channel'), value: (r) => t(`notifications.channels.${r.channel}`) },
    { title: t('notifications.fields.locale'), value: (r) => r.locale },
    { title: t('notifications.fields.address'), value: (r) => r.address },
    { title: t('notifications.fields.status'), value: (r) => t(`notifications.status.${r.status}`) },
    { title: t('notifications.fields.attempts'), value: (r) => r.attempts },
    { title: t('notifications.fields.provider'), value: (r) => r.provider },
    { title: t('notifications.fields.provider_message_id'), value: (r) => r.provider_message_id },
    { title: t('notifications.fields.last_error'), value: (r) => r.last_error },
    { title: t('notifications.fields.subject'), value: (r) => r.subject },
  ];

  return (
    <>
      <Form {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }} data-testid="outbox-filters"
        initialValues={{
          status: getDefaultFilter('status', filters, 'eq'), channel: getDefaultFilter('channel', filters, 'eq'),
          event: getDefaultFilter('event', filters, 'eq'), tenant_id: tenantId ? undefined : getDefaultFilter('tenant_id', filters, 'eq'),
          range: gte || lte ? [gte ? dayjs(gte) : null, lte ? dayjs(lte) : null] : undefined,
        }}>
        <Form.Item name="status">
          <Select allowClear placeholder={t('notifications.fields.status')} aria-label={t('notifications.fields.status')} style={{ width: 150 }}
            data-testid="outbox-filter-status" options={OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`notifications.status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="channel">
          <Select allowClear placeholder={t('notifications.fields.channel')} aria-label={t('notifications.fields.channel')} style={{ width: 140 }}
            data-testid="outbox-filter-channel" options={CHANNELS.map((c) => ({ value: c, label: t(`notifications.channels.${c}`) }))} />
        </Form.Item>
        <Form.Item name="event">
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('notifications.fields.event')} aria-label={t('notifications.fields.event')}
            style={{ width: 220 }} data-testid="outbox-filter-event"
            options={(events.result?.data ?? []).map((e) => ({ value: e.event, label: localName(e.description, lang) }))} />
        </Form.Item>
        {!tenantId && (
          <Form.Item name="tenant_id">
            <Select allowClear showSearch optionFilterProp="label" placeholder={t('notifications.fields.tenant')} aria-label={t('notifications.fields.tenant')}
              style={{ width: 220 }} data-testid="outbox-filter-tenant" options={tenants} />
          </Form.Item>
        )}
        <Form.Item name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t('notifications.outbox.from'), t('notifications.outbox.to')]} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary" data-testid="outbox-filter-submit">{t('buttons.filter')}</Button></Form.Item>
        <Form.Item><ExportCsvButton list={tenantId ? 'communications' : 'notification-outbox'} columns={csvColumns}
          source={{ resource: 'notification_outbox', filters, sorters, meta: { select: SELECT } }} /></Form.Item>
      </Form>
      <Table {...tableProps} rowKey="id" size="small" data-testid="outbox-table" scroll={{ x: 1100 }}
        onRow={(r: NotificationOutboxRow) => ({ 'data-testid': `outbox-row-${r.id}` } as any)}>
        <Table.Column dataIndex="created_at" title={t('notifications.fields.created_at')} sorter
          render={(v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang)}</span>} />
        {!tenantId && <Table.Column key="tenant" title={t('notifications.fields.tenant')}
          render={(_, r: NotificationOutboxRow) => <TenantLink tenant={one(r.tenant)} lang={lang} />} />}
        <Table.Column dataIndex="event" title={t('notifications.fields.event')}
          render={(v: string) => <Ellipsis text={eventLabel(v)} width={180} />} />
        <Table.Column dataIndex="channel" title={t('notifications.fields.channel')} render={(v: string) => t(`notifications.channels.${v}`)} />
        <Table.Column dataIndex="address" title={t('notifications.fields.address')}
          render={(v: string | null) => <Ellipsis text={v} width={200} dir="ltr" />} />
        <Table.Column dataIndex="status" title={t('notifications.fields.status')} sorter
          render={(_, r: NotificationOutboxRow) => (<>{statusTag(t, r)}{r.status_reason && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid={`outbox-reason-${r.id}`}>
              {t(`notifications.reasons.${r.status_reason}`, r.status_reason)}</Typography.Text>)}</>)} />
        <Table.Column dataIndex="attempts" title={t('notifications.fields.attempts')} align="end" render={(v: number) => formatNumber(v, lang)} />
        <Table.Column dataIndex="last_error" title={t('notifications.fields.last_error')}
          render={(v: string | null) => (v ? <Ellipsis text={v} width={200} /> : '—')} />
        <Table.Column key="actions" title={t('table.actions')} fixed="right" render={(_, r: NotificationOutboxRow) => (
          <Space size={4}>
            <Button size="small" onClick={() => setOpen(r)} data-testid={`outbox-open-${r.id}`}>{t('notifications.outbox.details')}</Button>
            {canRetry?.can && RETRYABLE.includes(r.status) && (
              <Button size="small" icon={<ReloadOutlined />} data-testid={`outbox-retry-${r.id}`}
                loading={retry.isPending && retry.variables?.p_outbox_id === r.id} disabled={retry.isPending}
                onClick={() => retry.mutate({ p_outbox_id: r.id })}>{t('notifications.outbox.retry')}</Button>
            )}
          </Space>
        )} />
      </Table>
      <MessageDrawer row={open} onClose={() => setOpen(null)} />
    </>
  );
}
