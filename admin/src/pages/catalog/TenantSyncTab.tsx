// Which release each tenant runs: pending, failed and conflicting syncs, with upgrade (the
// tenant's diff first), pin and roll back.
import { useCan } from '@refinedev/core';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Ellipsis } from '../../components/Ellipsis';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { rpcPages, useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { Changes } from './Changes';
import type { SyncRow, UpgradePreview } from './model';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';

const STATUS_COLOURS = { pending: 'blue', synced: 'green', failed: 'red' } as const;
const PAGE = 20;

export function UpgradeDiff({ tenantId, testId }: { tenantId: string; testId?: string }) {
  const { t } = useTranslation();
  const preview = useRpcQuery<UpgradePreview>('preview_tenant_catalog_upgrade', { tenant_id: tenantId }, { gcTime: 0 });
  if (!preview.data) return null;
  return (
    <Space direction="vertical" data-testid={testId}>
      <Changes changelog={preview.data.changelog} />
      {preview.data.conflicts.length > 0 && (
        <div data-testid={testId ? `${testId}-conflicts` : undefined} data-count={preview.data.conflicts.length}>
          <Typography.Text strong>{t('catalog.upgrade_conflicts')}</Typography.Text>{' '}
          {preview.data.conflicts.map((c) => <Tag key={c.code} color="orange">{c.code} · {t(`catalog.changes.${c.conflict}`)}</Tag>)}
        </div>
      )}
    </Space>
  );
}

type Pending = { kind: 'upgrade' | 'rollback' | 'pin' | 'unpin'; row: SyncRow } | { kind: 'upgrade_all' };

export function TenantSyncTab({ latest }: { latest: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'catalog', action: 'sync' });
  const [status, setStatus] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const rows = useRpcQuery<SyncRow[]>('catalog_sync_overview', { status_filter: status, search: search || null, max_rows: PAGE, skip_rows: (page - 1) * PAGE });
  const [pending, setPending] = useState<Pending | null>(null);
  const upgrade = useRpcMutation('upgrade_tenant_catalog', { successKey: 'catalog.upgraded' });
  const rollback = useRpcMutation('rollback_tenant_catalog', { successKey: 'catalog.rolled_back' });
  const pin = useRpcMutation('pin_tenant_catalog', { successKey: 'catalog.pinned_saved' });
  const upgradeAll = useRpcMutation<number>('upgrade_all_tenant_catalogs', { successKey: 'catalog.saved' });
  const done = () => setPending(null);
  const confirm = (v: { reason?: string }) => {
    if (!pending) return;
    if (pending.kind === 'upgrade_all') upgradeAll.mutate({ reason: v.reason }, { onSuccess: done });
    else if (pending.kind === 'upgrade') upgrade.mutate({ tenant_id: pending.row.tenant_id, reason: v.reason }, { onSuccess: done });
    else if (pending.kind === 'rollback') rollback.mutate({ tenant_id: pending.row.tenant_id, reason: v.reason }, { onSuccess: done });
    else pin.mutate({ tenant_id: pending.row.tenant_id, pinned: pending.kind === 'pin', reason: v.reason }, { onSuccess: done });
  };
  const csvColumns: CsvColumn<SyncRow>[] = [
    { title: t('catalog.fields.tenant'), value: (r) => r.slug },
    { title: t('catalog.fields.name'), value: (r) => localName(r.tenant_name, lang) },
    { title: t('catalog.fields.release'), value: (r) => r.release_no },
    { title: t('catalog.fields.status'), value: (r) => t(`catalog.status.${r.status}`) },
    { title: t('catalog.fields.pinned'), value: (r) => t(r.pinned ? 'common.yes' : 'common.no') },
    { title: t('catalog.fields.conflicts'), value: (r) => r.conflicts },
    { title: t('catalog.fields.synced_at'), value: (r) => r.synced_at },
    { title: t('catalog.fields.last_error'), value: (r) => r.last_error },
  ];
  const readSync = rpcPages<SyncRow>('catalog_sync_overview', { status_filter: status, search: search || null }, { limit: 'max_rows', offset: 'skip_rows' });
  const name = pending && 'row' in pending ? pending.row.slug : '';
  const titles = {
    upgrade: t('catalog.upgrade_title', { tenant: name, number: latest }),
    rollback: t('catalog.rollback_title', { tenant: name, number: pending && 'row' in pending ? pending.row.release_no : '' }),
    pin: t('catalog.actions.pin'), unpin: t('catalog.actions.unpin'), upgrade_all: t('catalog.upgrade_all_title', { number: latest }),
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ minWidth: 180 }} value={status ?? ''} onChange={(v) => { setStatus(v || null); setPage(1); }} data-testid="catalog-sync-status"
          aria-label={t('catalog.fields.status')}
          options={[{ value: '', label: t('catalog.any_status') }, ...(['pending', 'synced', 'failed'] as const).map((s) => ({ value: s, label: t(`catalog.status.${s}`) })),
            { value: 'conflicts', label: t('catalog.with_conflicts') }]} />
        <Input.Search allowClear placeholder={t('catalog.search_tenant')} aria-label={t('catalog.search_tenant')} maxLength={100}
          onSearch={(v) => { setSearch(v.trim()); setPage(1); }} style={{ width: 220 }} />
        <ExportCsvButton list="catalog-sync" columns={csvColumns}
          source={{ read: async (n, size) => { const got = await readSync(n, size); return { data: got.data, total: got.data[0]?.total ?? undefined }; } }} />
        {canWrite?.can && latest && (
          <Button onClick={() => setPending({ kind: 'upgrade_all' })} data-testid="catalog-upgrade-all">{t('catalog.actions.upgrade_all')}</Button>
        )}
      </Space>
      <Table<SyncRow> rowKey="tenant_id" dataSource={rows.data ?? []} loading={rows.isLoading} scroll={{ x: 'max-content' }} data-testid="catalog-sync"
        pagination={{ current: page, pageSize: PAGE, total: rows.data?.[0]?.total ?? 0, onChange: setPage, showSizeChanger: false }}>
        <Table.Column<SyncRow> key="tenant" title={t('catalog.fields.tenant')}
          render={(_, r) => <span data-testid={`catalog-sync-${r.slug}`}><Ellipsis text={localName(r.tenant_name, lang) || r.slug} width={180} /></span>} />
        <Table.Column<SyncRow> dataIndex="release_no" title={t('catalog.fields.release')}
          render={(v: number | null, r) => <span data-testid={`catalog-sync-release-${r.slug}`}>{v === null ? '—' : `#${formatNumber(v, lang)}`}</span>} />
        <Table.Column<SyncRow> dataIndex="status" title={t('catalog.fields.status')} render={(v: SyncRow['status'], r) => (
          <Space size={4}>
            <Tag color={STATUS_COLOURS[v]} data-testid={`catalog-sync-status-${r.slug}`}>{t(`catalog.status.${v}`)}</Tag>
            {r.pinned && <Tag>{t('catalog.fields.pinned')}</Tag>}
          </Space>
        )} />
        <Table.Column<SyncRow> dataIndex="conflicts" title={t('catalog.fields.conflicts')}
          render={(v: number) => (v ? <Tag color="orange">{formatNumber(v, lang)}</Tag> : formatNumber(0, lang))} />
        <Table.Column<SyncRow> dataIndex="synced_at" title={t('catalog.fields.synced_at')} render={(v) => formatDateTime(v, lang)} />
        <Table.Column<SyncRow> dataIndex="last_error" title={t('catalog.fields.last_error')} render={(v: string | null) => v && <Ellipsis text={v} width={180} />} />
        {canWrite?.can && (
          <Table.Column<SyncRow> key="actions" title={t('table.actions')} render={(_, r) => (
            <Space size={4} wrap>
              {latest !== null && r.release_no !== latest && (
                <Button size="small" onClick={() => setPending({ kind: 'upgrade', row: r })} data-testid={`catalog-upgrade-${r.slug}`}>{t('catalog.actions.upgrade')}</Button>
              )}
              <Button size="small" onClick={() => setPending({ kind: r.pinned ? 'unpin' : 'pin', row: r })} data-testid={`catalog-pin-${r.slug}`}>
                {t(r.pinned ? 'catalog.actions.unpin' : 'catalog.actions.pin')}
              </Button>
              <Button size="small" danger onClick={() => setPending({ kind: 'rollback', row: r })} data-testid={`catalog-rollback-${r.slug}`}>
                {t('catalog.actions.rollback')}
              </Button>
            </Space>
          )} />
        )}
      </Table>
      <ReasonModal open={!!pending} reasonRequired={pending?.kind === 'rollback'} danger={pending?.kind === 'rollback'}
        title={pending ? titles[pending.kind] : ''}
        description={pending?.kind === 'upgrade' ? <UpgradeDiff tenantId={pending.row.tenant_id} testId="catalog-upgrade-diff" />
          : pending?.kind === 'rollback' ? <Typography.Paragraph>{t('catalog.rollback_explain')}</Typography.Paragraph> : null}
        confirmLoading={upgrade.isPending || rollback.isPending || pin.isPending || upgradeAll.isPending}
        onCancel={done} onConfirm={confirm} />
    </Space>
  );
}
