// A tenant's workflows: per template, the effective version (HQ version + the tenant's patch) as a
// graph, the override patch (rename stages, change SLAs, disable optional stages, raw JSON for
// added stages/transitions), and the upgrade to the latest HQ version with its conflict report.
import { useCan, useList, useOne } from '@refinedev/core';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { CloudSyncOutlined, SaveOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WorkflowGraph, type Mark } from '../../../components/workflow/WorkflowGraph';
import { ProblemList } from '../../../components/workflow/ProblemList';
import { BoundedNumber } from '../../../components/BoundedNumber';
import { JsonView } from '../../../components/JsonView';
import { formatDateTime, formatNumber, localName } from '../../../lib/format';
import { useRpcMutation } from '../../../lib/useRpc';
import { describeError } from '../../../lib/errors';
import { SLA_RANGE, cleanPatch, normalise, transitionKey, type OverridePatch, type Stage, type WorkflowProblem } from '../../../lib/workflow';
import type { TemplateRow, TenantWorkflowRow, VersionRow, WorkflowOverrideRow as OverrideRow } from '../../../types/rows';

interface BuildResult { version_id: string; version: number; base_version: number; conflicts: WorkflowProblem[] }

/** "code:subject, code:subject" (the hint of workflow.override_invalid) → problems. */
export function problemsFromHint(hint: string | null | undefined): WorkflowProblem[] {
  if (!hint) return [];
  return hint.split(/,\s*/).filter(Boolean).map((part) => {
    const i = part.indexOf(':');
    return i < 0 ? { code: part, subject: null, message: '' } : { code: part.slice(0, i), subject: part.slice(i + 1), message: '' };
  });
}

/** Marks for the effective graph: what the tenant's patch changed or added. */
export function overrideMarks(def: { stages: Stage[]; transitions: { from: string; to: string; added?: boolean; bridged?: boolean }[] }, patch: OverridePatch): Record<string, Mark> {
  const m: Record<string, Mark> = {};
  for (const s of def.stages) {
    if (s.added) m[s.code] = 'added';
    else if (patch.rename?.[s.code] || patch.sla?.[s.code] !== undefined) m[s.code] = 'changed';
  }
  for (const x of def.transitions) if (x.added) m[transitionKey(x)] = 'added';
  return m;
}

