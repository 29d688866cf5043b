import { List, useTable, ShowButton, EditButton, CreateButton } from '@refinedev/antd';
import { getDefaultFilter, type CrudFilters } from '@refinedev/core';
import { Button, Form, Input, Progress, Select, Space, Table } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatNumber, localName } from '../../lib/format';
import { TENANT_STATUSES } from '../../lib/schemas';
import { refOptions, useReferenceLists } from '../../lib/reference';
import { Ellipsis } from '../../components/Ellipsis';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
import type { TenantRow } from '../../types/rows';
export type { TenantRow };


export const healthScore = (r: Pick<TenantRow, 'tenant_health'>): number | null => {
  const h = r.tenant_health;
  if (!h) return null;
  const one = Array.isArray(h) ? h[0] : h;
  return one ? one.score : null;
};

interface SearchValues { q?: string; status?: string; region?: string }

/** The list's filters: text search over slug and English name, status, region. */
export function tenantFilters(v: SearchValues): CrudFilters {
  const filters: CrudFilters = [];
  const q = v.q?.trim();
  if (q) {
    filters.push({ operator: 'or', value: [
      { field: 'slug', operator: 'contains', value: q },
      { field: 'name->>en', operator: 'contains', value: q },
      { field: 'name->>ar', operator: 'contains', value: q },
    ] });
  }
  if (v.status) filters.push({ field: 'status', operator: 'eq', value: v.status });
  if (v.region) filters.push({ field: 'region', operator: 'eq', value: v.region });
  return filters;
}

export function TenantList() {
  const { t, i18n } = useTranslation();
  const { tableProps, searchFormProps, filters, sorters } = useTable<TenantRow, any, SearchValues>({
    resource: 'tenants',
    meta: { select: '*, tenant_health(score)' },
    sorters: { initial: [{ field: 'created_at', order: 'desc' }] },
    filters: { defaultBehavior: 'replace' },
    pagination: { pageSize: 10 },
    onSearch: (values) => tenantFilters(values),
    syncWithLocation: true,
  });
  const { regions } = useReferenceLists();
  const csvColumns: CsvColumn<TenantRow>[] = [
    { title: t('tenants.fields.slug'), value: (r) => r.slug },
    { title: t('tenants.fields.name'), value: (r) => localName(r.name, i18n.language) },
    { title: t('tenants.fields.status'), value: (r) => t(`tenants.status.${r.status}`) },
    { title: t('tenants.fields.region'), value: (r) => localName(regions.find((x) => x.code === r.region)?.name, i18n.language) || r.region },
    { title: t('tenants.fields.country'), value: (r) => r.country },
    { title: t('tenants.fields.health'), value: (r) => healthScore(r) },
    { title: t('tenants.fields.created_at'), value: (r) => r.created_at },
    { title: 'id', value: (r) => r.id },
  ];
  const orFilter = filters.find((f) => 'operator' in f && f.operator === 'or') as { value: { value: string }[] } | undefined;
  return (
    <List headerButtons={<>
      <ExportCsvButton list="tenants" columns={csvColumns}
        source={{ resource: 'tenants', filters, sorters, meta: { select: '*, tenant_health(score)' } }} />
      <CreateButton data-testid="tenant-create" />
    </>}>
      <Form {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{
          q: orFilter?.value?.[0]?.value,
          status: getDefaultFilter('status', filters, 'eq'),
          region: getDefaultFilter('region', filters, 'eq'),
        }}>
        <Form.Item name="q">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('tenants.search_placeholder')} data-testid="tenant-search"
            aria-label={t('tenants.search_placeholder')}
            style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('tenants.fields.status')} aria-label={t('tenants.fields.status')} style={{ width: 180 }} data-testid="filter-status"
            options={TENANT_STATUSES.map((s) => ({ value: s, label: t(`tenants.status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="region">
          <Select allowClear placeholder={t('tenants.fields.region')} aria-label={t('tenants.fields.region')} style={{ width: 160 }} data-testid="filter-region"
            options={refOptions(regions, i18n.language, false)} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" type="primary" data-testid="tenant-search-submit">{t('buttons.filter')}</Button>
        </Form.Item>
      </Form>
      <Table {...tableProps} rowKey="id" data-testid="tenant-table" scroll={{ x: 900 }}>
        <Table.Column dataIndex="slug" title={t('tenants.fields.slug')} sorter width={200}
          render={(v: string) => <Ellipsis text={v} code dir="ltr" width={200} />} />
        <Table.Column dataIndex="name" title={t('tenants.fields.name')} width={260}
          render={(v) => <Ellipsis text={localName(v, i18n.language)} width={260} />} />
        <Table.Column dataIndex="status" title={t('tenants.fields.status')} sorter render={(v: string) => <StatusTag status={v} />} />
        <Table.Column dataIndex="region" title={t('tenants.fields.region')} sorter
          render={(v: string) => <span style={{ whiteSpace: 'nowrap' }}>{localName(regions.find((r) => r.code === v)?.name, i18n.language) || v}</span>} />
        <Table.Column dataIndex="country" title={t('tenants.fields.country')} sorter />
        <Table.Column key="health" title={t('tenants.fields.health')}
          render={(_, r: TenantRow) => {
            const s = healthScore(r);
            return s === null ? '—' : <Progress percent={s} size="small" style={{ width: 100 }}
              format={(p) => formatNumber(p ?? 0, i18n.language)}
              status={s < 40 ? 'exception' : 'normal'} />;
          }} />
        <Table.Column dataIndex="created_at" title={t('tenants.fields.created_at')} sorter
          render={(v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v, i18n.language)}</span>} />
        <Table.Column key="actions" title={t('table.actions')} fixed="right" width={100}
          render={(_, r: TenantRow) => (
            <Space>
              <ShowButton hideText size="small" recordItemId={r.id} />
              <EditButton hideText size="small" recordItemId={r.id} />
            </Space>
          )} />
      </Table>
    </List>
  );
}
