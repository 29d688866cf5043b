// One endpoint's deliveries (newest first) with replay of a delivery, or of every finished delivery
// whose event occurred in a time range (at most 14 days, the SQL checks).
import { useList } from '@refinedev/core';
import { Button, DatePicker, Drawer, Space, Table, Tag, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { WebhookDeliveryRow } from '../../types/rows';

const STATUS_COLOR: Record<string, string> = { pending: 'blue', in_flight: 'processing', succeeded: 'success', failed: 'error' };

export function Deliveries({ endpointId, canWrite, onClose }: { endpointId: string | null; canWrite: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const { result, query } = useList<WebhookDeliveryRow>({
    resource: 'webhook_deliveries', pagination: { pageSize: 50 }, sorters: [{ field: 'id', order: 'desc' }],
    filters: [{ field: 'endpoint_id', operator: 'eq', value: endpointId }],
    meta: { select: '*, event:integration_events(type, occurred_at)' },
    queryOptions: { enabled: !!endpointId, refetchInterval: 5_000 },
  });
  const replay = useRpcMutation<number>('replay_webhook_deliveries', { successKey: 'integrations.deliveries.replayed' });
  return (
    <Drawer open={!!endpointId} onClose={onClose} width="min(960px, 100vw)" title={t('integrations.deliveries.title')}
      data-testid="deliveries-drawer"
      extra={canWrite && (
        <Space wrap>
          <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v as any)} data-testid="replay-range" />
          <Button icon={<RedoOutlined />} disabled={!range?.[0] || !range?.[1]} data-testid="replay-range-ok"
            onClick={() => replay.mutateAsync({ endpoint_id: endpointId, since: range![0]!.toISOString(), until: range![1]!.toISOString() })
              .catch(() => undefined)}>{t('integrations.deliveries.replay_range')}</Button>
        </Space>
      )}>
      <Table<WebhookDeliveryRow> rowKey="id" dataSource={result?.data ?? []} loading={query.isLoading} size="small"
        scroll={{ x: 700 }} pagination={false} data-testid="deliveries-table" locale={{ emptyText: t('integrations.deliveries.empty') }}
        onRow={(r) => ({ 'data-testid': `delivery-${r.event?.type ?? r.id}`, 'data-status': r.status } as any)}>
        <Table.Column<WebhookDeliveryRow> title="#" dataIndex="id" render={(v: number) => formatNumber(v, lang)} />
        <Table.Column<WebhookDeliveryRow> title={t('integrations.events.type')} key="type"
          render={(_, r) => <Typography.Text code dir="ltr">{r.event?.type}</Typography.Text>} />
        <Table.Column<WebhookDeliveryRow> title={t('integrations.deliveries.status')} dataIndex="status"
          render={(v: string) => <Tag color={STATUS_COLOR[v]}>{t(`integrations.deliveries.statuses.${v}`, v)}</Tag>} />
        <Table.Column<WebhookDeliveryRow> title={t('integrations.deliveries.attempts')} dataIndex="attempts" align="end"
          render={(v: number) => formatNumber(v, lang)} />
        <Table.Column<WebhookDeliveryRow> title={t('integrations.deliveries.response')} key="response"
          render={(_, r) => r.last_error ? <Typography.Text type="danger" dir="ltr" ellipsis={{ tooltip: r.last_error }} style={{ maxWidth: 220 }}>{r.last_error}</Typography.Text>
            : r.last_status_code ?? '—'} />
        <Table.Column<WebhookDeliveryRow> title={t('integrations.deliveries.created')} dataIndex="created_at"
          render={(v: string) => formatDateTime(v, lang)} />
        {canWrite && (
          <Table.Column<WebhookDeliveryRow> title={t('table.actions')} key="actions"
            render={(_, r) => (r.status === 'succeeded' || r.status === 'failed') && (
              <Button size="small" icon={<RedoOutlined />} data-testid={`replay-${r.id}`}
                onClick={() => replay.mutateAsync({ endpoint_id: endpointId, delivery_id: r.id }).catch(() => undefined)}>
                {t('integrations.deliveries.replay')}</Button>
            )} />
        )}
      </Table>
    </Drawer>
  );
}
