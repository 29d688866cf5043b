// Published releases with their changelogs; publishing shows what it will change first.
import { useCan, useList } from '@refinedev/core';
import { Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Ellipsis } from '../../components/Ellipsis';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { Changes } from './Changes';
import { changeCount, type CatalogRelease, type Changelog } from './model';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';

function PublishModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const preview = useRpcQuery<{ from_release: number | null; changelog: Changelog }>('preview_catalog_release', {}, { gcTime: 0 });
  const publish = useRpcMutation('publish_catalog_release', { successKey: 'catalog.published' });
  const next = (preview.data?.from_release ?? 0) + 1;
  const nothing = preview.data && changeCount(preview.data.changelog) === 0;
  return (
    <Modal open destroyOnHidden title={t('catalog.publish_title', { number: next })} onCancel={onClose} cancelText={t('buttons.cancel')}
      okText={t('catalog.actions.publish')} okButtonProps={{ disabled: !preview.data || !!nothing, 'data-testid': 'catalog-publish-ok' } as any}
      confirmLoading={publish.isPending}
      onOk={() => form.validateFields().then((v) => publish.mutate({ notes: v.notes ?? '', reason: v.reason }, { onSuccess: onClose })).catch(() => undefined)}>
      {nothing ? <Typography.Paragraph data-testid="catalog-publish-nothing">{t('catalog.publish_nothing')}</Typography.Paragraph>
        : <Changes changelog={preview.data?.changelog} testId="catalog-publish-preview" />}
      <Form form={form} layout="vertical" preserve={false} style={{ marginTop: 16 }}>
        <Form.Item name="notes" label={t('catalog.fields.notes')} rules={[{ max: 2000 }]}><Input.TextArea rows={3} data-testid="catalog-publish-notes" /></Form.Item>
        <Form.Item name="reason" label={t('common.reason_optional')} rules={[{ max: 1000 }]}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}

export function ReleasesTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'catalog', action: 'publish' });
  const [publishing, setPublishing] = useState(false);
  const csvColumns: CsvColumn<CatalogRelease>[] = [
    { title: t('catalog.fields.release'), value: (r) => r.release_no },
    { title: t('catalog.fields.published_at'), value: (r) => r.published_at },
    { title: t('catalog.fields.entries'), value: (r) => r.entry_count },
    { title: t('catalog.fields.notes'), value: (r) => r.notes },
  ];
  const releases = useList<CatalogRelease>({ resource: 'catalog_releases', sorters: [{ field: 'release_no', order: 'desc' }], pagination: { pageSize: 20 } });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {canWrite?.can && <Button type="primary" onClick={() => setPublishing(true)} data-testid="catalog-publish">{t('catalog.actions.publish')}</Button>}
        <ExportCsvButton list="catalog-releases" columns={csvColumns}
          source={{ resource: 'catalog_releases', sorters: [{ field: 'release_no', order: 'desc' }], meta: { select: 'release_no,published_at,entry_count,notes' } }} />
      </Space>
      <Table<CatalogRelease> rowKey="release_no" dataSource={releases.result?.data ?? []} loading={releases.query.isLoading}
        scroll={{ x: 'max-content' }} data-testid="catalog-releases" pagination={false}>
        <Table.Column<CatalogRelease> dataIndex="release_no" title={t('catalog.fields.release')}
          render={(v: number) => <span data-testid={`catalog-release-${v}`}>#{formatNumber(v, lang)}</span>} />
        <Table.Column<CatalogRelease> dataIndex="published_at" title={t('catalog.fields.published_at')} render={(v) => formatDateTime(v, lang)} />
        <Table.Column<CatalogRelease> dataIndex="entry_count" title={t('catalog.fields.entries')} render={(v: number) => formatNumber(v, lang)} />
        <Table.Column<CatalogRelease> dataIndex="notes" title={t('catalog.fields.notes')} render={(v: string) => <Ellipsis text={v} width={220} />} />
        <Table.Column<CatalogRelease> key="changes" title={t('catalog.fields.changes')} render={(_, r) => <Changes changelog={r.changelog} />} />
      </Table>
      {publishing && <PublishModal onClose={() => setPublishing(false)} />}
    </Space>
  );
}
