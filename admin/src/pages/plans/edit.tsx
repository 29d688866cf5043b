// The plan editor: identity, prices per currency and interval, the feature matrix, limits with
// their types (hard / soft / billable overage with unit prices), and the plan's versions.
// save_plan creates a new version when the plan has subscribers (they stay on theirs).
import { Edit, Create } from '@refinedev/antd';
import { useCan, useList, useOne } from '@refinedev/core';
import {
  Alert, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography,
} from 'antd';
import { BoundedNumber } from '../../components/BoundedNumber';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../components/ReasonModal';
import { displayValue, useFeatures } from '../../components/entitlements/data';
import {
  LIMIT_RANGE, LIMIT_TYPES, OVERAGE_PRICE_RANGE, PRICE_RANGE, TIER_RANGE, TRIAL_DAYS_RANGE, currencies, definitionFromDraft, draftFromPlan, emptyDraft, planDraftErrors, type Feature, type LimitType,
  type PlanDraft, type PlanRow,
} from '../../components/entitlements/model';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import type { UsageRow } from '../../types/rows';

interface SaveResult { plan_id: string; code: string; version: number; new_version: boolean }

function PlanEditor({ plan, features }: { plan: PlanRow | null; features: Feature[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const location = useLocation();
  const { data: canWrite } = useCan({ resource: 'plans', action: 'edit' });
  const [code, setCode] = useState(plan?.code ?? '');
  const [draft, setDraft] = useState<PlanDraft>(() => (plan ? draftFromPlan(plan, features) : emptyDraft()));
  const [confirm, setConfirm] = useState<'save' | 'archive' | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState<SaveResult | null>((location.state as { saved?: SaveResult } | null)?.saved ?? null);
  const save = useRpcMutation<SaveResult>('save_plan');
  const archive = useRpcMutation('archive_plan', { successKey: 'plans.archived' });
  const { result: versions } = useList<PlanRow>({
    resource: 'plans', filters: [{ field: 'code', operator: 'eq', value: plan?.code ?? '' }],
    sorters: [{ field: 'version', order: 'desc' }], pagination: { mode: 'off' }, queryOptions: { enabled: !!plan },
  });
  const { data: usage } = useRpcQuery<UsageRow[]>('entitlement_usage_report', undefined, { enabled: !!plan });
  const readOnly = !canWrite?.can;
  const set = (patch: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const plain = features.filter((f) => f.type !== 'limit');
  const limits = features.filter((f) => f.type === 'limit');
  const curs = currencies(draft.prices);

  const trySave = () => {
    const e = planDraftErrors(code, draft);
    setErrors(e);
    if (!e.length) setConfirm('save');
  };
  // once shown, the list follows the edits: a fixed problem leaves it at once
  const shown = errors.length > 0;
  useEffect(() => { if (shown) setErrors(planDraftErrors(code, draft)); }, [code, draft, shown]);
  const doSave = (reason?: string) => save.mutate({ code, definition: definitionFromDraft(draft), reason: reason || null }, {
    onSuccess: (r) => {
      setConfirm(null);
      setSaved(r);
      if (r.plan_id !== plan?.id) navigate(`/plans/edit/${r.plan_id}`, { state: { saved: r } });
    },
  });

  const setLimit = (key: string, patch: Partial<PlanDraft['limits'][string]>) => {
    const f = features.find((x) => x.key === key)!;
    const cur = draft.limits[key] ?? { limit: f.default_value === null ? null : Number(f.default_value),
      type: (f.default_limit_type ?? 'hard') as LimitType, overage_prices: {} };
    set({ limits: { ...draft.limits, [key]: { ...cur, ...patch } } });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {readOnly && <Alert type="info" showIcon message={t('plans.read_only')} />}
      {plan && plan.status === 'archived' && <Alert type="warning" showIcon message={t('plans.is_archived')} />}
      {saved && (
        <Alert type="success" showIcon data-testid="plan-saved" data-version={saved.version}
          message={t(saved.new_version ? 'plans.saved_new_version' : 'plans.saved', { version: saved.version })} />
      )}
      {errors.length > 0 && (
        <Alert type="error" showIcon data-testid="plan-errors" message={t('plans.validation.title')}
          description={<ul style={{ margin: 0 }}>{errors.map((e) => <li key={e}>{t(e)}</li>)}</ul>} />
      )}
      <Card size="small" title={t('plans.sections.identity')}>
        <Form layout="vertical" disabled={readOnly}>
          <Row gutter={16}>
            <Col xs={24} md={6}><Form.Item label={t('plans.fields.code')} htmlFor="plan-code">
              <Input id="plan-code" dir="ltr" value={code} disabled={!!plan} onChange={(e) => setCode(e.target.value)} data-testid="plan-code" />
            </Form.Item></Col>
            <Col xs={24} md={9}><Form.Item label={t('plans.fields.name_en')} htmlFor="plan-name-en">
              <Input id="plan-name-en" value={draft.name.en} onChange={(e) => set({ name: { ...draft.name, en: e.target.value } })} data-testid="plan-name-en" />
            </Form.Item></Col>
            <Col xs={24} md={9}><Form.Item label={t('plans.fields.name_ar')} htmlFor="plan-name-ar">
              <Input id="plan-name-ar" dir="rtl" value={draft.name.ar} onChange={(e) => set({ name: { ...draft.name, ar: e.target.value } })} data-testid="plan-name-ar" />
            </Form.Item></Col>
            <Col xs={24} md={12}><Form.Item label={t('plans.fields.description_en')} htmlFor="plan-description-en">
              <Input id="plan-description-en" value={draft.description.en} onChange={(e) => set({ description: { ...draft.description, en: e.target.value } })} />
            </Form.Item></Col>
            <Col xs={24} md={12}><Form.Item label={t('plans.fields.description_ar')} htmlFor="plan-description-ar">
              <Input id="plan-description-ar" dir="rtl" value={draft.description.ar} onChange={(e) => set({ description: { ...draft.description, ar: e.target.value } })} />
            </Form.Item></Col>
            <Col xs={12} md={6}><Form.Item label={t('plans.fields.tier')} htmlFor="plan-tier">
              <BoundedNumber id="plan-tier" range={TIER_RANGE} value={draft.tier} onChange={(v) => set({ tier: v as number })} data-testid="plan-tier" />
            </Form.Item></Col>
            <Col xs={12} md={6}><Form.Item label={t('plans.fields.trial_days')} htmlFor="plan-trial-days">
              <BoundedNumber id="plan-trial-days" range={TRIAL_DAYS_RANGE} value={draft.trial_days} onChange={(v) => set({ trial_days: v as number })}
                data-testid="plan-trial-days" />
            </Form.Item></Col>
            <Col xs={12} md={6}><Form.Item label={t('plans.fields.is_default')} htmlFor="plan-is-default">
              <Switch id="plan-is-default" checked={draft.is_default} onChange={(v) => set({ is_default: v })} />
            </Form.Item></Col>
          </Row>
        </Form>
      </Card>

      <Card size="small" title={t('plans.sections.prices')} extra={!readOnly && (
        <Button size="small" icon={<PlusOutlined />} data-testid="price-add"
          onClick={() => set({ prices: [...draft.prices, { currency: 'OMR', interval: 'month', amount: 0 }] })}>{t('plans.add_price')}</Button>
      )}>
        <Table rowKey={(_, i) => String(i)} size="small" pagination={false} dataSource={draft.prices} data-testid="plan-prices">
          <Table.Column key="currency" title={t('plans.fields.currency')} render={(_, p: PlanDraft['prices'][number], i: number) => (
            <Input dir="ltr" disabled={readOnly} style={{ width: 90 }} value={p.currency} maxLength={3}
              aria-label={`${t('plans.fields.currency')} ${i + 1}`}
              onChange={(e) => set({ prices: draft.prices.map((x, j) => (j === i ? { ...x, currency: e.target.value.toUpperCase() } : x)) })} />
          )} />
          <Table.Column key="interval" title={t('plans.fields.interval')} render={(_, p: PlanDraft['prices'][number], i: number) => (
            <Select disabled={readOnly} style={{ width: 120 }} value={p.interval} aria-label={`${t('plans.fields.interval')} ${i + 1}`}
              options={['month', 'year'].map((v) => ({ value: v, label: t(`plans.intervals.${v}`) }))}
              onChange={(v) => set({ prices: draft.prices.map((x, j) => (j === i ? { ...x, interval: v } : x)) })} />
          )} />
          <Table.Column key="amount" title={t('plans.fields.amount')} render={(_, p: PlanDraft['prices'][number], i: number) => (
            <BoundedNumber disabled={readOnly} range={PRICE_RANGE} step={0.5} value={p.amount} data-testid={`price-${p.currency}-${p.interval}`}
              aria-label={`${t('plans.fields.amount')} ${p.currency} ${t(`plans.intervals.${p.interval}`)}`}
              onChange={(v) => set({ prices: draft.prices.map((x, j) => (j === i ? { ...x, amount: v as number } : x)) })} />
          )} />
          <Table.Column key="remove" render={(_, __, i: number) => !readOnly && (
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('buttons.delete')}
              onClick={() => set({ prices: draft.prices.filter((_, j) => j !== i) })} />
          )} />
        </Table>
      </Card>

      <Card size="small" title={t('plans.sections.features')}>
        <Typography.Paragraph type="secondary">{t('plans.features_explain')}</Typography.Paragraph>
        <Table<Feature> rowKey="key" size="small" pagination={false} dataSource={plain} data-testid="plan-features">
          <Table.Column key="name" title={t('plans.fields.feature')} render={(_, f: Feature) => (
            <Space direction="vertical" size={0}>{localName(f.name, lang)}
              <Typography.Text type="secondary" code dir="ltr" style={{ fontSize: 11 }}>{f.key}</Typography.Text></Space>
          )} />
          <Table.Column key="value" title={t('plans.fields.value')} render={(_, f: Feature) => {
            const set_ = f.key in draft.features;
            const value = set_ ? draft.features[f.key] : (f.default_value as boolean | string);
            const onChange = (v: boolean | string) => set({ features: { ...draft.features, [f.key]: v } });
            return f.type === 'boolean'
              ? <Switch disabled={readOnly} checked={value === true} onChange={onChange} data-testid={`feature-${f.key}`} aria-label={localName(f.name, lang)} />
              : <Select disabled={readOnly} style={{ width: 160 }} value={value as string} onChange={onChange} data-testid={`feature-${f.key}`}
                  aria-label={localName(f.name, lang)}
                  options={(f.enum_values ?? []).map((v) => ({ value: v, label: t(`plans.enum_values.${v}`) }))} />;
          }} />
          <Table.Column key="origin" render={(_, f: Feature) => (f.key in draft.features
            ? (!readOnly && <Button size="small" type="link" onClick={() => {
                const { [f.key]: _drop, ...rest } = draft.features; set({ features: rest });
              }}>{t('plans.use_default')}</Button>)
            : <Tag>{t('plans.default_value', { value: displayValue(f.default_value, t) })}</Tag>)} />
        </Table>
      </Card>

      <Card size="small" title={t('plans.sections.limits')}>
        <Typography.Paragraph type="secondary">{t('plans.limits_explain')}</Typography.Paragraph>
        <Table<Feature> rowKey="key" size="small" pagination={false} dataSource={limits} data-testid="plan-limits" scroll={{ x: 900 }}>
          <Table.Column key="name" title={t('plans.fields.limit')} render={(_, f: Feature) => (
            <Space direction="vertical" size={0}>{localName(f.name, lang)}
              <Typography.Text type="secondary" code dir="ltr" style={{ fontSize: 11 }}>{f.key}</Typography.Text></Space>
          )} />
          <Table.Column key="period" title={t('plans.fields.period')} render={(_, f: Feature) => t(`plans.periods.${f.period}`)} />
          <Table.Column key="value" title={t('plans.fields.value')} render={(_, f: Feature) => {
            const l = draft.limits[f.key];
            const value = l ? l.limit : (f.default_value as number | null);
            return (
              <Space>
                <BoundedNumber disabled={readOnly || value === null} range={LIMIT_RANGE} value={value ?? undefined} addonAfter={f.unit ?? undefined}
                  aria-label={localName(f.name, lang)}
                  data-testid={`limit-${f.key}`} onChange={(v) => setLimit(f.key, { limit: v as number })} style={{ width: 170 }} />
                <Checkbox disabled={readOnly} checked={value === null} data-testid={`limit-unlimited-${f.key}`}
                  onChange={(e) => setLimit(f.key, { limit: e.target.checked ? null : 0 })}>{t('plans.unlimited')}</Checkbox>
                {!l && <Tag>{t('plans.default')}</Tag>}
              </Space>
            );
          }} />
          <Table.Column key="type" title={t('plans.fields.limit_type')} render={(_, f: Feature) => (
            <Select disabled={readOnly} style={{ width: 170 }} data-testid={`limit-type-${f.key}`}
              aria-label={`${t('plans.fields.limit_type')}: ${localName(f.name, lang)}`}
              value={draft.limits[f.key]?.type ?? f.default_limit_type ?? 'hard'}
              onChange={(v: LimitType) => setLimit(f.key, { type: v })}
              options={LIMIT_TYPES.map((v) => ({ value: v, label: t(`plans.limit_types.${v}`) }))} />
          )} />
          <Table.Column key="overage" title={t('plans.fields.overage_prices')} render={(_, f: Feature) => {
            const l = draft.limits[f.key];
            if ((l?.type ?? f.default_limit_type) !== 'overage') return '—';
            return (
              <Space wrap size={4}>
                {(curs.length ? curs : Object.keys(l?.overage_prices ?? {})).map((c) => (
                  <BoundedNumber key={c} size="small" disabled={readOnly} range={OVERAGE_PRICE_RANGE} step={0.001} addonBefore={c} style={{ width: 130 }}
                    aria-label={`${t('plans.fields.overage_prices')} ${c}`} data-testid={`overage-${f.key}-${c}`}
                    value={l?.overage_prices[c]} onChange={(v) => {
                      const op = { ...(l?.overage_prices ?? {}) };
                      if (v === null || v === undefined) delete op[c]; else op[c] = Number(v);
                      setLimit(f.key, { overage_prices: op });
                    }} />
                ))}
              </Space>
            );
          }} />
        </Table>
      </Card>

      {plan && (
        <Card size="small" title={t('plans.sections.versions')}>
          <Table<PlanRow> rowKey="id" size="small" pagination={false} dataSource={versions?.data ?? []} data-testid="plan-versions">
            <Table.Column dataIndex="version" title={t('plans.fields.version')}
              render={(v: number, r: PlanRow) => <span data-testid={`plan-version-${v}`} data-current={String(r.is_current)}>v{formatNumber(v, lang)}</span>} />
            <Table.Column dataIndex="created_at" title={t('plans.fields.created_at')} render={(v) => formatDateTime(v, lang)} />
            <Table.Column key="current" title={t('plans.fields.current')}
              render={(_, r: PlanRow) => (r.is_current ? <Tag color="green">{t('plans.current')}</Tag> : <Tag>{t('plans.grandfathered')}</Tag>)} />
            <Table.Column key="subs" title={t('plans.fields.subscribers')} render={(_, r: PlanRow) =>
              formatNumber(Number((usage ?? []).find((u) => u.kind === 'plan' && u.code === `${r.code} v${r.version}`)?.tenants ?? 0), lang)} />
            <Table.Column key="trial" dataIndex="trial_days" title={t('plans.fields.trial_days')} render={(v: number) => formatNumber(v, lang)} />
          </Table>
        </Card>
      )}

      {!readOnly && (
        <Space>
          <Button type="primary" onClick={trySave} loading={save.isPending} data-testid="plan-save">{t('buttons.save')}</Button>
          {plan && plan.status === 'active' && (
            <Button danger onClick={() => setConfirm('archive')} data-testid="plan-archive">{t('plans.archive')}</Button>
          )}
        </Space>
      )}
      <ReasonModal open={confirm === 'save'} title={t('plans.save_title')} reasonRequired={false}
        description={<Typography.Paragraph>{t('plans.save_explain')}</Typography.Paragraph>}
        confirmLoading={save.isPending} onCancel={() => setConfirm(null)} onConfirm={(v) => doSave(v.reason)} />
      <ReasonModal open={confirm === 'archive'} danger title={t('plans.archive_title', { code })} reasonRequired
        description={<Typography.Paragraph>{t('plans.archive_explain')}</Typography.Paragraph>}
        confirmLoading={archive.isPending} onCancel={() => setConfirm(null)}
        onConfirm={(v) => archive.mutate({ code, reason: v.reason }, { onSuccess: () => setConfirm(null) })} />
    </Space>
  );
}

export function PlanEdit() {
  const { id } = useParams();
  const { features, loading } = useFeatures();
  const { result, query } = useOne<PlanRow>({ resource: 'plans', id: id ?? '', meta: { select: '*, plan_prices(*), plan_features(*)' } });
  const plan = result ?? null;
  const key = useMemo(() => (plan ? `${plan.id}:${features.length}` : ''), [plan, features.length]);
  return (
    <Edit isLoading={query.isLoading || loading} saveButtonProps={{ hidden: true }} canDelete={false}
      title={plan ? <span data-testid="plan-title">{plan.code} v{plan.version}</span> : undefined}>
      {plan && features.length > 0 && <PlanEditor key={key} plan={plan} features={features} />}
    </Edit>
  );
}

export function PlanCreate() {
  const { features, loading } = useFeatures();
  return (
    <Create isLoading={loading} saveButtonProps={{ hidden: true }}>
      {features.length > 0 && <PlanEditor plan={null} features={features} />}
    </Create>
  );
}
