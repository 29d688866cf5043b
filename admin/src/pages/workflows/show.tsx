// A template: its draft as a graph and an editor (validated as you type), publishing, and the
// version history with a diff between any two versions.
import { Show, RefreshButton } from '@refinedev/antd';
import { useCan, useList, useOne, useWarnAboutChange } from '@refinedev/core';
import { Alert, Badge, Button, Card, Col, Empty, Input, Modal, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CloudUploadOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { WorkflowGraph, type Mark } from '../../components/workflow/WorkflowGraph';
import { WorkflowEditor, type GuardOption } from '../../components/workflow/WorkflowEditor';
import { ProblemList } from '../../components/workflow/ProblemList';
import { VersionDiff } from '../../components/workflow/VersionDiff';
import { formatDateTime, localName } from '../../lib/format';
import { isPageData, useRpcMutation } from '../../lib/useRpc';
import { useStaffNames } from '../../lib/useStaffNames';
import { rpc } from '../../providers/supabase';
import { diffDefinitions, normalise, type DefinitionDiff, type WorkflowDefinition, type WorkflowProblem } from '../../lib/workflow';
import type { TemplateRow } from './list';
import type { VersionRow } from '../../types/rows';
export type { VersionRow };


/** The marks a diff puts on the graph of its newer version. */
export function diffMarks(d: DefinitionDiff): Record<string, Mark> {
  const m: Record<string, Mark> = {};
  for (const c of d.stages.added) m[c.key] = 'added';
  for (const c of d.stages.changed) m[c.key] = 'changed';
  for (const c of d.transitions.added) m[c.key] = 'added';
  for (const c of d.transitions.changed) m[c.key] = 'changed';
  return m;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function useGuards(): GuardOption[] {
  const { result } = useList<GuardOption>({ resource: 'workflow_guards', pagination: { mode: 'off' }, sorters: [{ field: 'key', order: 'asc' }] });
  return result?.data ?? [];
}

function DraftTab({ template, canWrite, onPublished }: { template: TemplateRow; canWrite: boolean; onPublished: () => Promise<void> }) {
  const { t } = useTranslation();
  const guards = useGuards();
  const [draft, setDraft] = useState<WorkflowDefinition>(() => normalise(template.draft));
  const [saved, setSaved] = useState<string>(() => JSON.stringify(normalise(template.draft)));
  const [selected, setSelected] = useState<string | null>(null);
  const [refetching, setRefetching] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [note, setNote] = useState('');
  const dirty = JSON.stringify(draft) !== saved;
  // leaving with an unsaved draft asks first (Refine's warnWhenUnsavedChanges)
  const { setWarnWhen } = useWarnAboutChange();
  useEffect(() => { setWarnWhen(dirty); }, [dirty, setWarnWhen]);
  useEffect(() => () => setWarnWhen(false), [setWarnWhen]);
  const checked = useDebounced(draft, 300);
  const validation = useQuery<WorkflowProblem[], any>({
    queryKey: ['rpc', 'validate_workflow', JSON.stringify(checked)],
    queryFn: () => rpc<WorkflowProblem[]>('validate_workflow', { definition: checked }),
    placeholderData: (prev) => prev,
  });
  const problems = validation.data ?? [];
  const stale = validation.isFetching || checked !== draft;

  const saveDraft = useRpcMutation('save_workflow_draft');
  const publishTemplate = useRpcMutation('publish_workflow_template');
  const busy = saveDraft.isPending ? 'save' : publishTemplate.isPending ? 'publish' : null;
  /** Saves the draft; false when refused (the refusal is shown). */
  const save = async () => {
    try {
      await saveDraft.mutateAsync({ template_id: template.id, draft });
      setSaved(JSON.stringify(draft));
      return true;
    } catch {
      return false;
    }
  };
  const publish = async () => {
    if (dirty && !(await save())) return;
    try {
      await publishTemplate.mutateAsync({ template_id: template.id, note: note.trim() || null });
    } catch {
      return;
    }
    // The dialog stays open (its button loading) until the template and its versions are
    // refetched: until then the page still shows the previous version, and edits made now
    // would be thrown away when the tab reloads the new draft.
    setRefetching(true);
    try {
      await onPublished();
      setPublishOpen(false);
      setNote('');
    } finally {
      setRefetching(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        {canWrite && (
          <>
            <Button icon={<SaveOutlined />} onClick={() => void save()} loading={busy === 'save'} disabled={!dirty} data-testid="draft-save">
              {t('workflows.editor.save_draft')}
            </Button>
            <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setDraft(JSON.parse(saved))} data-testid="draft-revert">
              {t('workflows.editor.revert')}
            </Button>
            <Button type="primary" icon={<CloudUploadOutlined />} data-testid="publish" disabled={problems.length > 0 || stale}
              onClick={() => setPublishOpen(true)}>
              {t('workflows.editor.publish')}
            </Button>
          </>
        )}
        <span data-testid="draft-state" data-dirty={dirty ? 'true' : 'false'}>
          {dirty ? <Badge status="warning" text={t('workflows.editor.unsaved')} /> : <Badge status="success" text={t('workflows.editor.saved')} />}
        </span>
        <Typography.Text type="secondary">{t('workflows.editor.graph_hint')}</Typography.Text>
      </Space>
      <WorkflowGraph definition={draft} problems={problems} selected={selected}
        onSelectStage={(c) => setSelected((s) => (s === c ? null : c))} />
      <div data-testid="validation" data-valid={!stale && problems.length === 0 ? 'true' : 'false'} data-stale={stale ? 'true' : 'false'}>
        <ProblemList problems={problems} />
      </div>
      <WorkflowEditor value={draft} onChange={setDraft} guards={guards} problems={problems} readOnly={!canWrite} selected={selected} />
      <Modal open={publishOpen} title={t('workflows.editor.publish_title', { version: template.latest_version + 1 })}
        onCancel={() => setPublishOpen(false)} onOk={() => void publish()} confirmLoading={busy !== null || refetching}
        okText={t('workflows.editor.publish')} cancelText={t('buttons.cancel')} okButtonProps={{ 'data-testid': 'publish-ok' } as any}>
        <Typography.Paragraph type="secondary">{t('workflows.editor.publish_explain')}</Typography.Paragraph>
        <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('workflows.editor.publish_note')}
          data-testid="publish-note" />
      </Modal>
    </Space>
  );
}

export function VersionsTab({ templateId }: { templateId: string }) {
  const { t, i18n } = useTranslation();
  const { result } = useList<VersionRow>({
    resource: 'workflow_versions', pagination: { mode: 'off' },
    filters: [{ field: 'template_id', operator: 'eq', value: templateId }, { field: 'tenant_id', operator: 'null', value: true }],
    sorters: [{ field: 'version', order: 'desc' }],
  });
  const versions = result?.data ?? [];
  const names = useStaffNames(versions.map((v) => v.published_by));
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const newest = versions[0]?.version ?? null;
  const left = versions.find((v) => v.version === (a ?? (newest ? newest - 1 : null)));
  const right = versions.find((v) => v.version === (b ?? newest));
  const diff = useMemo(() => left && right ? diffDefinitions(normalise(left.definition), normalise(right.definition)) : null, [left, right]);
  if (versions.length === 0) return <Empty data-testid="versions-empty" description={t('workflows.versions.none')} />;
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version}` }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Table<VersionRow> size="small" rowKey="id" dataSource={versions} pagination={false} data-testid="versions-table"
        onRow={(v) => ({ 'data-testid': `version-row-${v.version}` } as any)}
        columns={[
          { dataIndex: 'version', title: t('workflows.fields.version'), render: (v: number) => <Tag color="green">v{v}</Tag> },
          { dataIndex: 'published_at', title: t('workflows.versions.published_at'), render: (v: string) => formatDateTime(v, i18n.language) },
          { dataIndex: 'published_by', title: t('workflows.versions.published_by'), render: (v: string | null) => (v ? names.get(v) ?? v : t('common.system')) },
          { dataIndex: 'note', title: t('workflows.versions.note'), render: (v: string | null) => v ?? '—' },
          { title: t('workflows.fields.stages'), render: (_, v) => normalise(v.definition).stages.length },
          { title: t('workflows.fields.transitions'), render: (_, v) => normalise(v.definition).transitions.length },
        ]} />
      <Card size="small" title={t('workflows.versions.compare')} extra={(
        <Space>
          <Select size="small" value={left?.version} options={options} onChange={setA} style={{ width: 90 }} data-testid="diff-from"
            placeholder={t('workflows.versions.from')} />
          <span>→</span>
          <Select size="small" value={right?.version} options={options} onChange={setB} style={{ width: 90 }} data-testid="diff-to" />
        </Space>
      )}>
        {!left || !right ? <Alert type="info" showIcon message={t('workflows.versions.need_two')} /> : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <VersionDiff diff={diff!} />
            <Typography.Text type="secondary">{t('workflows.versions.graph_of', { version: right.version })}</Typography.Text>
            <WorkflowGraph definition={normalise(right.definition)} marks={diffMarks(diff!)} testId="diff-graph" />
          </Space>
        )}
      </Card>
    </Space>
  );
}

export function WorkflowShow() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { data: canEdit } = useCan({ resource: 'workflows', action: 'edit' });
  const { result: template, query } = useOne<TemplateRow>({ resource: 'workflow_templates', id: id ?? '' , queryOptions: { enabled: !!id } });
  const [tab, setTab] = useState('draft');
  const [draftKey, setDraftKey] = useState(0);
  const qc = useQueryClient();
  if (!template) return <Show resource="workflows" isLoading={query.isLoading} />;
  return (
    <Show resource="workflows" recordItemId={template.id}
      title={<Space><span data-testid="template-title">{localName(template.name, i18n.language)}</span>
        <Typography.Text code dir="ltr">{template.code}</Typography.Text>
        <span data-testid="template-version" data-version={template.latest_version}>
          {template.latest_version > 0 ? <Tag color="green">v{template.latest_version}</Tag> : <Tag>{t('workflows.unpublished')}</Tag>}
        </span></Space>}
      headerButtons={() => <RefreshButton onClick={() => void query.refetch()} />}>
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col><Typography.Text type="secondary">{t('workflows.fields.service_category')}: </Typography.Text>
          <Typography.Text code dir="ltr">{template.service_category}</Typography.Text></Col>
      </Row>
      <Tabs activeKey={tab} onChange={setTab} items={[
        { key: 'draft', label: <span data-testid="tab-draft">{t('workflows.tabs.draft')}</span>, children: (
          <DraftTab key={draftKey} template={template} canWrite={!!canEdit?.can}
            onPublished={async () => { await qc.invalidateQueries({ predicate: isPageData }); setDraftKey((k) => k + 1); setTab('versions'); }} />
        ) },
        { key: 'versions', label: <span data-testid="tab-versions">{t('workflows.tabs.versions')}</span>,
          children: <VersionsTab templateId={template.id} /> },
      ]} />
    </Show>
  );
}

