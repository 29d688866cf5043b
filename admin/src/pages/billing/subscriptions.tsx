// Every tenant's subscriptions: plan, interval, status, period end, cancel at period end.
import { List, useTable } from '@refinedev/antd';
import { getDefaultFilter, type CrudFilters } from '@refinedev/core';
import { Button, Form, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BillingTag } from '../../components/billing/BillingTag';
import { SUBSCRIPTION_STATUSES, TenantLink, nowrap, one, type TenantRef } from '../../components/billing/common';
import { useCurrencies } from '../../components/billing/money';
import { formatDate, localName } from '../../lib/format';
import { useTenantOptions } from './invoices/list';
import type { SubscriptionRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { SubscriptionRow };


export const SUBSCRIPTION_SELECT = '*, tenant:tenants(id,slug,name,status,timezone), plan:plans!subscriptions_plan_id_fkey(id,code,name,version), '
  + 'pending_plan:plans!subscriptions_pending_plan_id_fkey(id,code,name,version), subscription_add_ons(add_on_code,quantity)';

interface SearchValues { status?: string; interval?: string; tenant_id?: string; currency?: string }

export function SubscriptionList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tenants = useTenantOptions(lang);
  const { currencies } = useCurrencies();
  const { tableProps, searchFormProps, filters, sorters } = useTable<SubscriptionRow, any, SearchValues>({
    resource: 'subscriptions',
    meta: { select: SUBSCRIPTION_SELECT },
    sorters: { initial: [{ field: 'current_period_end', order: 'asc' }] },
    filters: { defaultBehavior: 'replace' },
    pagination: { pageSize: 20 },
    onSearch: (v) => {
      const f: CrudFilters = [];
      if (v.status) f.push({ field: 'status', operator: 'eq', value: v.status });
      if (v.interval) f.push({ field: 'billing_interval', operator: 'eq', value: v.interval });
      if (v.tenant_id) f.push({ field: 'tenant_id', operator: 'eq', value: v.tenant_id });
      if (v.currency) f.push({ field: 'currency', operator: 'eq', value: v.currency });
      return f;
    },
    syncWithLocation: true,
  });
  const csvColumns: CsvColumn<SubscriptionRow>[] = [
    { title: t('billing.fields.tenant'), value: (r) => one(r.tenant)?.slug },
    { title: t('billing.fields.plan'), value: (r) => { const p = one(r.plan); return p ? `${localName(p.name, lang)} v${p.version}` : t('billing.subscriptions.add_ons_only'); } },
    { title: t('billing.fields.interval'), value: (r) => t(`billing.intervals.${r.billing_interval}`) },
    { title: t('billing.fields.currency'), value: (r) => r.currency },
    { title: t('billing.fields.status'), value: (r) => t(`billing.status.subscription.${r.status}`) },
    { title: t('billing.fields.period_end'), value: (r) => r.current_period_end },
    { title: t('billing.fields.cancel_at_period_end'), value: (r) => t(r.cancel_at_period_end ? 'common.yes' : 'common.no') },
  ];
  return (
    <List headerButtons={<ExportCsvButton list="subscriptions" columns={csvColumns} source={{ resource: 'subscriptions', filters, sorters, meta: { select: SUBSCRIPTION_SELECT } }} />}>
      <Form {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ status: getDefaultFilter('status', filters, 'eq'), interval: getDefaultFilter('billing_interval', filters, 'eq'),
          tenant_id: getDefaultFilter('tenant_id', filters, 'eq'), currency: getDefaultFilter('currency', filters, 'eq') }}>
        <Form.Item name="tenant_id">
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('billing.fields.tenant')} style={{ width: 220 }}
            data-testid="filter-subscription-tenant" options={tenants} />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('billing.fields.status')} style={{ width: 180 }} data-testid="filter-subscription-status"
            options={SUBSCRIPTION_STATUSES.map((s) => ({ value: s, label: t(`billing.status.subscription.${s}`) }))} />
        </Form.Item>
        <Form.Item name="interval">
          <Select allowClear placeholder={t('billing.fields.interval')} style={{ width: 160 }}
            options={['month', 'year'].map((s) => ({ value: s, label: t(`billing.intervals.${s}`) }))} />
        </Form.Item>
        <Form.Item name="currency">
          <Select allowClear placeholder={t('billing.fields.currency')} style={{ width: 120 }}
            options={currencies.map((c) => ({ value: c.code, label: c.code }))} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary">{t('buttons.filter')}</Button></Form.Item>
      </Form>
      <Table {...tableProps} rowKey="id" data-testid="subscriptions-table" scroll={{ x: 900 }}>
        <Table.Column key="tenant" title={t('billing.fields.tenant')} render={(_, r: SubscriptionRow) => <TenantLink tenant={one(r.tenant)} lang={lang} />} />
        <Table.Column key="plan" title={t('billing.fields.plan')} render={(_, r: SubscriptionRow) => {
          const p = one(r.plan);
          return p ? <span>{localName(p.name, lang)} <Typography.Text type="secondary" dir="ltr">v{p.version}</Typography.Text></span>
            : <Tag>{t('billing.subscriptions.add_ons_only')}</Tag>;
        }} />
        <Table.Column dataIndex="billing_interval" title={t('billing.fields.interval')} sorter render={(v: string) => t(`billing.intervals.${v}`)} />
        <Table.Column dataIndex="currency" title={t('billing.fields.currency')} sorter />
        <Table.Column dataIndex="status" title={t('billing.fields.status')} sorter render={(v: string) => <BillingTag kind="subscription" status={v} />} />
        {/* the day the period ends where the tenant is, not where the reader is */}
        <Table.Column dataIndex="current_period_end" title={t('billing.fields.period_end')} sorter
          render={(v: string, r: SubscriptionRow) => nowrap(formatDate(v, lang, one(r.tenant)?.timezone))} />
        <Table.Column dataIndex="cancel_at_period_end" title={t('billing.fields.cancel_at_period_end')}
          render={(v: boolean) => (v ? <Tag color="orange">{t('common.yes')}</Tag> : <Typography.Text type="secondary">{t('common.no')}</Typography.Text>)} />
      </Table>
    </List>
  );
}
