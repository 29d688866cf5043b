// A tenant's effective entitlements (rpc entitlements): each value with where it came from,
// usage against limits, grants / revocations with reason and expiry, and the plan change (the one
// rule, change_plan, shared with the Billing tab).
import { useCan, useList } from '@refinedev/core';
import {
  Alert, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Progress, Radio, Select, Space,
  Switch, Table, Tag, Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../../lib/numbers';
import { OVERRIDE_VALUE_RANGE } from '../../../components/entitlements/model';
import { validValues } from '../../../lib/forms';
import type { Dayjs } from 'dayjs';
import { ReasonModal } from '../../../components/ReasonModal';
import { displayValue, useFeatures } from '../../../components/entitlements/data';
import {
  SOURCE_COLOR, grantValue, usage, type Entitlements, type Feature, type LimitState, type Source,
} from '../../../components/entitlements/model';
import { PlanChangeModal } from '../../../components/entitlements/PlanChangeModal';
import { formatDateTime, formatNumber, localName } from '../../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../../lib/useRpc';
import { useStaffNames } from '../../../lib/useStaffNames';
import type { EntitlementOverrideRow as OverrideRow, TenantPlanRow } from '../../../types/rows';


export function SourceTag({ source, testId }: { source: Source; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={SOURCE_COLOR[source] ?? 'default'} data-testid={testId} data-source={source}>{t(`plans.sources.${source}`)}</Tag>;
}

function GrantModal({ tenantId, features, open, onClose }: { tenantId: string; features: Feature[]; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as 'grant' | 'revoke' | undefined;
  const key = Form.useWatch('feature_key', form) as string | undefined;
  const feature = features.find((f) => f.key === key);
  const grant = useRpcMutation('grant_feature', { successKey: 'plans.entitlements.granted' });
  const revoke = useRpcMutation('revoke_feature', { successKey: 'plans.entitlements.revoked' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    const expires = (v.expires_at as Dayjs | undefined)?.toISOString() ?? null;
    if (v.kind === 'revoke') {
      revoke.mutate({ tenant_id: tenantId, feature_key: v.feature_key, reason: v.reason, expires_at: expires }, { onSuccess: onClose });
      return;
    }
    const raw = feature?.type === 'limit' ? (v.unlimited ? null : v.value) : feature?.type === 'boolean' ? (v.value ?? true) : v.value;
    const parsed = grantValue(feature!, raw);
    if (!parsed.ok) { form.setFields([{ name: 'value', errors: [t('plans.entitlements.bad_value')] }]); return; }
    grant.mutate({ tenant_id: tenantId, feature_key: v.feature_key, reason: v.reason, value: parsed.value, expires_at: expires },
      { onSuccess: onClose });
  };
  return (
    <Modal open={open} title={t('plans.entitlements.override_title')} onCancel={onClose} onOk={submit} destroyOnHidden
      confirmLoading={grant.isPending || revoke.isPending} okText={t('common.confirm')} cancelText={t('buttons.cancel')}
      okButtonProps={{ 'data-testid': 'override-ok' } as any}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'grant', value: true }}>
        <Form.Item name="kind" label={t('plans.entitlements.kind')}>
          <Radio.Group data-testid="override-kind">
            <Radio value="grant" data-testid="override-kind-grant">{t('plans.entitlements.kinds.grant')}</Radio>
            <Radio value="revoke" data-testid="override-kind-revoke">{t('plans.entitlements.kinds.revoke')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="feature_key" label={t('plans.fields.feature')} rules={[{ required: true, message: t('plans.validation.required') }]}>
          <Select showSearch data-testid="override-feature" optionFilterProp="label"
            onChange={(k: string) => {
              const f = features.find((x) => x.key === k);
              form.setFieldsValue({ value: f?.type === 'boolean' ? true : f?.type === 'enum' ? f.enum_values?.[0] : 0, unlimited: false });
            }}
            options={features.map((f) => ({ value: f.key, label: `${localName(f.name, i18n.language)} (${f.key})` }))} />
        </Form.Item>
        {kind !== 'revoke' && feature?.type === 'boolean' && (
          <Form.Item name="value" label={t('plans.fields.value')} valuePropName="checked"><Switch /></Form.Item>
        )}
        {kind !== 'revoke' && feature?.type === 'enum' && (
          <Form.Item name="value" label={t('plans.fields.value')}>
            <Select options={(feature.enum_values ?? []).map((v) => ({ value: v, label: t(`plans.enum_values.${v}`) }))} />
          </Form.Item>
        )}
        {kind !== 'revoke' && feature?.type === 'limit' && (
          <Space>
            <Form.Item name="value" label={t('plans.fields.value')} rules={[numberRule(OVERRIDE_VALUE_RANGE, t)]}>
              <InputNumber addonAfter={feature.unit ?? undefined} data-testid="override-value" />
            </Form.Item>
            <Form.Item name="unlimited" valuePropName="checked" label=" "><Switch checkedChildren={t('plans.unlimited')} unCheckedChildren={t('plans.unlimited')} /></Form.Item>
          </Space>
        )}
        <Form.Item name="reason" label={t('common.reason_required')}
          rules={[{ required: true, whitespace: true, min: 3, message: t('plans.validation.reason') }]}>
          <Input.TextArea rows={2} data-testid="override-reason" />
        </Form.Item>
        <Form.Item name="expires_at" label={t('plans.entitlements.expires_at')} extra={t('plans.entitlements.expires_hint')}>
          <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isBefore(new Date(), 'day')} data-testid="override-expires" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EntitlementsTab({ tenantId, currency }: { tenantId: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'plans', action: 'edit' });
  const { data: ent, isLoading, error } = useRpcQuery<Entitlements>('entitlements', { tenant_id: tenantId });
  const { features } = useFeatures();
  const { result: overrides } = useList<OverrideRow>({
    resource: 'entitlement_overrides', filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId },
      { field: 'removed_at', operator: 'null', value: true }], sorters: [{ field: 'created_at', order: 'desc' }],
    pagination: { mode: 'off' },
  });
  const { result: tp } = useList<TenantPlanRow>({
    resource: 'tenant_plans', filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }], pagination: { mode: 'off' },
  });
  const names = useStaffNames((overrides?.data ?? []).map((o) => o.actor_id));
  const [granting, setGranting] = useState(false);
  const [changing, setChanging] = useState(false);
  const [removing, setRemoving] = useState<OverrideRow | null>(null);
  const remove = useRpcMutation('remove_entitlement_override', { successKey: 'plans.entitlements.removed' });
  if (error) return <Alert type="error" showIcon message={(error as any)?.message} />;
  if (isLoading || !ent) return <Card loading />;
  const byKey = new Map(features.map((f) => [f.key, f]));
  const name = (k: string) => localName(byKey.get(k)?.name, lang) || k;
  const plain = Object.keys(ent.features).filter((k) => byKey.get(k)?.type !== 'limit')
    .sort((a, b) => (byKey.get(a)?.sort_order ?? 999) - (byKey.get(b)?.sort_order ?? 999));
  const limitKeys = Object.keys(ent.limits).sort((a, b) => (byKey.get(a)?.sort_order ?? 999) - (byKey.get(b)?.sort_order ?? 999));
  const now = Date.now();
  const live = (overrides?.data ?? []).filter((o) => !o.expires_at || Date.parse(o.expires_at) > now);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="entitlements-tab">
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('plans.entitlements.plan')}>
          <span data-testid="ent-plan">{ent.plan ? `${ent.plan} v${ent.plan_version}` : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.entitlements.restriction')}>
          {ent.status_restriction ? <Tag color="orange">{t(`tenants.status.${ent.status_restriction}`, ent.status_restriction)}</Tag> : t('plans.entitlements.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.entitlements.add_ons')}>
          {ent.add_ons.length ? ent.add_ons.map((a) => <Tag key={a.code} color="purple" dir="ltr">{a.code} ×{a.quantity}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.entitlements.modules')} span={3}>
          <Space wrap size={4}>{ent.modules.map((m) => <Tag key={m} color="blue">{byKey.has(`module.${m}`) ? name(`module.${m}`) : name(m)}</Tag>)}</Space>
        </Descriptions.Item>
      </Descriptions>
      {canWrite?.can && (
        <Space>
          <Button type="primary" onClick={() => setGranting(true)} data-testid="override-add">{t('plans.entitlements.add_override')}</Button>
          <Button onClick={() => setChanging(true)} data-testid="change-plan">{t('plans.entitlements.change_plan')}</Button>
        </Space>
      )}

      <Card size="small" title={t('plans.entitlements.overrides')}>
        <Table<OverrideRow> rowKey="id" size="small" pagination={false} dataSource={live} data-testid="overrides-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plans.entitlements.no_overrides')} /> }}>
          <Table.Column dataIndex="kind" title={t('plans.entitlements.kind')}
            render={(v: 'grant' | 'revoke') => <Tag color={v === 'grant' ? 'green' : 'red'}>{t(`plans.entitlements.kinds.${v}`)}</Tag>} />
          <Table.Column dataIndex="feature_key" title={t('plans.fields.feature')}
            render={(v: string) => <span data-testid={`override-${v}`}>{name(v)} <Typography.Text code dir="ltr">{v}</Typography.Text></span>} />
          <Table.Column dataIndex="value" title={t('plans.fields.value')} render={(v, r: OverrideRow) => (r.kind === 'grant' ? displayValue(v, t) : '—')} />
          <Table.Column dataIndex="reason" title={t('common.reason')} />
          <Table.Column dataIndex="expires_at" title={t('plans.entitlements.expires_at')}
            render={(v: string | null) => (v ? formatDateTime(v, lang) : t('plans.entitlements.never'))} />
          <Table.Column dataIndex="actor_id" title={t('plans.entitlements.actor')}
            render={(v: string | null) => (v ? names.get(v) ?? v.slice(0, 8) : t('common.system'))} />
          {canWrite?.can && (
            <Table.Column key="remove" render={(_, r: OverrideRow) => (
              <Button size="small" danger data-testid={`override-remove-${r.feature_key}`} onClick={() => setRemoving(r)}>
                {t('plans.entitlements.remove')}
              </Button>
            )} />
          )}
        </Table>
      </Card>

      <Card size="small" title={t('plans.entitlements.limits')}>
        <Table<string> rowKey={(k) => k} size="small" pagination={false} dataSource={limitKeys} data-testid="limits-table">
          <Table.Column key="name" title={t('plans.fields.limit')} render={(k: string) => (
            <Space direction="vertical" size={0}>{name(k)}<Typography.Text type="secondary" code dir="ltr" style={{ fontSize: 11 }}>{k}</Typography.Text></Space>
          )} />
          <Table.Column key="usage" title={t('plans.entitlements.usage')} render={(k: string) => {
            const l: LimitState = ent.limits[k];
            const u = usage(l);
            const text = u.unlimited
              ? t('plans.entitlements.used_unlimited', { used: formatNumber(Number(l.used), lang) })
              : t('plans.entitlements.used_of', { used: formatNumber(Number(l.used), lang), limit: formatNumber(Number(l.limit), lang) });
            return (
              <div style={{ minWidth: 220 }} data-testid={`limit-usage-${k}`} data-percent={u.percent}>
                {!u.unlimited && <Progress percent={u.percent} size="small" status={u.status} showInfo={false} />}
                <Typography.Text type={u.over ? 'danger' : undefined} style={{ fontSize: 12 }}>{text}</Typography.Text>
              </div>
            );
          }} />
          <Table.Column key="type" title={t('plans.fields.limit_type')} render={(k: string) => t(`plans.limit_types.${ent.limits[k].type}`)} />
          <Table.Column key="period" title={t('plans.fields.period')} render={(k: string) => t(`plans.periods.${ent.limits[k].period}`)} />
          <Table.Column key="source" title={t('plans.entitlements.source')} render={(k: string) => (
            <Space size={4}><SourceTag source={ent.limits[k].source} testId={`ent-source-${k}`} />
              {ent.limits[k].restricted && <Tag color="orange">{t('plans.sources.restricted')}</Tag>}</Space>
          )} />
        </Table>
      </Card>

      <Card size="small" title={t('plans.entitlements.features')}>
        <Table<string> rowKey={(k) => k} size="small" pagination={false} dataSource={plain} data-testid="features-table">
          <Table.Column key="name" title={t('plans.fields.feature')} render={(k: string) => (
            <Space direction="vertical" size={0}>{name(k)}<Typography.Text type="secondary" code dir="ltr" style={{ fontSize: 11 }}>{k}</Typography.Text></Space>
          )} />
          <Table.Column key="value" title={t('plans.fields.value')}
            render={(k: string) => <span data-testid={`ent-value-${k}`} data-value={JSON.stringify(ent.features[k])}>{displayValue(ent.features[k], t)}</span>} />
          <Table.Column key="source" title={t('plans.entitlements.source')} render={(k: string) => <SourceTag source={ent.sources[k]} testId={`ent-source-${k}`} />} />
        </Table>
      </Card>

      <GrantModal tenantId={tenantId} features={features} open={granting} onClose={() => setGranting(false)} />
      <PlanChangeModal tenantId={tenantId} currency={currency} interval={tp?.data?.[0]?.billing_interval ?? 'month'} testId="change-plan"
        open={changing} onClose={() => setChanging(false)} />
      <ReasonModal open={!!removing} danger reasonRequired title={t('plans.entitlements.remove_title', { feature: removing?.feature_key ?? '' })}
        confirmLoading={remove.isPending} onCancel={() => setRemoving(null)}
        onConfirm={(v) => remove.mutate({ override_id: removing!.id, reason: v.reason }, { onSuccess: () => setRemoving(null) })} />
    </Space>
  );
}
