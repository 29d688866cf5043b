// Payments (attempts and results per invoice and gateway) and the webhook inbox (status, attempts,
// last error; the raw event only for staff with billing.write — the database enforces the same).
import { List, useTable } from '@refinedev/antd';
import { useCan, type CrudFilters } from '@refinedev/core';
import { Alert, Button, Form, Input, Select, Table, Tabs, Tooltip, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { BillingTag } from '../../components/billing/BillingTag';
import { Amount, EVENT_STATUSES, GATEWAYS, InvoiceLink, PAYMENT_GATEWAYS, PAYMENT_STATUSES, TenantLink, nowrap, one, type TenantRef } from '../../components/billing/common';
import { useMoney } from '../../components/billing/money';
import { JsonView } from '../../components/JsonView';
import { formatDateTime, formatNumber } from '../../lib/format';
import type { PaymentRow } from './invoices/show';
import { useTenantOptions } from './invoices/list';
import { useRpcMutation } from '../../lib/useRpc';
import { paymentFailureText } from '../../lib/auditLabels';
import type { PaymentEventRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { PaymentEventRow };

type PaymentListRow = PaymentRow & { tenant?: TenantRef | null; invoice?: { id: string; number: string | null } | null };


const EVENT_COLUMNS = 'id,gateway,event_id,event_type,kind,object_id,invoice_id,occurred_at,status,attempts,last_error,received_at,applied_at';

interface PaymentSearch { status?: string; gateway?: string; tenant_id?: string; reference?: string }

/** The payments filter form → Refine filters. */
export function paymentFilters(v: PaymentSearch): CrudFilters {
  const f: CrudFilters = [];
  if (v.status) f.push({ field: 'status', operator: 'eq', value: v.status });
  if (v.gateway) f.push({ field: 'gateway', operator: 'eq', value: v.gateway });
  if (v.tenant_id) f.push({ field: 'tenant_id', operator: 'eq', value: v.tenant_id });
  const ref = v.reference?.trim();
  if (ref) f.push({ field: 'gateway_payment_id', operator: 'contains', value: ref });
  return f;
}

function PaymentsTable() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const tenants = useTenantOptions(lang);
  const { tableProps, searchFormProps, filters, sorters } = useTable<PaymentListRow, any, PaymentSearch>({
    resource: 'payments', meta: { select: '*, tenant:tenants(id,slug,name,status), invoice:invoices(id,number)' },
    sorters: { initial: [{ field: 'created_at', order: 'desc' }] }, pagination: { pageSize: 20 }, syncWithLocation: false,
    filters: { defaultBehavior: 'replace' },
    onSearch: paymentFilters,
  });
  const csvColumns: CsvColumn<PaymentListRow>[] = [
    { title: t('billing.fields.created_at'), value: (r) => r.created_at },
    { title: t('billing.fields.tenant'), value: (r) => one(r.tenant)?.slug },
    { title: t('billing.fields.invoice'), value: (r) => one(r.invoice)?.number ?? one(r.invoice)?.id },
    { title: t('billing.fields.gateway'), value: (r) => t(`billing.gateways.${r.gateway}`, r.gateway) },
    { title: t('billing.fields.gateway_payment_id'), value: (r) => r.gateway_payment_id },
    { title: t('billing.fields.currency'), value: (r) => r.currency },
    { title: t('billing.fields.amount'), value: (r) => r.amount },
    { title: t('billing.fields.refunded'), value: (r) => r.amount_refunded },
    { title: t('billing.fields.status'), value: (r) => t(`billing.status.payment.${r.status}`) },
    { title: t('billing.fields.failure'), value: (r) => paymentFailureText(r.failure_code, r.failure_message, t)?.text },
  ];
  return (
    <>
      <Form {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="reference">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('billing.fields.gateway_payment_id')} style={{ width: 200 }}
            data-testid="payment-search" dir="ltr" />
        </Form.Item>
        <Form.Item name="tenant_id">
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('billing.fields.tenant')} style={{ width: 220 }}
            data-testid="filter-payment-tenant" options={tenants} />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('billing.fields.status')} style={{ width: 160 }}
            options={PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`billing.status.payment.${s}`) }))} />
        </Form.Item>
        <Form.Item name="gateway">
          <Select allowClear placeholder={t('billing.fields.gateway')} style={{ width: 160 }}
            options={PAYMENT_GATEWAYS.map((g) => ({ value: g, label: t(`billing.gateways.${g}`) }))} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary">{t('buttons.filter')}</Button></Form.Item>
        <Form.Item><ExportCsvButton list="payments" columns={csvColumns}
          source={{ resource: 'payments', filters, sorters, meta: { select: '*, tenant:tenants(id,slug,name,status), invoice:invoices(id,number)' } }} /></Form.Item>
      </Form>
      <Table {...tableProps} rowKey="id" data-testid="payments-table" scroll={{ x: 1000 }}>
        <Table.Column dataIndex="created_at" title={t('billing.fields.created_at')} sorter render={(v: string) => nowrap(formatDateTime(v, lang))} />
        <Table.Column key="tenant" title={t('billing.fields.tenant')} render={(_, r: PaymentListRow) => <TenantLink tenant={one(r.tenant)} lang={lang} />} />
        <Table.Column key="invoice" title={t('billing.fields.invoice')} render={(_, r: PaymentListRow) => <InvoiceLink invoice={one(r.invoice)} draftLabel={t('billing.invoices.draft')} />} />
        <Table.Column dataIndex="gateway" title={t('billing.fields.gateway')} render={(v: string) => t(`billing.gateways.${v}`, v)} />
        <Table.Column dataIndex="gateway_payment_id" title={t('billing.fields.gateway_payment_id')} render={(v) => <Typography.Text code dir="ltr">{v ?? '—'}</Typography.Text>} />
        <Table.Column dataIndex="amount" title={t('billing.fields.amount')} align="end" sorter render={(v: number, r: PaymentListRow) => <Amount>{money(v, r.currency)}</Amount>} />
        <Table.Column dataIndex="amount_refunded" title={t('billing.fields.refunded')} align="end"
          render={(v: number, r: PaymentListRow) => (Number(v) ? <Amount>{money(v, r.currency)}</Amount> : '—')} />
        <Table.Column dataIndex="status" title={t('billing.fields.status')} sorter render={(v: string) => <BillingTag kind="payment" status={v} />} />
        <Table.Column dataIndex="failure_message" title={t('billing.fields.failure')} render={(v: string | null, r: PaymentListRow) => {
          const f = paymentFailureText(r.failure_code, v, t);
          return f ? <Tooltip title={f.detail}><span data-testid="payment-failure">{f.text}</span></Tooltip> : '—';
        }} />
      </Table>
    </>
  );
}

