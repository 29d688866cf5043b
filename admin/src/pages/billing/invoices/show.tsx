// One invoice: lines (bilingual labels), discounts, tax, totals, payments, credit notes, and the
// state actions (finalise, void, mark uncollectible, credit note, manual payment, payment link).
import { Show, RefreshButton } from '@refinedev/antd';
import { useCan, useOne } from '@refinedev/core';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag, Typography, Tooltip } from 'antd';
import { LinkOutlined, PrinterOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { numberRule } from '../../../lib/numbers';
import { validValues } from '../../../lib/forms';
import { BillingTag } from '../../../components/billing/BillingTag';
import { Amount, CREDIT_NOTE_METHODS, TenantLink, nowrap, one } from '../../../components/billing/common';
import { minorUnitOf, useCurrencies, useMoney } from '../../../components/billing/money';
import { ReasonModal } from '../../../components/ReasonModal';
import { formatDate, formatDateTime, formatNumber, formatPeriod, localName } from '../../../lib/format';
import { paymentFailureText } from '../../../lib/auditLabels';
import { supabase } from '../../../providers/supabase';
import type { InvoiceRow } from './list';
import { useRpcMutation, useShowError } from '../../../lib/useRpc';
import type { InvoiceLineRow, PaymentRow, CreditNoteRow } from '../../../types/rows';
export type { InvoiceLineRow, PaymentRow, CreditNoteRow };

export type InvoiceDetail = InvoiceRow & { invoice_lines?: InvoiceLineRow[]; payments?: PaymentRow[]; credit_notes?: CreditNoteRow[] };

export const INVOICE_DETAIL_SELECT = '*, tenant:tenants(id,slug,name,status,country), invoice_lines(*), payments(*), credit_notes(*)';

type Pending = 'void' | 'uncollectible' | null;

/** As void_invoice: a draft or open invoice with no payments and no issued credit notes. */
export const voidable = (inv: InvoiceDetail) => ['draft', 'open'].includes(inv.status) && !(Number(inv.amount_paid) > 0)
  && !(inv.credit_notes ?? []).some((n) => n.status === 'issued');

function CreditNoteModal({ invoice, open, onClose }: { invoice: InvoiceDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { units } = useCurrencies();
  const digits = minorUnitOf(invoice.currency, units);
  const issue = useRpcMutation('issue_credit_note', { successKey: 'billing.credit_notes.issued' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    issue.mutate({ invoice_id: invoice.id, amount: v.amount, method: v.method, reason: v.reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Modal open={open} title={t('billing.credit_notes.new_title', { number: invoice.number ?? '' })} onCancel={onClose} onOk={submit}
      destroyOnHidden okText={t('billing.credit_notes.issue')} cancelText={t('buttons.cancel')} confirmLoading={issue.isPending}
      okButtonProps={{ 'data-testid': 'credit-note-ok' } as any}>
      <Typography.Paragraph type="secondary">{t('billing.credit_notes.explain')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ method: 'reduce_amount_due' }}>
        <Form.Item name="amount" label={t('billing.credit_notes.amount', { currency: invoice.currency })}
          rules={[{ required: true, message: t('billing.validation.required') }, { type: 'number', min: 10 ** -digits, message: t('billing.validation.positive') },
            numberRule({ decimals: digits }, t)]}>
          <InputNumber step={10 ** -digits} style={{ width: '100%' }} data-testid="credit-note-amount" />
        </Form.Item>
        <Form.Item name="method" label={t('billing.fields.method')}>
          <Radio.Group data-testid="credit-note-method">
            {CREDIT_NOTE_METHODS.map((m) => <Radio key={m} value={m} data-testid={`credit-note-method-${m}`}>{t(`billing.credit_notes.methods.${m}`)}</Radio>)}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason_required')} rules={[{ required: true, whitespace: true, min: 3, message: t('billing.validation.reason') }]}>
          <Input.TextArea rows={2} data-testid="credit-note-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ManualPaymentModal({ invoice, open, onClose }: { invoice: InvoiceDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { units } = useCurrencies();
  const digits = minorUnitOf(invoice.currency, units);
  const record = useRpcMutation('record_manual_payment', { successKey: 'billing.payments.recorded' });
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    record.mutate({ invoice_id: invoice.id, amount: v.amount, reference: v.reference.trim(), reason: v.reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Modal open={open} title={t('billing.payments.manual_title')} onCancel={onClose} onOk={submit} destroyOnHidden
      okText={t('billing.payments.record')} cancelText={t('buttons.cancel')} confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'manual-payment-ok' } as any}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ amount: Number(invoice.amount_due) }}>
        <Form.Item name="amount" label={t('billing.payments.amount_received', { currency: invoice.currency })}
          extra={t('billing.payments.amount_received_hint')}
          rules={[{ required: true, message: t('billing.validation.required') }, { type: 'number', min: 10 ** -digits, message: t('billing.validation.positive') },
            numberRule({ decimals: digits }, t)]}>
          <InputNumber step={10 ** -digits} style={{ width: '100%' }} data-testid="manual-payment-amount" />
        </Form.Item>
        <Form.Item name="reference" label={t('billing.payments.reference')} rules={[{ required: true, whitespace: true, message: t('billing.validation.required') }]}>
          <Input dir="ltr" data-testid="manual-payment-reference" />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason_required')} rules={[{ required: true, whitespace: true, min: 3, message: t('billing.validation.reason') }]}>
          <Input.TextArea rows={2} data-testid="manual-payment-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Asks payments-checkout for a hosted payment page and shows its link. */
function PaymentLink({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    try {
      const { data, error } = await supabase.functions.invoke('payments-checkout', {
        body: { invoice_id: invoiceId, return_url: `${window.location.origin}/billing/invoices/show/${invoiceId}` } });
      if (error) {
        let body: any = null;
        try { body = await (error as any).context?.json?.(); } catch { /* not json */ }
        throw body?.error ?? body ?? error;
      }
      setUrl((data as any)?.checkout_url ?? null);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <Button icon={<LinkOutlined />} loading={busy} onClick={start} data-testid="invoice-checkout">{t('billing.invoices.payment_link')}</Button>
      {url && <Typography.Link href={url} target="_blank" copyable={{ text: url }} data-testid="checkout-url" dir="ltr">{t('billing.invoices.open_checkout')}</Typography.Link>}
    </Space>
  );
}

export function InvoiceShow() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = useMoney(lang);
  const { data: canWrite } = useCan({ resource: 'billing_invoices', action: 'edit' });
  const { result: inv, query } = useOne<InvoiceDetail>({ resource: 'invoices', id: id ?? '', meta: { select: INVOICE_DETAIL_SELECT } });
  const [pending, setPending] = useState<Pending>(null);
  const [crediting, setCrediting] = useState(false);
  const [paying, setPaying] = useState(false);
  const finalize = useRpcMutation('finalize_invoice', { successKey: 'billing.invoices.finalized' });
  const voidIt = useRpcMutation('void_invoice', { successKey: 'billing.invoices.voided' });
  const uncollectible = useRpcMutation('mark_invoice_uncollectible', { successKey: 'billing.invoices.marked_uncollectible' });
  if (!inv) {
    return (
      <Show isLoading={query.isLoading} title={t('billing_invoices.titles.show')}>
        {!query.isLoading && <Alert type="error" showIcon data-testid="invoice-not-found" message={t('billing.invoices.not_found')} />}
      </Show>
    );
  }
  const m = (v: number | null | undefined) => <Amount>{money(v, inv.currency)}</Amount>;
  const lines = [...(inv.invoice_lines ?? [])].sort((a, b) => a.position - b.position);
  const tenant = one(inv.tenant);
  const write = !!canWrite?.can;
  // State changes sit above the document, so the header keeps room for the number and its status.
  const actions = write && ['draft', 'open', 'paid'].includes(inv.status) ? (
    <Space wrap data-testid="invoice-actions">
      {inv.status === 'draft' && (
        <Button type="primary" loading={finalize.isPending} data-testid="invoice-finalize"
          onClick={() => finalize.mutate({ invoice_id: inv.id })}>{t('billing.actions.finalize')}</Button>
      )}
      {inv.status === 'open' && <PaymentLink invoiceId={inv.id} />}
      {inv.status === 'open' && (
        <Button onClick={() => setPaying(true)} data-testid="invoice-manual-payment">{t('billing.actions.manual_payment')}</Button>
      )}
      {['open', 'paid'].includes(inv.status) && (
        <Button onClick={() => setCrediting(true)} data-testid="invoice-credit-note">{t('billing.actions.credit_note')}</Button>
      )}
      {inv.status === 'open' && (
        <Button danger onClick={() => setPending('uncollectible')} data-testid="invoice-uncollectible">{t('billing.actions.mark_uncollectible')}</Button>
      )}
      {voidable(inv) && (
        <Button danger onClick={() => setPending('void')} data-testid="invoice-void">{t('billing.actions.void')}</Button>
      )}
    </Space>
  ) : null;
  const headerButtons = (
    <Space wrap>
      <Button icon={<PrinterOutlined />} onClick={() => navigate(`/billing/invoices/print/${inv.id}?lang=${lang}`)} data-testid="invoice-print">
        {t('billing.actions.print')}
      </Button>
      <RefreshButton onClick={() => void query.refetch()} />
    </Space>
  );
  return (
    <Show title={<Space><span data-testid="invoice-title" dir="ltr">{inv.number ?? t('billing.invoices.draft')}</span>
      <span data-testid="invoice-status" data-status={inv.status}><BillingTag kind="invoice" status={inv.status} /></span></Space>}
      headerButtons={() => headerButtons}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {actions}
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('billing.fields.tenant')}><TenantLink tenant={tenant} lang={lang} /></Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.billing_reason')}>{t(`billing.reasons.${inv.billing_reason}`, inv.billing_reason)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.currency')}>{inv.currency}</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.issue_date')}>{formatDate(inv.issue_date, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.due_date')}>{formatDate(inv.due_date, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.period')}>
            {formatPeriod(inv.period_start, inv.period_end, lang, inv.timezone)}
          </Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.tax_country')}>{inv.tax_country}</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.tax_rate')}>{formatNumber(Number(inv.tax_rate), lang)}%</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.tax_treatment')}>{t(`billing.tax_treatments.${inv.tax_treatment}`, inv.tax_treatment)}</Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.tax_registration_number')}><span dir="ltr">{inv.tax_registration_number ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.timezone')}><span dir="ltr">{inv.timezone}</span></Descriptions.Item>
          <Descriptions.Item label={t('billing.fields.finalized_at')}>{formatDateTime(inv.finalized_at, lang)}</Descriptions.Item>
          {inv.memo && <Descriptions.Item label={t('billing.fields.memo')} span={3}>{inv.memo}</Descriptions.Item>}
        </Descriptions>

        <Card size="small" title={t('billing.invoices.lines')}>
          <Table<InvoiceLineRow> rowKey="id" dataSource={lines} pagination={false} size="small" data-testid="invoice-lines" scroll={{ x: 800 }}>
            <Table.Column dataIndex="kind" title={t('billing.fields.kind')} render={(v: string) => <Tag>{t(`billing.line_kinds.${v}`, v)}</Tag>} />
            <Table.Column dataIndex="description" title={t('billing.fields.description')} render={(v) => (
              <Space direction="vertical" size={0}>
                <span>{localName(v, lang)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} dir={lang === 'ar' ? 'ltr' : 'rtl'}>{localName(v, lang === 'ar' ? 'en' : 'ar')}</Typography.Text>
              </Space>
            )} />
            <Table.Column dataIndex="quantity" title={t('billing.fields.quantity')} align="end" render={(v: number) => formatNumber(Number(v), lang)} />
            <Table.Column dataIndex="unit_amount" title={t('billing.fields.unit_amount')} align="end" render={m} />
            <Table.Column dataIndex="amount" title={t('billing.fields.amount')} align="end" render={m} />
            <Table.Column dataIndex="discount_amount" title={t('billing.fields.discount')} align="end" render={(v: number) => (Number(v) ? m(-v) : '—')} />
            <Table.Column dataIndex="tax_amount" title={t('billing.fields.tax')} align="end" render={m} />
          </Table>
          <Descriptions size="small" column={1} style={{ maxWidth: 420, marginInlineStart: 'auto', marginTop: 12 }} bordered data-testid="invoice-totals">
            <Descriptions.Item label={t('billing.fields.subtotal')}>{m(inv.subtotal)}</Descriptions.Item>
            {Number(inv.discount_total) > 0 && <Descriptions.Item label={t('billing.fields.discount_total')}>{m(-inv.discount_total)}</Descriptions.Item>}
            <Descriptions.Item label={t('billing.fields.tax_total')}>{m(inv.tax_total)}</Descriptions.Item>
            <Descriptions.Item label={<b>{t('billing.fields.total')}</b>}><b data-testid="invoice-total">{m(inv.total)}</b></Descriptions.Item>
            {Number(inv.balance_applied) > 0 && <Descriptions.Item label={t('billing.fields.balance_applied')}>{m(-inv.balance_applied)}</Descriptions.Item>}
            {Number(inv.amount_credited) > 0 && <Descriptions.Item label={t('billing.fields.amount_credited')}>{m(-inv.amount_credited)}</Descriptions.Item>}
            <Descriptions.Item label={t('billing.fields.amount_paid')}><span data-testid="invoice-amount-paid">{m(inv.amount_paid)}</span></Descriptions.Item>
            <Descriptions.Item label={<b>{t('billing.fields.amount_due')}</b>}><b data-testid="invoice-amount-due">{m(inv.amount_due)}</b></Descriptions.Item>
          </Descriptions>
        </Card>

        <Card size="small" title={t('billing.invoices.payments')}>
          <Table<PaymentRow> rowKey="id" dataSource={inv.payments ?? []} pagination={false} size="small" data-testid="invoice-payments">
            <Table.Column dataIndex="created_at" title={t('billing.fields.created_at')} render={(v: string) => nowrap(formatDateTime(v, lang))} />
            <Table.Column dataIndex="gateway" title={t('billing.fields.gateway')} render={(v: string) => t(`billing.gateways.${v}`, v)} />
            <Table.Column dataIndex="gateway_payment_id" title={t('billing.fields.gateway_payment_id')} render={(v) => <Typography.Text code dir="ltr">{v ?? '—'}</Typography.Text>} />
            <Table.Column dataIndex="amount" title={t('billing.fields.amount')} align="end" render={m} />
            <Table.Column dataIndex="status" title={t('billing.fields.status')} render={(v: string) => <BillingTag kind="payment" status={v} />} />
            <Table.Column dataIndex="failure_message" title={t('billing.fields.failure')} render={(v: string | null, r: PaymentRow) => {
              const f = paymentFailureText(r.failure_code, v, t);
              return f ? <Tooltip title={f.detail}>{f.text}</Tooltip> : '—';
            }} />
          </Table>
        </Card>

        <Card size="small" title={t('billing.invoices.credit_notes')}>
          <Table<CreditNoteRow> rowKey="id" dataSource={inv.credit_notes ?? []} pagination={false} size="small" data-testid="invoice-credit-notes">
            <Table.Column dataIndex="number" title={t('billing.fields.number')} render={(v) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
            <Table.Column dataIndex="created_at" title={t('billing.fields.created_at')} render={(v: string) => nowrap(formatDateTime(v, lang))} />
            <Table.Column dataIndex="amount" title={t('billing.fields.amount')} align="end" render={m} />
            <Table.Column dataIndex="tax_amount" title={t('billing.fields.tax')} align="end" render={m} />
            <Table.Column dataIndex="total" title={t('billing.fields.total')} align="end" render={m} />
            <Table.Column dataIndex="method" title={t('billing.fields.method')} render={(v: string) => t(`billing.credit_notes.methods.${v}`, v)} />
            <Table.Column dataIndex="reason" title={t('common.reason')} />
            <Table.Column dataIndex="status" title={t('billing.fields.status')} render={(v: string) => <BillingTag kind="credit_note" status={v} />} />
          </Table>
        </Card>
        {!write && <Alert type="info" showIcon message={t('billing.read_only')} />}
      </Space>

      <ReasonModal open={pending !== null} reasonRequired danger
        title={pending === 'void' ? t('billing.invoices.void_title') : t('billing.invoices.uncollectible_title')}
        description={<Typography.Paragraph>{pending === 'void' ? t('billing.invoices.void_explain') : t('billing.invoices.uncollectible_explain')}</Typography.Paragraph>}
        confirmLoading={voidIt.isPending || uncollectible.isPending}
        onCancel={() => setPending(null)}
        onConfirm={({ reason }) => {
          const call = pending === 'void' ? voidIt : uncollectible;
          call.mutate({ invoice_id: inv.id, reason: reason?.trim() }, { onSuccess: () => setPending(null) });
        }} />
      <CreditNoteModal invoice={inv} open={crediting} onClose={() => setCrediting(false)} />
      <ManualPaymentModal invoice={inv} open={paying} onClose={() => setPaying(false)} />
    </Show>
  );
}
