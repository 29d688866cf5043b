// The suppression list (issue 17 §2 "a bounce"): addresses no message is written to any more after a
// hard bounce or a complaint, with what the provider said; settings.write staff lift an entry
// (with a reason, audited) once the address is fixed. Messages it stopped show the reason
// address_bounced / address_complained in the outbox above. Export CSV downloads the whole list
// (every page, in the console's language) like every other list.
import { useTable } from '@refinedev/antd';
import { useCan } from '@refinedev/core';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Ellipsis } from '../../components/Ellipsis';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDateTime } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { NotificationSuppressionRow } from '../../types/rows';

type LiftArgs = { p_channel: string; p_address: string; p_reason: string };

/** The CSV's columns: the table's, labels in the console's language, the date ISO 8601. */
export function suppressionCsvColumns(t: TFunction): CsvColumn<NotificationSuppressionRow>[] {
  return [
    { title: t('notifications.fields.created_at'), value: (r) => r.created_at },
    { title: t('notifications.fields.channel'), value: (r) => t(`notifications.channels.${r.channel}`) },
    { title: t('notifications.fields.address'), value: (r) => r.address },
    { title: t('notifications.suppressions.reason'), value: (r) => t(`notifications.suppressions.reasons.${r.reason}`) },
    { title: t('notifications.suppressions.detail'), value: (r) => r.detail },
    { title: t('notifications.fields.provider'), value: (r) => r.provider },
  ];
}

export function SuppressionsTable() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canLift } = useCan({ resource: 'notification_outbox', action: 'lift_suppression' });
  const [lifting, setLifting] = useState<NotificationSuppressionRow | null>(null);
  const lift = useRpcMutation<void, LiftArgs>('lift_notification_suppression', { successKey: 'notifications.suppressions.lifted' });
  const { tableProps, filters, sorters } = useTable<NotificationSuppressionRow>({
    resource: 'notification_suppressions', syncWithLocation: false, pagination: { pageSize: 10 },
    sorters: { initial: [{ field: 'created_at', order: 'desc' }] },
  });
  return (
    <Card title={t('notifications.suppressions.title')} style={{ marginTop: 16 }} data-testid="suppressions"
      extra={<Space><ExportCsvButton list="notification-suppressions" columns={suppressionCsvColumns(t)}
        source={{ resource: 'notification_suppressions', filters, sorters }} size="small" /></Space>}>
      <Typography.Paragraph type="secondary">{t('notifications.suppressions.explain')}</Typography.Paragraph>
      <Table {...tableProps} rowKey={(r) => `${r.channel}:${r.address}`} size="small" scroll={{ x: 800 }} data-testid="suppressions-table">
        <Table.Column dataIndex="created_at" title={t('notifications.fields.created_at')}
          render={(v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang)}</span>} />
        <Table.Column dataIndex="channel" title={t('notifications.fields.channel')} render={(v: string) => t(`notifications.channels.${v}`)} />
        <Table.Column dataIndex="address" title={t('notifications.fields.address')} render={(v: string) => <Ellipsis text={v} width={240} dir="ltr" />} />
        <Table.Column dataIndex="reason" title={t('notifications.suppressions.reason')}
          render={(v: string) => <Tag color={v === 'complained' ? 'magenta' : 'volcano'}>{t(`notifications.suppressions.reasons.${v}`)}</Tag>} />
        <Table.Column dataIndex="detail" title={t('notifications.suppressions.detail')}
          render={(v: string | null) => (v ? <Ellipsis text={v} width={260} /> : '—')} />
        <Table.Column dataIndex="provider" title={t('notifications.fields.provider')} render={(v: string | null) => v ?? '—'} />
        <Table.Column key="actions" title={t('table.actions')} render={(_, r: NotificationSuppressionRow) => canLift?.can && (
          <Button size="small" onClick={() => setLifting(r)} data-testid={`suppression-lift-${r.address}`}>{t('notifications.suppressions.lift')}</Button>
        )} />
      </Table>
      <ReasonModal open={!!lifting} reasonRequired title={t('notifications.suppressions.lift_title', { address: lifting?.address ?? '' })}
        confirmLoading={lift.isPending} onCancel={() => setLifting(null)}
        onConfirm={(v) => lifting && lift.mutate({ p_channel: lifting.channel, p_address: lifting.address, p_reason: v.reason ?? '' },
          { onSuccess: () => setLifting(null) })} />
    </Card>
  );
}
