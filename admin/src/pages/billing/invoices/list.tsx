// Invoices with filters (status, tenant, currency, issue-date range, number), a manual draft and the invoice run.
import { List, useTable } from '@refinedev/antd';
import { useCan, useList, type CrudFilters } from '@refinedev/core';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { BankOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { InvoiceRunButton } from '../../../components/billing/InvoiceRun';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../../lib/numbers';
import { validValues } from '../../../lib/forms';
import type { Dayjs } from 'dayjs';
import { BillingTag } from '../../../components/billing/BillingTag';
import { Amount, INVOICE_STATUSES, InvoiceLink, TenantLink, nowrap, one, type TenantRef } from '../../../components/billing/common';
import { useCurrencies, useMoney } from '../../../components/billing/money';
import { formatDate, localName } from '../../../lib/format';
import { useRpcMutation } from '../../../lib/useRpc';
import { SellerProfileModal } from './SellerProfileModal';
import { ExportCsvButton } from '../../../components/ExportCsvButton';
import type { CsvColumn } from '../../../lib/csv';
import type { InvoiceRow } from '../../../types/rows';
export type { InvoiceRow };


interface SearchValues { status?: string; tenant_id?: string; currency?: string; issued?: [Dayjs, Dayjs] | null; number?: string }

export function invoiceFilters(v: SearchValues): CrudFilters {
  const f: CrudFilters = [];
  if (v.status) f.push({ field: 'status', operator: 'eq', value: v.status });
  if (v.tenant_id) f.push({ field: 'tenant_id', operator: 'eq', value: v.tenant_id });
  if (v.currency) f.push({ field: 'currency', operator: 'eq', value: v.currency });
  if (v.issued?.[0]) f.push({ field: 'issue_date', operator: 'gte', value: v.issued[0].format('YYYY-MM-DD') });
  if (v.issued?.[1]) f.push({ field: 'issue_date', operator: 'lte', value: v.issued[1].format('YYYY-MM-DD') });
  const n = v.number?.trim();
  if (n) f.push({ field: 'number', operator: 'contains', value: n });
  return f;
}

export function useTenantOptions(lang: string) {
  const { result } = useList<TenantRef>({ resource: 'tenants', pagination: { mode: 'off' }, meta: { select: 'id,slug,name,status' },
    sorters: [{ field: 'slug', order: 'asc' }] });
  return (result?.data ?? []).map((x) => ({ value: x.id, label: `${localName(x.name, lang)} (${x.slug})` }));
}

/** create_invoice's bounds for a unit amount: below 10^8 either way, at most 3 decimals (OMR, KWD, BHD). */
const UNIT_AMOUNT_RANGE = { min: -99_999_999.999, max: 99_999_999.999, decimals: 3, required: true };

interface DraftLine { description_en?: string; description_ar?: string; quantity?: number; unit_amount?: number }

function NewInvoiceModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const tenants = useTenantOptions(i18n.language);
  const create = useRpcMutation<{ id?: string; invoice_id?: string }>('create_invoice', { successKey: 'billing.invoices.created' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    const lines = (v.lines as DraftLine[]).map((l) => ({
      kind: 'adjustment',
      description: { en: l.description_en?.trim(), ...(l.description_ar?.trim() ? { ar: l.description_ar.trim() } : {}) },
      quantity: l.quantity ?? 1, unit_amount: l.unit_amount,
    }));
    create.mutate({ tenant_id: v.tenant_id, lines, memo: v.memo?.trim() || null }, {
      onSuccess: (r) => { onClose(); const id = r?.id ?? r?.invoice_id; if (id) navigate(`/billing/invoices/show/${id}`); },
    });
  };
  return (
    <Modal open={open} title={t('billing.invoices.new')} onCancel={onClose} onOk={submit} destroyOnHidden width={760}
      okText={t('billing.invoices.create_draft')} cancelText={t('buttons.cancel')} confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'invoice-create-ok' } as any}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ lines: [{ quantity: 1 }] }}>
        <Form.Item name="tenant_id" label={t('billing.fields.tenant')} rules={[{ required: true, message: t('billing.validation.required') }]}>
          <Select showSearch optionFilterProp="label" options={tenants} data-testid="invoice-tenant" />
        </Form.Item>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'description_en']} label={t('billing.fields.description_en')}
                    rules={[{ required: true, whitespace: true, message: t('billing.validation.required') }]}>
                    <Input data-testid={`line-${i}-en`} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'description_ar']} label={t('billing.fields.description_ar')}>
                    <Input dir="rtl" data-testid={`line-${i}-ar`} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} label={t('billing.fields.quantity')} rules={[numberRule({ min: 0.001, decimals: 3, required: true }, t)]}>
                    <InputNumber data-testid={`line-${i}-qty`} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit_amount']} label={t('billing.fields.unit_amount')} rules={[numberRule(UNIT_AMOUNT_RANGE, t)]}>
                    <InputNumber data-testid={`line-${i}-unit`} style={{ width: 140 }} />
                  </Form.Item>
                  {fields.length > 1 && <Button style={{ marginTop: 30 }} onClick={() => remove(f.name)}>{t('billing.actions.remove')}</Button>}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="line-add">{t('billing.invoices.add_line')}</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="memo" label={t('billing.fields.memo')} style={{ marginTop: 12 }}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function InvoiceList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const { currencies } = useCurrencies();
  const tenants = useTenantOptions(lang);
  const { data: canWrite } = useCan({ resource: 'billing_invoices', action: 'create' });
  const [creating, setCreating] = useState(false);
  const [sellerOpen, setSellerOpen] = useState(false);
  const { tableProps, searchFormProps, filters, sorters } = useTable<InvoiceRow, any, SearchValues>({
    resource: 'invoices',
    meta: { select: '*, tenant:tenants(id,slug,name,status)' },
    sorters: { initial: [{ field: 'created_at', order: 'desc' }] },
    filters: { defaultBehavior: 'replace' },
    pagination: { pageSize: 20 },
    onSearch: invoiceFilters,
    syncWithLocation: false,
  });
  const csvColumns: CsvColumn<InvoiceRow>[] = [
    { title: t('billing.fields.number'), value: (r) => r.number ?? t('billing.invoices.draft') },
    { title: t('billing.fields.tenant'), value: (r) => one(r.tenant)?.slug },
    { title: t('billing.fields.status'), value: (r) => t(`billing.status.invoice.${r.status}`) },
    { title: t('billing.fields.billing_reason'), value: (r) => t(`billing.reasons.${r.billing_reason}`, r.billing_reason) },
    { title: t('billing.fields.issue_date'), value: (r) => r.issue_date },
    { title: t('billing.fields.due_date'), value: (r) => r.due_date },
    { title: t('billing.fields.currency'), value: (r) => r.currency },
    { title: t('billing.fields.total'), value: (r) => r.total },
    { title: t('billing.fields.amount_due'), value: (r) => r.amount_due },
  ];
  const exportButton = <ExportCsvButton list="invoices" columns={csvColumns}
    source={{ resource: 'invoices', filters, sorters, meta: { select: '*, tenant:tenants(id,slug,name,status)' } }} />;
  return (
    <List headerButtons={canWrite?.can ? (
      <Space align="start" wrap>
        {exportButton}
        <Button icon={<BankOutlined />} onClick={() => setSellerOpen(true)} data-testid="seller-profile">{t('billing.seller.title')}</Button>
        <InvoiceRunButton />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="invoice-create">{t('billing.invoices.new')}</Button>
      </Space>
    ) : exportButton}>
      <Form {...searchFormProps} layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="number">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('billing.invoices.search_number')} aria-label={t('billing.invoices.search_number')} style={{ width: 200 }}
            data-testid="invoice-search" dir="ltr" />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('billing.fields.status')} aria-label={t('billing.fields.status')} style={{ width: 160 }} data-testid="filter-invoice-status"
            options={INVOICE_STATUSES.map((s) => ({ value: s, label: t(`billing.status.invoice.${s}`) }))} />
        </Form.Item>
        <Form.Item name="tenant_id">
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('billing.fields.tenant')} aria-label={t('billing.fields.tenant')} style={{ width: 220 }}
            data-testid="filter-invoice-tenant" options={tenants} />
        </Form.Item>
        <Form.Item name="currency">
          <Select allowClear placeholder={t('billing.fields.currency')} aria-label={t('billing.fields.currency')} style={{ width: 120 }} data-testid="filter-invoice-currency"
            options={currencies.map((c) => ({ value: c.code, label: c.code }))} />
        </Form.Item>
        <Form.Item name="issued">
          <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t('billing.invoices.issued_from'), t('billing.invoices.issued_to')]} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary" data-testid="invoice-filter">{t('buttons.filter')}</Button></Form.Item>
      </Form>
      <Table {...tableProps} rowKey="id" data-testid="invoices-table" scroll={{ x: 1000 }}>
        <Table.Column dataIndex="number" title={t('billing.fields.number')} sorter
          render={(_, r: InvoiceRow) => <InvoiceLink invoice={r} draftLabel={t('billing.invoices.draft')} />} />
        <Table.Column key="tenant" title={t('billing.fields.tenant')} render={(_, r: InvoiceRow) => <TenantLink tenant={one(r.tenant)} lang={lang} />} />
        <Table.Column dataIndex="status" title={t('billing.fields.status')} sorter
          render={(v: string, r: InvoiceRow) => <span data-testid={`invoice-row-status-${r.number ?? r.id}`}><BillingTag kind="invoice" status={v} /></span>} />
        <Table.Column dataIndex="billing_reason" title={t('billing.fields.billing_reason')} render={(v: string) => t(`billing.reasons.${v}`, v)} />
        <Table.Column dataIndex="issue_date" title={t('billing.fields.issue_date')} sorter render={(v: string) => nowrap(formatDate(v, lang))} />
        <Table.Column dataIndex="due_date" title={t('billing.fields.due_date')} sorter render={(v: string) => nowrap(formatDate(v, lang))} />
        <Table.Column dataIndex="total" title={t('billing.fields.total')} align="end" sorter
          render={(v: number, r: InvoiceRow) => <Amount>{money(v, r.currency)}</Amount>} />
        <Table.Column dataIndex="amount_due" title={t('billing.fields.amount_due')} align="end" sorter
          render={(v: number, r: InvoiceRow) => <Amount strong={Number(v) > 0}>{money(v, r.currency)}</Amount>} />
      </Table>
      <NewInvoiceModal open={creating} onClose={() => setCreating(false)} />
      <SellerProfileModal open={sellerOpen} onClose={() => setSellerOpen(false)} />
    </List>
  );
}