function InboxTable({ raw }: { raw: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const replay = useRpcMutation('replay_payment_event', { successKey: 'billing.payments.replayed' });
  const { tableProps, searchFormProps, filters, sorters } = useTable<PaymentEventRow, any, { status?: string; gateway?: string }>({
    resource: 'payment_events', meta: { select: raw ? `${EVENT_COLUMNS},payload` : EVENT_COLUMNS },
    sorters: { initial: [{ field: 'received_at', order: 'desc' }] }, pagination: { pageSize: 20 }, syncWithLocation: false,
    filters: { defaultBehavior: 'replace' },
    onSearch: (v) => {
      const f: CrudFilters = [];
      if (v.status) f.push({ field: 'status', operator: 'eq', value: v.status });
      if (v.gateway) f.push({ field: 'gateway', operator: 'eq', value: v.gateway });
      return f;
    },
  });
  const csvColumns: CsvColumn<PaymentEventRow>[] = [
    { title: t('billing.fields.received_at'), value: (r) => r.received_at },
    { title: t('billing.fields.gateway'), value: (r) => t(`billing.gateways.${r.gateway}`, r.gateway) },
    { title: t('billing.fields.event_type'), value: (r) => r.event_type },
    { title: t('billing.fields.event_kind'), value: (r) => (r.kind ? t(`billing.event_kinds.${r.kind}`, r.kind) : t('billing.event_kinds.none')) },
    { title: t('billing.fields.event_id'), value: (r) => r.event_id },
    { title: t('billing.fields.status'), value: (r) => t(`billing.status.event.${r.status}`) },
    { title: t('billing.fields.attempts'), value: (r) => r.attempts },
    { title: t('billing.fields.last_error'), value: (r) => r.last_error },
    { title: t('billing.fields.applied_at'), value: (r) => r.applied_at },
  ];
  return (
    <>
      <Form {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="status">
          <Select allowClear placeholder={t('billing.fields.status')} style={{ width: 160 }} data-testid="filter-event-status"
            options={EVENT_STATUSES.map((s) => ({ value: s, label: t(`billing.status.event.${s}`) }))} />
        </Form.Item>
        <Form.Item name="gateway">
          <Select allowClear placeholder={t('billing.fields.gateway')} style={{ width: 160 }}
            options={GATEWAYS.map((g) => ({ value: g, label: t(`billing.gateways.${g}`) }))} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary">{t('buttons.filter')}</Button></Form.Item>
        <Form.Item><ExportCsvButton list="payment-events" columns={csvColumns}
          source={{ resource: 'payment_events', filters, sorters, meta: { select: EVENT_COLUMNS } }} /></Form.Item>
      </Form>
      <Table {...tableProps} rowKey="id" data-testid="inbox-table" scroll={{ x: 1000 }}
        expandable={raw ? { expandedRowRender: (r: PaymentEventRow) => <div data-testid={`event-raw-${r.id}`}><JsonView value={r.payload} maxHeight={400} /></div> } : undefined}>
        <Table.Column dataIndex="received_at" title={t('billing.fields.received_at')} sorter render={(v: string) => nowrap(formatDateTime(v, lang))} />
        <Table.Column dataIndex="gateway" title={t('billing.fields.gateway')} render={(v: string) => t(`billing.gateways.${v}`, v)} />
        <Table.Column dataIndex="event_type" title={t('billing.fields.event_type')} render={(v) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
        <Table.Column dataIndex="kind" title={t('billing.fields.event_kind')} render={(v: string | null) => (v ? t(`billing.event_kinds.${v}`, v) : t('billing.event_kinds.none'))} />
        <Table.Column dataIndex="event_id" title={t('billing.fields.event_id')} render={(v) => <Typography.Text dir="ltr" copyable style={{ fontSize: 12 }}>{v}</Typography.Text>} />
        <Table.Column dataIndex="status" title={t('billing.fields.status')} sorter render={(v: string) => <BillingTag kind="event" status={v} />} />
        <Table.Column dataIndex="attempts" title={t('billing.fields.attempts')} align="end" render={(v: number) => formatNumber(v, lang)} />
        <Table.Column dataIndex="last_error" title={t('billing.fields.last_error')} render={(v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—')} />
        <Table.Column dataIndex="applied_at" title={t('billing.fields.applied_at')} render={(v: string | null) => nowrap(formatDateTime(v, lang))} />
        <Table.Column key="actions" title={t('table.actions')} render={(_, r: PaymentEventRow) => (
          ['failed', 'received'].includes(r.status) ? (
            <Button size="small" loading={replay.isPending && replay.variables?.payment_event_id === r.id} data-testid={`event-replay-${r.id}`}
              onClick={() => replay.mutate({ payment_event_id: r.id })}>{t('billing.payments.replay')}</Button>
          ) : null)} />
      </Table>
    </>
  );
}

export function PaymentList() {
  const { t } = useTranslation();
  const { data: canRaw } = useCan({ resource: 'billing_payments', action: 'raw_event' });
  return (
    <List>
      <Tabs destroyOnHidden items={[
        { key: 'payments', label: <span data-testid="tab-payments">{t('billing.payments.tab_payments')}</span>, children: <PaymentsTable /> },
        { key: 'inbox', label: <span data-testid="tab-inbox">{t('billing.payments.tab_inbox')}</span>, children: canRaw?.can
          ? <InboxTable raw />
          : <Alert type="info" showIcon data-testid="inbox-forbidden" message={t('billing.payments.inbox_needs_write')} /> },
      ]} />
    </List>
  );
}
