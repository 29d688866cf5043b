import { Show, EditButton, RefreshButton } from '@refinedev/antd';
import { useCan, useShow } from '@refinedev/core';
import { App, Button, Descriptions, Form, Input, InputNumber, Modal, Radio, Space, Tabs, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../lib/numbers';
import { validValues } from '../../lib/forms';
import { StatusTag } from '../../components/StatusTag';
import { ReasonModal } from '../../components/ReasonModal';
import { JsonView } from '../../components/JsonView';
import { formatDate, formatDateTime, localName } from '../../lib/format';
import { DANGEROUS, isLifecycleAction, lifecycleCall, type AllowedAction, type LifecycleAction } from '../../lib/lifecycle';
import { impersonationSchema } from '../../lib/schemas';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import type { TenantRow } from '../../types/rows';
import { HistoryTab } from './tabs/History';
import { ProvisioningTab } from './tabs/Provisioning';
import { ChecklistTab } from './tabs/Checklist';
import { HealthTab } from './tabs/Health';
import { SettingsTab } from './tabs/Settings';
import { WorkflowTab } from './tabs/Workflow';
import { EntitlementsTab } from './tabs/Entitlements';
import { BillingTab } from './tabs/Billing';
import { CommunicationsTab } from './tabs/Communications';
import { CatalogTab } from './tabs/Catalog';
import { SupportTab } from './tabs/Support';

function LifecycleActions({ tenantId, onChanged }: { tenantId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const { data: actions } = useRpcQuery<AllowedAction[]>('tenant_allowed_actions', { tenant_id: tenantId });
  const [pending, setPending] = useState<AllowedAction | null>(null);
  const change = useRpcMutation<string, { action: LifecycleAction; reason?: string; trial_days?: number }>(
    (v) => lifecycleCall(tenantId, v.action, v.reason, v.trial_days));
  const confirm = (values: { reason?: string; trial_days?: number }) => {
    if (!pending || !isLifecycleAction(pending.action)) return;
    const done = pending;
    change.mutate({ action: pending.action, ...values }, {
      onSuccess: (status) => {
        // say what happened: the action and the status the tenant now has
        notification.success({ message: t(`tenants.lifecycle.done.${done.action}`,
          { status: t(`tenants.status.${status || done.to_status}`) }), placement: 'topRight' });
        setPending(null);
        onChanged();
      },
    });
  };
  return (
    <>
      {(actions ?? []).filter((a) => isLifecycleAction(a.action)).map((a) => (
        <Button key={a.action} danger={DANGEROUS.has(a.action)} data-testid={`lifecycle-${a.action}`}
          onClick={() => setPending(a)}>
          {t(`tenants.lifecycle.actions.${a.action}`)}
        </Button>
      ))}
      <ReasonModal
        open={!!pending}
        title={pending ? t(`tenants.lifecycle.confirm.${pending.action}`) : ''}
        okText={pending ? t(`tenants.lifecycle.actions.${pending.action}`) : undefined}
        description={pending && (
          <Typography.Paragraph>
            {t('tenants.lifecycle.confirm_body')} <StatusTag status={pending.to_status} />
          </Typography.Paragraph>
        )}
        reasonRequired={!!pending?.reason_required}
        trialDays={pending?.action === 'start_trial'}
        danger={pending ? DANGEROUS.has(pending.action) : false}
        confirmLoading={change.isPending}
        onCancel={() => setPending(null)}
        onConfirm={confirm}
      />
    </>
  );
}

function ImpersonateButton({ tenantId, status }: { tenantId: string; status: string }) {
  const { t } = useTranslation();
  const { data: canStart } = useCan({ resource: 'tenants', action: 'impersonate' });
  const { data: canFull } = useCan({ resource: 'tenants', action: 'impersonate_full' });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const start = useRpcMutation('start_impersonation', { successKey: 'impersonation.started' });
  if (!canStart?.can || ['draft', 'churned'].includes(status)) return null;
  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    const parsed = impersonationSchema.safeParse(values);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: i.path as any, errors: [t(i.message)] })));
      return;
    }
    start.mutate({ tenant_id: tenantId, ...parsed.data }, { onSuccess: () => setOpen(false) });
  };
  return (
    <>
      <Button icon={<EyeOutlined />} data-testid="impersonate" onClick={() => setOpen(true)}>{t('impersonation.start')}</Button>
      <Modal open={open} title={t('impersonation.start_title')} onCancel={() => setOpen(false)} onOk={submit}
        okButtonProps={{ 'data-testid': 'impersonate-ok' } as any} confirmLoading={start.isPending} destroyOnHidden
        okText={t('impersonation.start')} cancelText={t('buttons.cancel')}>
        <Typography.Paragraph type="secondary">{t('impersonation.explain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ mode: 'read_only', minutes: 15 }} preserve={false}>
          <Form.Item name="mode" label={t('impersonation.mode')}>
            <Radio.Group data-testid="impersonate-mode">
              <Radio value="read_only">{t('impersonation.modes.read_only')}</Radio>
              <Radio value="full" disabled={!canFull?.can}>{t('impersonation.modes.full')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="reason" label={t('impersonation.reason')} rules={[{ required: true, min: 5, message: t('impersonation.validation.reason') }]}>
            <Input.TextArea rows={2} data-testid="impersonate-reason" />
          </Form.Item>
          <Form.Item name="minutes" label={t('impersonation.minutes')} rules={[numberRule({ min: 1, max: 30, integer: true, required: true }, t)]}>
            <InputNumber data-testid="impersonate-minutes" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function TenantShow() {
  const { t, i18n } = useTranslation();
  const { query } = useShow<TenantRow>({ resource: 'tenants' });
  const record = query.data?.data;
  // The open tab lives in the URL (?tab=…): it survives a re-render or remount of the page (a
  // refetch after a lifecycle action), can be linked to, and the back button returns to it.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'profile';
  const setTab = (key: string) => setParams((p) => { p.set('tab', key); return p; }, { replace: true });
  const { data: canWorkflows } = useCan({ resource: 'workflows', action: 'list' });
  const { data: canBilling } = useCan({ resource: 'billing_subscriptions', action: 'list' });
  const { data: canCatalog } = useCan({ resource: 'catalog', action: 'list' });
  const { data: canMessages } = useCan({ resource: 'notification_outbox', action: 'list' });
  const { data: canSupport } = useCan({ resource: 'support', action: 'list' });
  if (!record) return <Show isLoading={query.isLoading} />;
  const lang = i18n.language;
  return (
    <Show
      title={<Space><span data-testid="tenant-title">{localName(record.name, lang)}</span><StatusTag status={record.status} /></Space>}
      headerButtons={() => (
        <Space wrap>
          <LifecycleActions tenantId={record.id} onChanged={() => { void query.refetch(); }} />
          <ImpersonateButton tenantId={record.id} status={record.status} />
          <EditButton recordItemId={record.id} />
          <RefreshButton onClick={() => void query.refetch()} />
        </Space>
      )}
    >
      <Tabs activeKey={tab} onChange={setTab} destroyOnHidden items={[
        { key: 'profile', label: t('tenants.tabs.profile'), children: (
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('tenants.fields.slug')}><Typography.Text code dir="ltr">{record.slug}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.status')}><span data-testid="tenant-status" data-status={record.status}><StatusTag status={record.status} /></span></Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.name_en')}>{record.name?.en}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.name_ar')}><span dir="rtl">{record.name?.ar ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.legal_name')}>{record.legal_name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.region')}>{t(`tenants.regions.${record.region}`, record.region)}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.country')}>{record.country}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.currency')}>{record.currency}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.timezone')}>{record.timezone}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.default_locale')}>{t(`common.languages.${record.default_locale}`)}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.contact_email')}>{record.contact?.email ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.contact_name')}>{record.contact?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.primary_color')}>
              {record.branding?.primary_color ? <Tag color={record.branding.primary_color}>{record.branding.primary_color}</Tag> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.trial_ends_at')}>{formatDate(record.trial_ends_at, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.status_changed_at')}>{formatDateTime(record.status_changed_at, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.created_at')}>{formatDateTime(record.created_at, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('tenants.fields.custom_fields')} span={2}><JsonView value={record.custom_fields} /></Descriptions.Item>
          </Descriptions>
        ) },
        { key: 'history', label: <span data-testid="tab-history">{t('tenants.tabs.history')}</span>, children: <HistoryTab tenantId={record.id} /> },
        { key: 'provisioning', label: <span data-testid="tab-provisioning">{t('tenants.tabs.provisioning')}</span>,
          children: <ProvisioningTab tenantId={record.id} tenantStatus={record.status} /> },
        { key: 'checklist', label: <span data-testid="tab-checklist">{t('tenants.tabs.checklist')}</span>, children: <ChecklistTab tenantId={record.id} /> },
        { key: 'health', label: <span data-testid="tab-health">{t('tenants.tabs.health')}</span>, children: <HealthTab tenantId={record.id} /> },
        { key: 'settings', label: <span data-testid="tab-settings">{t('tenants.tabs.settings')}</span>, children: <SettingsTab tenantId={record.id} /> },
        { key: 'entitlements', label: <span data-testid="tab-entitlements">{t('plans.entitlements.tab')}</span>,
          children: <EntitlementsTab tenantId={record.id} currency={record.currency} /> },
        ...(canWorkflows?.can ? [{ key: 'workflow', label: <span data-testid="tab-workflow">{t('workflows.tabs.workflow')}</span>,
          children: <WorkflowTab tenantId={record.id} /> }] : []),
        ...(canCatalog?.can ? [{ key: 'catalog', label: <span data-testid="tab-catalog">{t('catalog.tenant_tab.title')}</span>,
          children: <CatalogTab tenantId={record.id} /> }] : []),
        ...(canBilling?.can ? [{ key: 'billing', label: <span data-testid="tab-billing">{t('billing.tabs.billing')}</span>,
          children: <BillingTab tenantId={record.id} currency={record.currency} /> }] : []),
        ...(canMessages?.can ? [{ key: 'communications', label: <span data-testid="tab-communications">{t('notifications.tenant_tab')}</span>,
          children: <CommunicationsTab tenantId={record.id} /> }] : []),
        ...(canSupport?.can ? [{ key: 'support', label: <span data-testid="tab-support">{t('support.tenant_tab')}</span>,
          children: <SupportTab tenantId={record.id} /> }] : []),
      ]} />
    </Show>
  );
}
