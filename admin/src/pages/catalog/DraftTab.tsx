// HQ's draft catalog, one family at a time: icons and colours as they will show, edit and retire.
import { useCan, useList } from '@refinedev/core';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Ellipsis } from '../../components/Ellipsis';
import { ReasonModal } from '../../components/ReasonModal';
import { formatNumber, localName } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import { EntryForm } from './EntryForm';
import type { CatalogEntry, CatalogFamily } from './model';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';

export function ColourSwatch({ colour }: { colour: string | null }) {
  if (!colour) return null;
  return <span aria-hidden style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: colour,
    border: '1px solid rgba(0,0,0,0.25)', verticalAlign: 'middle', marginInlineEnd: 6 }} />;
}

export function DraftTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'catalog', action: 'edit' });
  const families = useList<CatalogFamily>({ resource: 'catalog_families', sorters: [{ field: 'sort_order', order: 'asc' }], pagination: { mode: 'off' } });
  const [familyCode, setFamilyCode] = useState('service_categories');
  const family = families.result?.data.find((f) => f.code === familyCode);
  const entries = useList<CatalogEntry>({ resource: 'catalog_entries', filters: [{ field: 'family', operator: 'eq', value: familyCode }],
    sorters: [{ field: 'sort_order', order: 'asc' }, { field: 'code', order: 'asc' }], pagination: { mode: 'off' } });
  const categories = useList<CatalogEntry>({ resource: 'catalog_entries', filters: [{ field: 'family', operator: 'eq', value: 'service_categories' }],
    pagination: { mode: 'off' } });
  const [editing, setEditing] = useState<CatalogEntry | 'new' | null>(null);
  const [retiring, setRetiring] = useState<CatalogEntry | null>(null);
  const retire = useRpcMutation('retire_catalog_entry', { successKey: 'catalog.saved' });
  const entryStatus = (r: CatalogEntry) => t(r.retired_at ? 'catalog.status.retired' : r.active ? 'catalog.status.active' : 'catalog.status.inactive');
  const csvColumns: CsvColumn<CatalogEntry>[] = [
    { title: t('catalog.fields.family'), value: (r) => t(`catalog.families.${r.family}`, r.family) },
    { title: t('catalog.fields.code'), value: (r) => r.code },
    { title: t('catalog.fields.name'), value: (r) => localName(r.name, lang) },
    ...(family?.has_icon ? [{ title: t('catalog.fields.icon'), value: (r: CatalogEntry) => r.icon }] : []),
    { title: t('catalog.fields.colour'), value: (r) => r.colour },
    { title: t('catalog.fields.sort_order'), value: (r) => r.sort_order },
    { title: t('catalog.fields.status'), value: entryStatus },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div style={{ overflowX: 'auto' }}>
        <Segmented value={familyCode} onChange={(v) => setFamilyCode(String(v))} data-testid="catalog-families"
          options={(families.result?.data ?? []).map((f) => ({ value: f.code, label: t(`catalog.families.${f.code}`) }))} />
      </div>
      <Space wrap>
        {canWrite?.can && family && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="catalog-entry-add">{t('catalog.actions.add')}</Button>
        )}
        <ExportCsvButton list={`catalog-${familyCode}`} columns={csvColumns} source={{ resource: 'catalog_entries',
          filters: [{ field: 'family', operator: 'eq', value: familyCode }], sorters: [{ field: 'sort_order', order: 'asc' }, { field: 'code', order: 'asc' }] }} />
      </Space>
      <Table<CatalogEntry> rowKey="id" dataSource={entries.result?.data ?? []} loading={entries.query.isLoading} pagination={false}
        scroll={{ x: 'max-content' }} data-testid="catalog-entries" size="middle">
        <Table.Column<CatalogEntry> dataIndex="code" title={t('catalog.fields.code')}
          render={(v: string, r) => <span data-testid={`catalog-entry-${v}`}><ColourSwatch colour={r.colour} /><Typography.Text code>{v}</Typography.Text></span>} />
        <Table.Column<CatalogEntry> key="name" title={t('catalog.fields.name')}
          render={(_, r) => <Ellipsis text={localName(r.name, lang)} width={220} />} />
        {family?.has_icon && <Table.Column<CatalogEntry> dataIndex="icon" title={t('catalog.fields.icon')} render={(v) => v && <Tag>{v}</Tag>} />}
        <Table.Column<CatalogEntry> dataIndex="sort_order" title={t('catalog.fields.sort_order')} render={(v: number) => formatNumber(v, lang)} />
        <Table.Column<CatalogEntry> key="status" title={t('catalog.fields.status')} render={(_, r) => (
          r.retired_at ? <Tag color="default" data-testid={`catalog-retired-${r.code}`}>{t('catalog.status.retired')}</Tag>
            : <Tag color={r.active ? 'green' : 'orange'}>{t(r.active ? 'catalog.status.active' : 'catalog.status.inactive')}</Tag>
        )} />
        {canWrite?.can && (
          <Table.Column<CatalogEntry> key="actions" title={t('table.actions')} render={(_, r) => !r.retired_at && (
            <Space size={4}>
              <Button size="small" onClick={() => setEditing(r)} data-testid={`catalog-edit-${r.code}`}>{t('catalog.actions.edit')}</Button>
              <Button size="small" danger onClick={() => setRetiring(r)} data-testid={`catalog-retire-${r.code}`}>{t('catalog.actions.retire')}</Button>
            </Space>
          )} />
        )}
      </Table>
      {family && editing && (
        <EntryForm open family={family} entry={editing === 'new' ? null : editing} serviceCategories={categories.result?.data ?? []}
          onClose={() => setEditing(null)} />
      )}
      <ReasonModal open={!!retiring} danger reasonRequired title={t('catalog.retire_title', { code: retiring?.code })}
        description={<Typography.Paragraph>{t('catalog.retire_explain')}</Typography.Paragraph>} confirmLoading={retire.isPending}
        onCancel={() => setRetiring(null)}
        onConfirm={(v) => retire.mutate({ family: retiring!.family, code: retiring!.code, reason: v.reason }, { onSuccess: () => setRetiring(null) })} />
    </Space>
  );
}
