// A tenant's catalog: the release it runs, its sync state, its shadow labels (conflicts marked)
// and what an upgrade to the latest release would change.
import { useList } from '@refinedev/core';
import { Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, localName } from '../../../lib/format';
import { UpgradeDiff } from '../../catalog/TenantSyncTab';
import type { TenantCatalogOverrideRow as OverrideRow, TenantCatalogStateRow as StateRow } from '../../../types/rows';


export function CatalogTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = useList<StateRow>({ resource: 'tenant_catalog_state', filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }], pagination: { mode: 'off' } });
  const overrides = useList<OverrideRow>({ resource: 'tenant_catalog_overrides', filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }],
    sorters: [{ field: 'family', order: 'asc' }, { field: 'code', order: 'asc' }], pagination: { mode: 'off' } });
  const s = state.result?.data[0];
  if (state.query.isLoading) return null;
  if (!s) return <Empty description={t('catalog.tenant_tab.not_provisioned')} data-testid="tenant-catalog-none" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="tenant-catalog">
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
        <Descriptions.Item label={t('catalog.fields.release')}>
          <span data-testid="tenant-catalog-release">{s.release_no === null ? '—' : `#${formatNumber(s.release_no, lang)}`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.fields.status')}>
          <Tag data-testid="tenant-catalog-status">{t(`catalog.status.${s.status}`)}</Tag>{s.pinned && <Tag>{t('catalog.fields.pinned')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.fields.conflicts')}>{formatNumber(s.conflicts, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.fields.synced_at')}>{formatDateTime(s.synced_at, lang)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('catalog.tenant_tab.overrides')}</Typography.Title>
      <Table<OverrideRow> rowKey={(r) => `${r.family}:${r.code}`} dataSource={overrides.result?.data ?? []} pagination={false} size="small"
        scroll={{ x: 'max-content' }} data-testid="tenant-catalog-overrides">
        <Table.Column<OverrideRow> dataIndex="family" title={t('catalog.fields.family')} render={(v: string) => t(`catalog.families.${v}`)} />
        <Table.Column<OverrideRow> dataIndex="code" title={t('catalog.fields.code')} render={(v) => <Typography.Text code>{v}</Typography.Text>} />
        <Table.Column<OverrideRow> dataIndex="label" title={t('catalog.fields.label')} render={(v) => (v ? localName(v, lang) : '—')} />
        <Table.Column<OverrideRow> dataIndex="hidden" title={t('catalog.fields.hidden')} render={(v: boolean) => (v ? <Tag>{t('catalog.fields.hidden')}</Tag> : null)} />
        <Table.Column<OverrideRow> dataIndex="conflict" title={t('catalog.fields.conflicts')}
          render={(v: string | null, r) => v && <Tag color="orange" data-testid={`tenant-catalog-conflict-${r.code}`}>{t(`catalog.changes.${v}`)}</Tag>} />
      </Table>
      <Typography.Title level={5}>{t('catalog.tenant_tab.preview')}</Typography.Title>
      <UpgradeDiff tenantId={tenantId} testId="tenant-catalog-diff" />
    </Space>
  );
}
