// The API changelog (issue 18 §6): public.api_changelog_entries, newest first, filtered by kind. Every
// signed-in reader sees published entries; HQ with settings.read also scheduled and retracted ones
// (flagged). Writers (settings.write, as save_api_changelog_entry checks) add, correct and retract
// entries; nothing is deleted.
import { useCan, useList } from '@refinedev/core';
import { Button, Col, Form, Grid, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDate } from '../../lib/format';
import { useRpcMutation } from '../../lib/useRpc';
import type { ApiChangelogEntryRow } from '../../types/rows';
import { CHANGE_KINDS, type ChangeKind, changelogState, VERSION_RE } from './changelogRules';

const KIND_COLOR: Record<ChangeKind, string> = { added: 'green', changed: 'blue', deprecated: 'orange', removed: 'red' };

export function ChangelogTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'ar' ? 'ar' : 'en';
  const [kind, setKind] = useState<ChangeKind | undefined>();
  const [editing, setEditing] = useState<ApiChangelogEntryRow | 'new' | null>(null);
  const [retracting, setRetracting] = useState<ApiChangelogEntryRow | null>(null);
  const { data: can } = useCan({ resource: 'integrations', action: 'write' });
  const mayWrite = !!can?.can;
  const { result, query } = useList<ApiChangelogEntryRow>({ resource: 'api_changelog_entries', pagination: { mode: 'off' },
    filters: kind ? [{ field: 'kind', operator: 'eq', value: kind }] : [],
    sorters: [{ field: 'published_on', order: 'desc' }, { field: 'created_at', order: 'desc' }] });
  const retract = useRpcMutation('retract_api_changelog_entry', { successKey: 'integrations.changelog.retracted_ok' });
  const today = new Date().toISOString().slice(0, 10);
  // narrow windows: one column, the date, version and kind above each change
  const wide = !!Grid.useBreakpoint().md;
  const actions = (e: ApiChangelogEntryRow) => (mayWrite && !e.retracted_at ? (
    <Space size={4}>
      <Button size="small" data-testid="changelog-edit" onClick={() => setEditing(e)}>{t('integrations.changelog.edit')}</Button>
      <Button size="small" danger data-testid="changelog-retract" onClick={() => setRetracting(e)}>{t('integrations.changelog.retract')}</Button>
    </Space>
  ) : null);
  const kindTag = (k: ChangeKind) => <Tag color={KIND_COLOR[k]}>{t(`integrations.changelog.kinds.${k}`)}</Tag>;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('integrations.changelog.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<ChangeKind> allowClear placeholder={t('integrations.changelog.all_kinds')} style={{ minWidth: 200 }} value={kind}
          data-testid="changelog-kind-filter" onChange={(v) => setKind(v)}
          options={CHANGE_KINDS.map((k) => ({ value: k, label: t(`integrations.changelog.kinds.${k}`) }))} />
        {mayWrite && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="changelog-new" onClick={() => setEditing('new')}>
            {t('integrations.changelog.new')}
          </Button>
        )}
      </Space>
      <Table<ApiChangelogEntryRow> rowKey="id" dataSource={result?.data ?? []} loading={query.isLoading} size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }} scroll={wide ? { x: 760 } : undefined} data-testid="changelog-table"
        locale={{ emptyText: t('integrations.changelog.empty') }}
        onRow={(e) => ({ 'data-testid': `changelog-${e.version}-${e.title.en}`, 'data-state': changelogState(e, today) } as any)}>
        <Table.Column<ApiChangelogEntryRow> title={t('integrations.changelog.date')} dataIndex="published_on" width={120} responsive={['md']}
          render={(v: string) => <span dir="ltr">{formatDate(v, lang, 'UTC')}</span>} />
        <Table.Column<ApiChangelogEntryRow> title={t('integrations.changelog.version')} dataIndex="version" width={110} responsive={['md']}
          render={(v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
        <Table.Column<ApiChangelogEntryRow> title={t('integrations.changelog.kind')} dataIndex="kind" width={120} responsive={['md']}
          render={(v: ChangeKind) => kindTag(v)} />
        <Table.Column<ApiChangelogEntryRow> title={t('integrations.changelog.change')} key="change"
          render={(_, e) => {
            const state = changelogState(e, today);
            return (
              <Space direction="vertical" size={2}>
                {!wide && (
                  <Space size={4} wrap>
                    <span dir="ltr">{formatDate(e.published_on, lang, 'UTC')}</span>
                    <Typography.Text code dir="ltr">{e.version}</Typography.Text>
                    {kindTag(e.kind as ChangeKind)}
                  </Space>
                )}
                <Space size={4} wrap>
                  <Typography.Text strong>{e.title[lang]}</Typography.Text>
                  {state !== 'published' && <Tag data-testid="changelog-state">{t(`integrations.changelog.states.${state}`)}</Tag>}
                </Space>
                <Typography.Text style={{ whiteSpace: 'pre-line' }}>{e.body[lang]}</Typography.Text>
                {e.retract_reason && <Typography.Text type="secondary">{t('integrations.changelog.retract_reason', { reason: e.retract_reason })}</Typography.Text>}
                {!wide && actions(e)}
              </Space>
            );
          }} />
        {mayWrite && wide && <Table.Column<ApiChangelogEntryRow> key="actions" width={180} render={(_, e) => actions(e)} />}
      </Table>
      {mayWrite && editing && <EntryForm entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ReasonModal open={!!retracting} reasonRequired danger title={t('integrations.changelog.retract_title')}
        description={<Typography.Paragraph>{t('integrations.changelog.retract_help')}</Typography.Paragraph>}
        confirmLoading={retract.isPending} onCancel={() => setRetracting(null)}
        onConfirm={({ reason }) => retract.mutateAsync({ entry_id: retracting!.id, reason: reason?.trim() })
          .then(() => setRetracting(null)).catch(() => undefined)} />
    </>
  );
}

type EntryValues = { published_on: string; version: string; kind: ChangeKind; title_en: string; title_ar: string; body_en: string; body_ar: string };

/** The limits save_api_changelog_entry applies: private.input_limit('name') for a title, ('note') for a body. */
const TITLE_MAX = 200;
const BODY_MAX = 2000;

function EntryForm({ entry, onClose }: { entry: ApiChangelogEntryRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EntryValues>();
  const save = useRpcMutation('save_api_changelog_entry', { successKey: 'integrations.changelog.saved_ok' });
  const submit = (v: EntryValues) => save.mutateAsync({
    entry_id: entry?.id ?? null, published_on: v.published_on, version: v.version.trim(), kind: v.kind,
    title: { en: v.title_en.trim(), ar: v.title_ar.trim() }, body: { en: v.body_en.trim(), ar: v.body_ar.trim() },
  }).then(onClose).catch(() => undefined);
  const text = (max: number) => [{ required: true, whitespace: true, max, message: t('integrations.changelog.text_rule', { max }) }];
  return (
    <Modal open title={t(entry ? 'integrations.changelog.edit' : 'integrations.changelog.new')} onCancel={onClose} onOk={() => form.submit()}
      confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'changelog-save' } as any} destroyOnHidden width={720}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={entry ? {
        published_on: entry.published_on, version: entry.version, kind: entry.kind as ChangeKind,
        title_en: entry.title.en, title_ar: entry.title.ar, body_en: entry.body.en, body_ar: entry.body.ar,
      } : { published_on: new Date().toISOString().slice(0, 10), kind: 'added' }}>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="published_on" label={t('integrations.changelog.date')} rules={[{ required: true }]}>
              <Input type="date" dir="ltr" data-testid="changelog-date" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="version" label={t('integrations.changelog.version')} extra={t('integrations.changelog.version_hint')}
              rules={[{ required: true, pattern: VERSION_RE, message: t('integrations.changelog.version_hint') }]}>
              <Input dir="ltr" data-testid="changelog-version" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="kind" label={t('integrations.changelog.kind')} rules={[{ required: true }]}>
              <Select data-testid="changelog-kind" options={CHANGE_KINDS.map((k) => ({ value: k, label: t(`integrations.changelog.kinds.${k}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="title_en" label={t('integrations.changelog.title_en')} rules={text(TITLE_MAX)}>
              <Input dir="ltr" data-testid="changelog-title-en" />
            </Form.Item>
            <Form.Item name="body_en" label={t('integrations.changelog.body_en')} rules={text(BODY_MAX)}>
              <Input.TextArea dir="ltr" rows={4} data-testid="changelog-body-en" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title_ar" label={t('integrations.changelog.title_ar')} rules={text(TITLE_MAX)}>
              <Input dir="rtl" data-testid="changelog-title-ar" />
            </Form.Item>
            <Form.Item name="body_ar" label={t('integrations.changelog.body_ar')} rules={text(BODY_MAX)}>
              <Input.TextArea dir="rtl" rows={4} data-testid="changelog-body-ar" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
