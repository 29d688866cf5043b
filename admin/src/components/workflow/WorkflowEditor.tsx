// Draft editing: the stages and the transitions of a definition, with guard and role pickers.
// Controlled: the page owns the draft, validates it and saves it.
import { Button, Card, Checkbox, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { BoundedNumber } from '../BoundedNumber';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { localName } from '../../lib/format';
import {
  SLA_RANGE, STAGE_CODE_RE, STAGE_KINDS, TENANT_ROLES, nextStageCode, problemTargets, recodeStage, removeStage, transitionKey,
  type Stage, type Transition, type WorkflowDefinition, type WorkflowProblem,
} from '../../lib/workflow';

export interface GuardOption { key: string; name: Record<string, string> }

interface Props {
  value: WorkflowDefinition;
  onChange: (next: WorkflowDefinition) => void;
  guards: GuardOption[];
  problems: WorkflowProblem[];
  readOnly?: boolean;
  selected?: string | null;
}

export function WorkflowEditor({ value, onChange, guards, problems, readOnly, selected }: Props) {
  const { t, i18n } = useTranslation();
  const bad = problemTargets(problems);
  const setStage = (i: number, patch: Partial<Stage>) =>
    onChange({ ...value, stages: value.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setTransition = (i: number, patch: Partial<Transition>) =>
    onChange({ ...value, transitions: value.transitions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const stageOptions = value.stages.map((s) => ({ value: s.code, label: `${localName(s.name, i18n.language) || s.code} (${s.code})` }));

  const addStage = () => {
    const code = nextStageCode(value);
    onChange({ ...value, stages: [...value.stages, { code, name: { en: '', ar: '' }, kind: 'normal', sla_minutes: 60 }] });
  };
  const addTransition = () => {
    const from = selected ?? value.stages.find((s) => s.kind === 'start')?.code ?? value.stages[0]?.code ?? '';
    const to = value.stages.find((s) => s.code !== from && !value.transitions.some((x) => x.from === from && x.to === s.code))?.code ?? '';
    onChange({ ...value, transitions: [...value.transitions, { from, to, label: { en: '', ar: '' }, guards: [], roles: ['owner', 'admin', 'operator'] }] });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('workflows.editor.stages')} extra={!readOnly && (
        <Button icon={<PlusOutlined />} onClick={addStage} data-testid="stage-add">{t('workflows.editor.add_stage')}</Button>
      )}>
        <Table<Stage> size="small" rowKey={(_, i) => String(i)} dataSource={value.stages} pagination={false} data-testid="stages-table"
          rowClassName={(s) => (s.code === selected ? 'ant-table-row-selected' : '')} scroll={{ x: 900 }}
          onRow={(s) => ({ 'data-testid': `stage-row-${s.code}` } as any)}
          columns={[
            { title: t('workflows.fields.code'), width: 150, render: (_, s, i) => (
              <Input size="small" value={s.code} disabled={readOnly} dir="ltr" data-testid="stage-code" aria-label={`${t('workflows.fields.code')} ${i + 1}`}
                status={!STAGE_CODE_RE.test(s.code) || bad.stages.has(s.code) ? 'error' : undefined}
                onChange={(e) => onChange(recodeStage(value, value.stages[i].code, e.target.value.trim()))} />
            ) },
            { title: t('workflows.fields.name_en'), render: (_, s, i) => (
              <Input size="small" value={s.name?.en ?? ''} disabled={readOnly} data-testid="stage-name-en" aria-label={`${t('workflows.fields.name_en')}: ${s.code}`}
                onChange={(e) => setStage(i, { name: { ...s.name, en: e.target.value } })} />
            ) },
            { title: t('workflows.fields.name_ar'), render: (_, s, i) => (
              <Input size="small" value={s.name?.ar ?? ''} disabled={readOnly} dir="rtl" data-testid="stage-name-ar" aria-label={`${t('workflows.fields.name_ar')}: ${s.code}`}
                onChange={(e) => setStage(i, { name: { ...s.name, ar: e.target.value } })} />
            ) },
            { title: t('workflows.fields.kind'), width: 120, render: (_, s, i) => (
              <Select size="small" value={s.kind} disabled={readOnly} style={{ width: 110 }} data-testid="stage-kind" aria-label={`${t('workflows.fields.kind')}: ${s.code}`}
                options={STAGE_KINDS.map((k) => ({ value: k, label: t(`workflows.kinds.${k}`) }))}
                onChange={(kind) => setStage(i, { kind })} />
            ) },
            { title: t('workflows.fields.sla_minutes'), width: 110, render: (_, s, i) => (
              <BoundedNumber size="small" range={SLA_RANGE} value={s.sla_minutes ?? null} disabled={readOnly} data-testid="stage-sla"
                aria-label={t('workflows.fields.sla_minutes')}
                onChange={(v) => setStage(i, { sla_minutes: v === null ? null : Number(v) })} />
            ) },
            { title: t('workflows.fields.colour'), width: 70, render: (_, s, i) => (
              <input type="color" value={s.colour ?? '#d9d9d9'} disabled={readOnly} aria-label={t('workflows.fields.colour')}
                onChange={(e) => setStage(i, { colour: e.target.value })} />
            ) },
            { title: t('workflows.fields.optional'), width: 80, render: (_, s, i) => (
              <Checkbox checked={!!s.optional} disabled={readOnly} aria-label={`${t('workflows.fields.optional')}: ${s.code}`} onChange={(e) => setStage(i, { optional: e.target.checked || undefined })} />
            ) },
            ...(readOnly ? [] : [{ title: '', width: 50, render: (_: unknown, s: Stage) => (
              <Popconfirm title={t('workflows.editor.remove_stage_confirm')} onConfirm={() => onChange(removeStage(value, s.code))}
                okText={t('common.yes')} cancelText={t('common.no')}>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('workflows.editor.remove')} data-testid="stage-remove" />
              </Popconfirm>
            ) }]),
          ]} />
      </Card>
      <Card size="small" title={t('workflows.editor.transitions')} extra={!readOnly && (
        <Button icon={<PlusOutlined />} onClick={addTransition} disabled={value.stages.length < 2} data-testid="transition-add">
          {t('workflows.editor.add_transition')}
        </Button>
      )}>
        <Table<Transition> size="small" rowKey={(_, i) => String(i)} dataSource={value.transitions} pagination={false}
          data-testid="transitions-table" scroll={{ x: 1250 }}
          onRow={(_, i) => ({ 'data-testid': `transition-row-${i}` } as any)}
          columns={[
            { title: t('workflows.fields.from'), width: 170, render: (_, x, i) => (
              <Select size="small" value={x.from} disabled={readOnly} options={stageOptions} style={{ width: 160 }}
                status={bad.transitions.has(transitionKey(x)) ? 'error' : undefined} data-testid="transition-from" aria-label={`${t('workflows.fields.from')} ${i + 1}`}
                onChange={(from) => setTransition(i, { from })} />
            ) },
            { title: t('workflows.fields.to'), width: 170, render: (_, x, i) => (
              <Select size="small" value={x.to} disabled={readOnly} options={stageOptions} style={{ width: 160 }}
                status={bad.transitions.has(transitionKey(x)) ? 'error' : undefined} data-testid="transition-to" aria-label={`${t('workflows.fields.to')} ${i + 1}`}
                onChange={(to) => setTransition(i, { to })} />
            ) },
            { title: t('workflows.fields.label_en'), width: 150, render: (_, x, i) => (
              <Input size="small" value={x.label?.en ?? ''} disabled={readOnly} data-testid="transition-label-en" aria-label={`${t('workflows.fields.label_en')} ${i + 1}`}
                onChange={(e) => setTransition(i, { label: { ...(x.label ?? { en: '' }), en: e.target.value } })} />
            ) },
            { title: t('workflows.fields.label_ar'), width: 150, render: (_, x, i) => (
              <Input size="small" value={x.label?.ar ?? ''} disabled={readOnly} dir="rtl" aria-label={`${t('workflows.fields.label_ar')} ${i + 1}`}
                onChange={(e) => setTransition(i, { label: { ...(x.label ?? { en: '' }), ar: e.target.value } })} />
            ) },
            { title: t('workflows.fields.guards'), width: 220, render: (_, x, i) => (
              <Select size="small" mode="multiple" value={x.guards ?? []} disabled={readOnly} style={{ width: 210 }}
                data-testid="transition-guards" aria-label={`${t('workflows.fields.guards')} ${i + 1}`} placeholder={t('workflows.editor.no_guards')}
                options={guards.map((g) => ({ value: g.key, label: localName(g.name, i18n.language) || g.key }))}
                onChange={(gs) => setTransition(i, { guards: gs })} />
            ) },
            { title: t('workflows.fields.roles'), width: 250, render: (_, x, i) => (
              <Select size="small" mode="multiple" value={x.roles ?? []} disabled={readOnly} style={{ width: 240 }}
                data-testid="transition-roles" aria-label={`${t('workflows.fields.roles')} ${i + 1}`} status={(x.roles ?? []).length === 0 ? 'error' : undefined}
                options={TENANT_ROLES.map((r) => ({ value: r, label: t(`workflows.roles.${r}`) }))}
                onChange={(roles) => setTransition(i, { roles })} />
            ) },
            { title: '', width: 90, render: (_, x) => (
              <Space size={2}>
                {x.added && <Tag color="green">{t('workflows.override.added')}</Tag>}
                {x.bridged && <Tag>{t('workflows.override.bridged')}</Tag>}
              </Space>
            ) },
            ...(readOnly ? [] : [{ title: '', width: 50, render: (_: unknown, __: Transition, i: number) => (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('workflows.editor.remove')}
                data-testid="transition-remove"
                onClick={() => onChange({ ...value, transitions: value.transitions.filter((_x, j) => j !== i) })} />
            ) }]),
          ]} />
      </Card>
    </Space>
  );
}
