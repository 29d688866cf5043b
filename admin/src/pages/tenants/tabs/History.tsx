import { useList } from '@refinedev/core';
import { Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../components/StatusTag';
import { formatDateTime } from '../../../lib/format';
import { useStaffNames } from '../../../lib/useStaffNames';
import type { TenantHistoryRow as HistoryRow } from '../../../types/rows';
import { ExportCsvButton } from '../../../components/ExportCsvButton';
import type { CsvColumn } from '../../../lib/csv';


export function HistoryTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const { result, query } = useList<HistoryRow>({
    resource: 'tenant_status_history',
    filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }],
    sorters: [{ field: 'id', order: 'desc' }],
    pagination: { pageSize: 50 },
  });
  const names = useStaffNames((result?.data ?? []).map((r) => r.actor_id));
  const status = (s: string | null) => (s ? t(`tenants.status.${s}`, s) : '');
  const csvColumns: CsvColumn<HistoryRow>[] = [
    { title: t('tenants.history.when'), value: (r) => r.changed_at },
    { title: t('tenants.history.action'), value: (r) => t(`tenants.lifecycle.actions.${r.action}`, r.action) },
    { title: t('tenants.history.from'), value: (r) => status(r.from_status) },
    { title: t('tenants.history.to'), value: (r) => status(r.to_status) },
    { title: t('common.reason'), value: (r) => r.reason },
    { title: t('tenants.history.actor'), value: (r) => (r.actor_id ? names.get(r.actor_id) ?? r.actor_id : t('common.system')) },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
    <ExportCsvButton list="tenant-history" columns={csvColumns} source={{ resource: 'tenant_status_history',
      filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }], sorters: [{ field: 'id', order: 'desc' }] }} />
    <Table<HistoryRow> rowKey="id" size="small" loading={query.isLoading} dataSource={result?.data ?? []}
      pagination={false} data-testid="history-table">
      <Table.Column dataIndex="changed_at" title={t('tenants.history.when')} render={(v) => formatDateTime(v, i18n.language)} />
      <Table.Column dataIndex="action" title={t('tenants.history.action')}
        render={(v: string) => t(`tenants.lifecycle.actions.${v}`, v)} />
      <Table.Column key="change" title={t('tenants.history.change')}
        render={(_, r: HistoryRow) => (
          <span>{r.from_status ? <StatusTag status={r.from_status} /> : '∅'} {i18n.language === 'ar' ? '←' : '→'} <StatusTag status={r.to_status} /></span>
        )} />
      <Table.Column dataIndex="reason" title={t('common.reason')} render={(v) => v ?? '—'} />
      <Table.Column dataIndex="actor_id" title={t('tenants.history.actor')}
        render={(v: string | null) => (v ? names.get(v) ?? <Typography.Text code>{v.slice(0, 8)}</Typography.Text> : t('common.system'))} />
    </Table>
    </Space>
  );
}