function TemplateWorkflow({ tenantId, template, row }: { tenantId: string; template: TemplateRow; row?: TenantWorkflowRow }) {
  const { t, i18n } = useTranslation();
  const { data: canWrite } = useCan({ resource: 'workflows', action: 'override' });
  const { result: effective } = useOne<VersionRow>({ resource: 'workflow_versions', id: row?.version_id ?? '', queryOptions: { enabled: !!row } });
  const { result: base } = useOne<VersionRow>({ resource: 'workflow_versions', id: row?.base_version_id ?? '', queryOptions: { enabled: !!row } });
  const { result: latest } = useList<VersionRow>({
    resource: 'workflow_versions', pagination: { pageSize: 1, mode: 'server' },
    filters: [{ field: 'template_id', operator: 'eq', value: template.id }, { field: 'tenant_id', operator: 'null', value: true }],
    sorters: [{ field: 'version', order: 'desc' }],
  });
  const { result: overrides } = useList<OverrideRow>({
    resource: 'tenant_workflow_overrides', pagination: { mode: 'off' },
    filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }, { field: 'template_id', operator: 'eq', value: template.id }],
  });
  const stored = overrides?.data?.[0]?.patch ?? {};
  const [patch, setPatch] = useState<OverridePatch>(stored);
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [upgradeOpen, setUpgradeOpen] = useState(false);
  const [report, setReport] = useState<{ ok: boolean; conflicts: WorkflowProblem[]; version?: number; message?: string } | null>(null);
  const storedJson = JSON.stringify(stored);
  useEffect(() => { setPatch(JSON.parse(storedJson)); setJson(JSON.stringify(JSON.parse(storedJson), null, 2)); }, [storedJson]);

  const baseDef = useMemo(() => normalise(base?.definition), [base]);
  const effDef = useMemo(() => normalise(effective?.definition), [effective]);
  const latestVersion = latest?.data?.[0];
  const canUpgrade = !!latestVersion && !!base && latestVersion.version > base.version;
  const dirty = JSON.stringify(cleanPatch(patch)) !== JSON.stringify(cleanPatch(stored));

  const override = useRpcMutation<BuildResult>('set_tenant_workflow_override');
  // an override that no longer fits: the upgrade shows its conflicts and problems, named
  const upgradeCall = useRpcMutation<BuildResult>('upgrade_tenant_workflow', { silentError: true });
  const busy = override.isPending || upgradeCall.isPending;
  const built = (r: BuildResult) => setReport({ ok: true, conflicts: r.conflicts ?? [], version: r.version });
  const save = (p: OverridePatch) =>
    override.mutate({ tenant_id: tenantId, template_id: template.id, patch: cleanPatch(p) }, { onSuccess: built });
  const upgrade = () => upgradeCall.mutate({ tenant_id: tenantId, template_id: template.id }, {
    onSuccess: (r) => { built(r); setUpgradeOpen(false); },
    onError: (e: any) => {
      setReport({ ok: false, conflicts: problemsFromHint(e?.hint), message: describeError(e, t).title });
      setUpgradeOpen(false);
    },
  });
  const setRename = (code: string, lang: 'en' | 'ar', value: string) => {
    const cur = patch.rename?.[code] ?? { en: '' };
    const next = { ...cur, [lang]: value };
    const rename = { ...(patch.rename ?? {}) };
    if (!next.en && !next.ar) delete rename[code]; else rename[code] = next as { en: string; ar?: string };
    setPatch({ ...patch, rename });
  };
  const setSla = (code: string, v: number | null) => {
    const sla = { ...(patch.sla ?? {}) };
    if (v === null) delete sla[code]; else sla[code] = v;
    setPatch({ ...patch, sla });
  };
  const setDisabled = (code: string, on: boolean) => {
    const disable = (patch.disable ?? []).filter((c) => c !== code);
    setPatch({ ...patch, disable: on ? [...disable, code] : disable });
  };

  if (!row) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={t('workflows.tenant.not_built')} />
        {canWrite?.can && (
          <Button onClick={() => save({})} loading={busy} data-testid="tenant-workflow-build">{t('workflows.tenant.build')}</Button>
        )}
      </Space>
    );
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('workflows.tenant.effective_version')}>
          <span data-testid="tenant-effective-version" data-version={effective?.version}>{effective ? `v${effective.version}` : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('workflows.tenant.base_version')}>
          <span data-testid="tenant-base-version" data-version={base?.version}>{base ? `v${base.version}` : '—'}</span>
          {canUpgrade && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('workflows.tenant.behind', { version: formatNumber(latestVersion!.version, i18n.language) })}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('workflows.tenant.upgraded_at')}>{formatDateTime(row.upgraded_at, i18n.language)}</Descriptions.Item>
      </Descriptions>
      {!report && row.conflicts?.length > 0 && (
        <ProblemList problems={row.conflicts} kind="warning" testId="tenant-stored-conflicts" title={t('workflows.tenant.stored_conflicts')} />
      )}
      {report && (report.ok ? (
        report.conflicts.length > 0
          ? <ProblemList problems={report.conflicts} kind="warning" testId="upgrade-conflicts" title={t('workflows.tenant.built_with_conflicts', { version: formatNumber(report.version ?? 0, i18n.language) })} />
          : <Alert type="success" showIcon data-testid="tenant-workflow-built" message={t('workflows.tenant.built', { version: formatNumber(report.version ?? 0, i18n.language) })} closable onClose={() => setReport(null)} />
      ) : (
        <ProblemList problems={report.conflicts} testId="upgrade-refused" title={report.message} />
      ))}
      {canWrite?.can && canUpgrade && (
        <Button icon={<CloudSyncOutlined />} type="primary" data-testid="tenant-workflow-upgrade" onClick={() => setUpgradeOpen(true)}>
          {t('workflows.tenant.upgrade', { version: formatNumber(latestVersion!.version, i18n.language) })}
        </Button>
      )}
      <Card size="small" title={t('workflows.tenant.effective')}>
        <WorkflowGraph definition={effDef} marks={overrideMarks(effDef, stored)} testId="tenant-workflow-graph" />
        <Space size="large" style={{ marginTop: 8 }}>
          <Tag color="orange">{t('workflows.tenant.legend_changed')}</Tag>
          <Tag color="green">{t('workflows.tenant.legend_added')}</Tag>
          <Typography.Text type="secondary">{t('workflows.tenant.legend_bridged')}</Typography.Text>
        </Space>
      </Card>
      <Card size="small" title={t('workflows.tenant.overrides')} extra={canWrite?.can && (
        <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={busy} onClick={() => save(patch)} data-testid="override-save">
          {t('workflows.tenant.save_override')}
        </Button>
      )}>
        <Table<Stage> size="small" rowKey="code" dataSource={baseDef.stages} pagination={false} data-testid="override-table"
          onRow={(s) => ({ 'data-testid': `override-row-${s.code}` } as any)}
          columns={[
            { title: t('workflows.fields.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text> },
            { title: t('workflows.tenant.hq_name'), render: (_, s) => localName(s.name, i18n.language) },
            { title: t('workflows.tenant.rename_en'), render: (_, s) => (
              <Input size="small" value={patch.rename?.[s.code]?.en ?? ''} disabled={!canWrite?.can} aria-label={`${t('workflows.tenant.rename_en')}: ${s.code}`} placeholder={s.name.en}
                data-testid="override-rename-en" onChange={(e) => setRename(s.code, 'en', e.target.value)} />
            ) },
            { title: t('workflows.tenant.rename_ar'), render: (_, s) => (
              <Input size="small" dir="rtl" value={patch.rename?.[s.code]?.ar ?? ''} disabled={!canWrite?.can} aria-label={`${t('workflows.tenant.rename_ar')}: ${s.code}`} placeholder={s.name.ar}
                data-testid="override-rename-ar" onChange={(e) => setRename(s.code, 'ar', e.target.value)} />
            ) },
            { title: t('workflows.fields.sla_minutes'), width: 130, render: (_, s) => (
              <BoundedNumber size="small" range={SLA_RANGE} value={patch.sla?.[s.code] ?? null} placeholder={s.sla_minutes ? String(s.sla_minutes) : '—'}
                aria-label={t('workflows.fields.sla_minutes')} data-testid="override-sla"
                disabled={!canWrite?.can || s.kind === 'terminal'} onChange={(v) => setSla(s.code, v === null ? null : Number(v))} />
            ) },
            { title: t('workflows.tenant.disable'), width: 90, render: (_, s) => (
              <Checkbox checked={(patch.disable ?? []).includes(s.code)} aria-label={`${t('workflows.tenant.disable')}: ${s.code}`} disabled={!canWrite?.can || !s.optional}
                data-testid="override-disable" onChange={(e) => setDisabled(s.code, e.target.checked)} />
            ) },
          ]} />
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('workflows.tenant.patch_json')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('workflows.tenant.patch_json_explain')}</Typography.Paragraph>
        {canWrite?.can ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={6} dir="ltr" aria-label={t('workflows.tenant.patch_json')} value={json} onChange={(e) => setJson(e.target.value)} data-testid="override-json"
              style={{ fontFamily: 'monospace' }} status={jsonError ? 'error' : undefined} />
            {jsonError && <Typography.Text type="danger">{jsonError}</Typography.Text>}
            <Button data-testid="override-json-apply" onClick={() => {
              try {
                const p = JSON.parse(json);
                if (!p || typeof p !== 'object' || Array.isArray(p)) throw new Error('object');
                setJsonError(null);
                setPatch(p);
              } catch { setJsonError(t('workflows.tenant.json_invalid')); }
            }}>{t('workflows.tenant.json_apply')}</Button>
          </Space>
        ) : <JsonView value={stored} />}
      </Card>
      <Modal open={upgradeOpen} title={t('workflows.tenant.upgrade', { version: latestVersion?.version ?? 0 })}
        onCancel={() => setUpgradeOpen(false)} onOk={upgrade} confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'tenant-workflow-upgrade-ok' } as any} okText={t('common.confirm')} cancelText={t('buttons.cancel')}>
        <Typography.Paragraph>{t('workflows.tenant.upgrade_explain')}</Typography.Paragraph>
      </Modal>
    </Space>
  );
}

