// HQ catalogs (C9): the draft, releases, each tenant's sync, import and export.
import { useList } from '@refinedev/core';
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DraftTab } from './DraftTab';
import { ImportTab } from './ImportTab';
import { ReleasesTab } from './ReleasesTab';
import { TenantSyncTab } from './TenantSyncTab';
import type { CatalogRelease } from './model';

export function CatalogPage() {
  const { t } = useTranslation();
  const latest = useList<CatalogRelease>({ resource: 'catalog_releases', sorters: [{ field: 'release_no', order: 'desc' }], pagination: { pageSize: 1 } });
  const latestNo = latest.result?.data[0]?.release_no ?? null;
  return (
    <Card>
      <Typography.Title level={3}>{t('catalog.title')}</Typography.Title>
      <Tabs destroyOnHidden data-testid="catalog-tabs" items={[
        { key: 'draft', label: t('catalog.tabs.draft'), children: <DraftTab /> },
        { key: 'releases', label: t('catalog.tabs.releases'), children: <ReleasesTab /> },
        { key: 'tenants', label: t('catalog.tabs.tenants'), children: <TenantSyncTab latest={latestNo} /> },
        { key: 'import', label: t('catalog.tabs.import'), children: <ImportTab /> },
      ]} />
    </Card>
  );
}
