// The tenant page's Billing tab: its subscriptions (current plan, change plan — the one rule,
// change_plan, shared with the Entitlements tab —, cancel, resume, add-ons, new subscription),
// billing profile and recent invoices.
import { useCan, useList } from '@refinedev/core';
import { Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../../lib/numbers';
import { validValues } from '../../../lib/forms';
import { BillingTag } from '../../../components/billing/BillingTag';
import { Amount, InvoiceLink, nowrap, one } from '../../../components/billing/common';
import { useMoney } from '../../../components/billing/money';
import { useAddOns, useCurrentPlans } from '../../../components/entitlements/data';
import { PlanChangeModal } from '../../../components/entitlements/PlanChangeModal';
import { formatDate, formatNumber, formatPeriod, localName } from '../../../lib/format';
import { SUBSCRIPTION_SELECT } from '../../billing/subscriptions';
import { useRpcMutation } from '../../../lib/useRpc';
import type { BillingProfileRow as ProfileRow, InvoiceRow, SubscriptionRow } from '../../../types/rows';

function CancelModal({ sub, open, onClose }: { sub: SubscriptionRow; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form] = Form.useForm();
  const when = Form.useWatch('when', form) ?? 'period_end';
  const cancelNow = useRpcMutation('cancel_subscription', { successKey: 'billing.subscriptions.cancelled' });
  const cancelAtEnd = useRpcMutation('cancel_subscription', { successKey: 'billing.subscriptions.cancel_scheduled' });
  const busy = cancelNow.isPending || cancelAtEnd.isPending;
  return (
    <Modal open={open} title={t('billing.subscriptions.cancel_title')} onCancel={onClose} destroyOnHidden okButtonProps={{ danger: true, 'data-testid': 'sub-cancel-ok' } as any}
      okText={t('billing.subscriptions.cancel_confirm')} cancelText={t('billing.subscriptions.keep')} confirmLoading={busy}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        (v.when === 'period_end' ? cancelAtEnd : cancelNow).mutate({ subscription_id: sub.id, at_period_end: v.when === 'period_end', reason: v.reason?.trim() || null }, { onSuccess: onClose });
      }}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ when: 'period_end' }}>
        <Form.Item name="when" extra={when === 'now' ? t('billing.subscriptions.cancel_now_hint')
          : t('billing.subscriptions.cancel_at_end_hint', { date: formatDate(sub.current_period_end, lang, one(sub.tenant)?.timezone) })}>
          <Radio.Group>
            <Radio value="period_end">{t('billing.subscriptions.cancel_at_end')}</Radio>
            <Radio value="now" data-testid="sub-cancel-now">{t('billing.subscriptions.cancel_now')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason_optional')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function AddOnModal({ sub, open, onClose }: { sub: SubscriptionRow; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const { addOns } = useAddOns();
  const set = useRpcMutation('set_subscription_add_on', { successKey: 'billing.subscriptions.add_on_saved' });
  return (
    <Modal open={open} title={t('billing.subscriptions.add_ons')} onCancel={onClose} destroyOnHidden okText={t('buttons.save')} cancelText={t('buttons.cancel')}
      confirmLoading={set.isPending} okButtonProps={{ 'data-testid': 'sub-add-on-ok' } as any}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        set.mutate({ subscription_id: sub.id, add_on_code: v.add_on_code, quantity: v.quantity, reason: v.reason?.trim() || null }, { onSuccess: onClose });
      }}>
      <Typography.Paragraph type="secondary">{t('billing.subscriptions.add_on_explain')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ quantity: 1 }}>
        <Form.Item name="add_on_code" label={t('billing.fields.add_on')} rules={[{ required: true, message: t('billing.validation.required') }]}>
          <Select data-testid="sub-add-on-code" onChange={(code) => form.setFieldValue('quantity', sub.subscription_add_ons?.find((a) => a.add_on_code === code)?.quantity ?? 1)}
            options={addOns.map((a) => ({ value: a.code, label: `${localName(a.name, i18n.language)} (${a.code})` }))} />
        </Form.Item>
        <Form.Item name="quantity" label={t('billing.fields.quantity')} rules={[numberRule({ min: 0, max: 1000, integer: true, required: true }, t)]}>
          <InputNumber data-testid="sub-add-on-quantity" />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason_optional')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function NewSubscriptionModal({ tenantId, open, onClose }: { tenantId: string; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const { plans } = useCurrentPlans();
  const create = useRpcMutation('create_subscription', { successKey: 'billing.subscriptions.created' });
  return (
    <Modal open={open} title={t('billing.subscriptions.new')} onCancel={onClose} destroyOnHidden okText={t('buttons.create')} cancelText={t('buttons.cancel')}
      confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'sub-create-ok' } as any}
      onOk={async () => {
        const v = await validValues(form);
        if (!v) return;
        create.mutate({ tenant_id: tenantId, plan_code: v.plan_code, billing_interval: v.billing_interval, coupon_code: v.coupon_code?.trim() || null,
          trial_days: v.trial_days ?? null, reason: v.reason?.trim() || null }, { onSuccess: onClose });
      }}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ billing_interval: 'month', trial_days: 0 }}>
        <Form.Item name="plan_code" label={t('billing.fields.plan')} rules={[{ required: true, message: t('billing.validation.required') }]}>
          <Select data-testid="sub-create-plan" options={plans.filter((p) => p.status === 'active').map((p) => ({ value: p.code, label: `${localName(p.name, i18n.language)} (${p.code})` }))} />
        </Form.Item>
        <Form.Item name="billing_interval" label={t('billing.fields.interval')}>
          <Radio.Group>
            <Radio value="month">{t('billing.intervals.month')}</Radio>
            <Radio value="year">{t('billing.intervals.year')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="trial_days" label={t('billing.fields.trial_days')} extra={t('billing.subscriptions.trial_hint')}
          rules={[numberRule({ min: 0, max: 365, integer: true }, t)]}>
          <InputNumber data-testid="sub-create-trial" />
        </Form.Item>
        <Form.Item name="coupon_code" label={t('billing.fields.coupon')}><Input dir="ltr" data-testid="sub-create-coupon" /></Form.Item>
        <Form.Item name="reason" label={t('common.reason_optional')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function SubscriptionCard({ sub }: { sub: SubscriptionRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { data: canWrite } = useCan({ resource: 'billing_subscriptions', action: 'edit' });
  const [modal, setModal] = useState<'change' | 'cancel' | 'add_on' | null>(null);
  const resume = useRpcMutation('resume_subscription', { successKey: 'billing.subscriptions.resumed' });
  const { addOns } = useAddOns();
  const plan = sub.plan;
  const live = sub.status !== 'cancelled';
  // Dates in the tenant's timezone: the period is the days it covers (last day = end − 1), as on its invoices.
  const tz = one(sub.tenant)?.timezone;
  const addOnName = (code: string) => localName(addOns.find((a) => a.code === code)?.name, lang) || code;
  return (
    <Card size="small" data-testid={`subscription-${sub.id}`} data-status={sub.status}
      title={<Space>
        {plan ? <span data-testid="sub-plan">{localName(plan.name, lang)} <Typography.Text type="secondary" dir="ltr">{plan.code} v{plan.version}</Typography.Text></span>
          : <Tag>{t('billing.subscriptions.add_ons_only')}</Tag>}
        <span data-testid="sub-status" data-status={sub.status}><BillingTag kind="subscription" status={sub.status} /></span>
      </Space>}
      extra={canWrite?.can && live && (
        <Space wrap>
          {plan && ['trialing', 'active', 'past_due'].includes(sub.status) && (
            <Button size="small" type="primary" onClick={() => setModal('change')} data-testid="sub-change">{t('billing.subscriptions.change_plan')}</Button>
          )}
          <Button size="small" onClick={() => setModal('add_on')} data-testid="sub-add-ons">{t('billing.subscriptions.add_ons')}</Button>
          {sub.cancel_at_period_end
            ? <Button size="small" loading={resume.isPending} onClick={() => resume.mutate({ subscription_id: sub.id, reason: null })} data-testid="sub-resume">{t('billing.subscriptions.resume')}</Button>
            : <Button size="small" danger onClick={() => setModal('cancel')} data-testid="sub-cancel">{t('billing.subscriptions.cancel')}</Button>}
        </Space>
      )}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('billing.fields.interval')}>{t(`billing.intervals.${sub.billing_interval}`)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.fields.currency')}>{sub.currency}</Descriptions.Item>
        <Descriptions.Item label={t('billing.fields.period')}>
          <span data-testid="sub-period">{formatPeriod(sub.current_period_start, sub.current_period_end, lang, tz)}</span>
        </Descriptions.Item>
        {sub.trial_end && <Descriptions.Item label={t('billing.fields.trial_end')}>{formatDate(sub.trial_end, lang, tz)}</Descriptions.Item>}
        {sub.cancel_at_period_end && <Descriptions.Item label={t('billing.fields.cancel_at_period_end')}><Tag color="orange" data-testid="sub-cancel-scheduled">{t('billing.subscriptions.cancels_on', { date: formatDate(sub.current_period_end, lang, tz) })}</Tag></Descriptions.Item>}
        {sub.pending_plan && (
          <Descriptions.Item label={t('billing.fields.pending_plan')}>
            <Tag color="blue">{t('billing.subscriptions.pending_plan_on', { plan: localName(sub.pending_plan.name, lang) || sub.pending_plan.code,
              date: formatDate(sub.current_period_end, lang, tz) })}</Tag>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('billing.subscriptions.add_ons')}>
          {sub.subscription_add_ons?.length ? sub.subscription_add_ons.map((a) => (
            <Tag key={a.add_on_code} color="purple" data-testid={`sub-add-on-${a.add_on_code}`}>
              {t('billing.subscriptions.add_on_quantity', { name: addOnName(a.add_on_code), n: formatNumber(a.quantity, lang) })}
            </Tag>
          )) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <PlanChangeModal tenantId={sub.tenant_id} currency={sub.currency} interval={sub.billing_interval} testId="sub-change"
        open={modal === 'change'} onClose={() => setModal(null)} />
      <CancelModal sub={sub} open={modal === 'cancel'} onClose={() => setModal(null)} />
      <AddOnModal sub={sub} open={modal === 'add_on'} onClose={() => setModal(null)} />
    </Card>
  );
}


export function BillingTab({ tenantId, currency }: { tenantId: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const { data: canWrite } = useCan({ resource: 'billing_subscriptions', action: 'create' });
  const [creating, setCreating] = useState(false);
  const { result: subs, query } = useList<SubscriptionRow>({ resource: 'subscriptions', pagination: { mode: 'off' }, meta: { select: SUBSCRIPTION_SELECT },
    filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }], sorters: [{ field: 'created_at', order: 'desc' }] });
  const { result: profiles } = useList<ProfileRow>({ resource: 'billing_profiles', pagination: { mode: 'off' },
    filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }] });
  const { result: invoices } = useList<InvoiceRow>({ resource: 'invoices', pagination: { pageSize: 10 },
    filters: [{ field: 'tenant_id', operator: 'eq', value: tenantId }], sorters: [{ field: 'created_at', order: 'desc' }] });
  const list = subs?.data ?? [];
  const hasLivePlan = list.some((s) => s.plan_id && s.status !== 'cancelled');
  const profile = profiles?.data?.[0];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="billing-tab">
      {canWrite?.can && !hasLivePlan && !query.isLoading && (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="sub-create">{t('billing.subscriptions.new')}</Button>
      )}
      {!query.isLoading && !list.length && <Empty description={t('billing.subscriptions.none')} />}
      {list.map((s) => <SubscriptionCard key={s.id} sub={s} />)}
      <Card size="small" title={t('billing.profile.title')}>
        {profile ? (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('billing.profile.legal_name')}>{profile.legal_name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('billing.profile.billing_email')}><span dir="ltr">{profile.billing_email ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('billing.fields.tax_registration_number')}><span dir="ltr">{profile.tax_registration_number ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('billing.fields.tax_treatment')}>{t(`billing.tax_treatments.${profile.tax_treatment}`, profile.tax_treatment)}</Descriptions.Item>
            <Descriptions.Item label={t('billing.fields.gateway')}>{t(`billing.gateways.${profile.preferred_gateway}`, profile.preferred_gateway)}</Descriptions.Item>
            <Descriptions.Item label={t('billing.profile.balance')}><Amount>{money(profile.balance, currency)}</Amount></Descriptions.Item>
          </Descriptions>
        ) : <Typography.Text type="secondary">{t('billing.profile.none')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('billing.invoices.recent')}>
        <Table<InvoiceRow> rowKey="id" dataSource={invoices?.data ?? []} pagination={false} size="small" data-testid="tenant-invoices">
          <Table.Column dataIndex="number" title={t('billing.fields.number')} render={(_, r: InvoiceRow) => <InvoiceLink invoice={r} draftLabel={t('billing.invoices.draft')} />} />
          <Table.Column dataIndex="status" title={t('billing.fields.status')} render={(v: string) => <BillingTag kind="invoice" status={v} />} />
          <Table.Column dataIndex="issue_date" title={t('billing.fields.issue_date')} render={(v: string) => nowrap(formatDate(v, lang))} />
          <Table.Column dataIndex="total" title={t('billing.fields.total')} align="end" render={(v: number, r: InvoiceRow) => <Amount>{money(v, r.currency)}</Amount>} />
          <Table.Column dataIndex="amount_due" title={t('billing.fields.amount_due')} align="end" render={(v: number, r: InvoiceRow) => <Amount strong={Number(v) > 0}>{money(v, r.currency)}</Amount>} />
        </Table>
      </Card>
      <NewSubscriptionModal tenantId={tenantId} open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