export function WorkflowTab({ tenantId }: { tenantId: string }) {
  const { t, i18n } = useTranslation();
  const { result: templates } = useList<TemplateRow>({
    resource: 'workflow_templates', pagination: { mode: 'off' }, sorters: [{ field: 'code', order: 'asc' }],
    filters: [{ field: 'latest_version', operator: 'gt', value: 0 }],
    meta: { select: 'id,code,name,service_category,latest_version,archived,updated_at,created_at' },
  });
  const { result: rows } = useList<TenantWorkflowRow>({
    resource: 'tenant_workflows', pagination: { mode: 'off' }, filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }],
  });
  const [templateId, setTemplateId] = useState<string | null>(() => new URLSearchParams(window.location.search).get('template'));
  const list = templates?.data ?? [];
  const current = list.find((x) => x.id === templateId) ?? list[0];
  if (!list.length) return <Empty description={t('workflows.tenant.no_templates')} />;
  const byTemplate = new Map((rows?.data ?? []).map((r) => [r.template_id, r]));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="tenant-workflow">
      <Space wrap>
        <Typography.Text>{t('workflows.tenant.template')}</Typography.Text>
        <Select style={{ minWidth: 280 }} aria-label={t('workflows.tenant.template')} value={current?.id} onChange={setTemplateId} data-testid="tenant-workflow-template"
          options={list.map((x) => ({
            value: x.id,
            label: `${localName(x.name, i18n.language)} (${x.code})${byTemplate.has(x.id) ? '' : ` — ${t('workflows.tenant.not_built_short')}`}`,
          }))} />
      </Space>
      {current && <TemplateWorkflow key={current.id} tenantId={tenantId} template={current} row={byTemplate.get(current.id)} />}
    </Space>
  );
}
