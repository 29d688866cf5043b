// A print-friendly invoice (window.print → PDF) in English or Arabic (RTL), independent of the
// console's language: ?lang=en|ar. Shows the seller (HQ's seller profile as the invoice was numbered
// with: name, address, VAT number), the customer's tax registration number, the VAT rate and, for
// reverse charge / exemption, the note the law asks for. A Saudi customer's invoice is a simplified
// tax invoice with ZATCA's QR code (payload from SQL: public.invoice_zatca_qr).
// docs/billing-invoices.md.
import { useList, useOne } from '@refinedev/core';
import { Alert, Button, QRCode, Segmented, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { one } from '../../../components/billing/common';
import { useCurrencies, formatMoney } from '../../../components/billing/money';
import { formatDate, formatNumber, formatPeriod, localName } from '../../../lib/format';
import { INVOICE_DETAIL_SELECT, type InvoiceDetail } from './show';
import { InvoiceParty, SellerParty, type SellerProfile } from '../../../components/billing/InvoiceParty';
import { useRpcQuery } from '../../../lib/useRpc';

interface BillingProfile {
  tenant_id: string; legal_name: string | null; billing_email: string | null; address: Record<string, string>;
  tax_registration_number: string | null; tax_treatment: string; tax_note: { en?: string; ar?: string } | null;
}

const PRINT_CSS = `
@media print {
  .invoice-print-toolbar { display: none !important; }
  body { background: #fff !important; }
  .invoice-paper { box-shadow: none !important; margin: 0 !important; max-width: none !important; }
}
.invoice-paper { background: #fff; max-width: 860px; margin: 24px auto; padding: 40px; box-shadow: 0 1px 8px rgba(0,0,0,.12);
  font-size: 13px; color: #222; }
.invoice-paper table { width: 100%; border-collapse: collapse; }
.invoice-paper th, .invoice-paper td { padding: 6px 8px; border-bottom: 1px solid #e5e5e5; text-align: start; vertical-align: top; }
.invoice-paper .num { text-align: end; white-space: nowrap; }
.invoice-paper h1 { font-size: 24px; margin: 0 0 4px; }
.invoice-paper .muted { color: #666; }
.invoice-paper .totals td { border: none; padding: 3px 8px; }
.invoice-paper .note { margin-top: 16px; padding: 10px 12px; border: 1px solid #d9d9d9; border-radius: 4px; background: #fafafa; }
`;

export function InvoicePrint() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { i18n } = useTranslation();
  const lang = params.get('lang') === 'ar' || (!params.get('lang') && i18n.language === 'ar') ? 'ar' : 'en';
  const t = i18n.getFixedT(lang);
  const { units } = useCurrencies();
  const { result: inv, query } = useOne<InvoiceDetail>({ resource: 'invoices', id: id ?? '', meta: { select: INVOICE_DETAIL_SELECT } });
  const { result: profiles } = useList<BillingProfile>({ resource: 'billing_profiles', pagination: { mode: 'off' },
    filters: [{ field: 'tenant_id', operator: 'eq', value: inv?.tenant_id ?? '' }], queryOptions: { enabled: !!inv?.tenant_id } });
  const { result: sellers } = useList<SellerProfile>({ resource: 'seller_profile', pagination: { mode: 'off' } });
  const { data: zatcaQr } = useRpcQuery<string | null>('invoice_zatca_qr', { invoice_id: inv?.id }, { enabled: !!inv?.number });
  useEffect(() => {
    const title = document.title;
    if (inv) document.title = `${inv.number ?? t('billing.invoices.draft')} — ${t('billing.print.title')}`;
    return () => { document.title = title; };
  }, [inv, t]);
  if (!inv) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
        {query.isLoading ? <Spin /> : <Alert type="error" showIcon data-testid="invoice-not-found" message={t('billing.invoices.not_found')} />}
      </div>
    );
  }
  const profile = profiles?.data?.[0];
  const tenant = one(inv.tenant);
  const money = (v: number | null | undefined) => formatMoney(v, inv.currency, lang, units);
  const lines = [...(inv.invoice_lines ?? [])].sort((a, b) => a.position - b.position);
  const taxNote = profile?.tax_note ? localName(profile.tax_note, lang) : '';
  const address = profile?.address ? Object.values(profile.address).filter((x) => typeof x === 'string' && x.trim()).join(', ') : '';
  // the seller the invoice was numbered with; the current profile for drafts and older invoices
  const seller = (inv as InvoiceDetail & { seller?: SellerProfile | null }).seller ?? sellers?.data?.[0] ?? null;
  const buyerCountry = profile?.address?.country || tenant?.country || null;
  const taxed = inv.tax_treatment === 'standard' && Number(inv.tax_rate) > 0;
  const simplified = taxed && buyerCountry === 'SA';
  return (
    <div dir={lang === 'ar' ? 'rtl' : 'ltr'} lang={lang} data-testid="invoice-print" data-lang={lang}
      style={{ background: '#f0f2f5', minHeight: '100vh', padding: 1, fontFamily: lang === 'ar' ? "'Noto Sans Arabic', Tahoma, sans-serif" : undefined }}>
      <style>{PRINT_CSS}</style>
      <div className="invoice-print-toolbar" style={{ maxWidth: 860, margin: '16px auto 0', display: 'flex', gap: 8, justifyContent: 'space-between' }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/billing/invoices/show/${inv.id}`)}>{t('billing.print.back')}</Button>
        <span style={{ display: 'flex', gap: 8 }}>
          <Segmented value={lang} data-testid="print-lang" onChange={(v) => setParams({ lang: String(v) })}
            options={[{ value: 'en', label: <span data-testid="print-lang-en">English</span> }, { value: 'ar', label: <span data-testid="print-lang-ar">العربية</span> }]} />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-now">{t('billing.print.print')}</Button>
        </span>
      </div>
      <div className="invoice-paper">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 24 }}>
          <div>
            <h1 data-testid="print-title">{simplified ? t('billing.print.simplified_tax_invoice') : taxed ? t('billing.print.tax_invoice') : t('billing.print.invoice')}</h1>
            {seller ? <SellerParty seller={seller} lang={lang} label={t('billing.print.seller')} buyerCountry={buyerCountry}
                trnLabel={t('billing.fields.tax_registration_number')} />
              : <Alert type="warning" showIcon data-testid="print-no-seller" message={t('billing.print.no_seller')} />}
          </div>
          <table style={{ width: 'auto' }}>
            <tbody>
              <tr><td className="muted">{t('billing.fields.number')}</td><td dir="ltr" data-testid="print-number">{inv.number ?? t('billing.invoices.draft')}</td></tr>
              <tr><td className="muted">{t('billing.fields.issue_date')}</td><td>{formatDate(inv.issue_date, lang)}</td></tr>
              <tr><td className="muted">{t('billing.fields.due_date')}</td><td>{formatDate(inv.due_date, lang)}</td></tr>
              <tr><td className="muted">{t('billing.fields.status')}</td><td>{t(`billing.status.invoice.${inv.status}`)}</td></tr>
            </tbody>
          </table>
        </div>
        <div style={{ marginTop: 24, display: 'flex', justifyContent: 'space-between', gap: 24 }}>
          <InvoiceParty testId="print-bill-to" label={t('billing.print.bill_to')} name={profile?.legal_name || localName(tenant?.name, lang)}
            address={address} email={profile?.billing_email} trnLabel={t('billing.fields.tax_registration_number')} trnTestId="print-trn"
            trn={inv.tax_registration_number ?? profile?.tax_registration_number ?? null} />
          {simplified && zatcaQr && (
            <div data-testid="print-zatca-qr" data-payload={zatcaQr} style={{ textAlign: 'center' }}>
              <QRCode type="svg" value={zatcaQr} size={132} bordered={false} />
              <div className="muted" style={{ fontSize: 11 }}>{t('billing.print.zatca_qr')}</div>
            </div>
          )}
        </div>
        {inv.period_start && (
          <div style={{ marginTop: 12 }} className="muted">
            {t('billing.print.period', { period: formatPeriod(inv.period_start, inv.period_end, lang, inv.timezone) })}
          </div>
        )}
        <table style={{ marginTop: 20 }} data-testid="print-lines">
          <thead>
            <tr>
              <th>{t('billing.fields.description')}</th>
              <th className="num">{t('billing.fields.quantity')}</th>
              <th className="num">{t('billing.fields.unit_amount')}</th>
              <th className="num">{t('billing.fields.discount')}</th>
              <th className="num">{t('billing.fields.amount')}</th>
              <th className="num">{t('billing.print.vat_amount')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{localName(l.description, lang)}</td>
                <td className="num">{formatNumber(Number(l.quantity), lang)}</td>
                <td className="num">{money(l.unit_amount)}</td>
                <td className="num">{Number(l.discount_amount) ? money(-l.discount_amount) : '—'}</td>
                <td className="num">{money(l.amount)}</td>
                <td className="num">{money(l.tax_amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="totals" style={{ width: 360, marginInlineStart: 'auto', marginTop: 12 }} data-testid="print-totals">
          <tbody>
            <tr><td>{t('billing.fields.subtotal')}</td><td className="num">{money(inv.subtotal)}</td></tr>
            {Number(inv.discount_total) > 0 && <tr><td>{t('billing.fields.discount_total')}</td><td className="num">{money(-inv.discount_total)}</td></tr>}
            <tr><td data-testid="print-vat-rate">{t('billing.print.vat', { rate: formatNumber(Number(inv.tax_rate), lang) })}</td><td className="num">{money(inv.tax_total)}</td></tr>
            <tr style={{ fontWeight: 700 }}><td>{t('billing.fields.total')}</td><td className="num" data-testid="print-total">{money(inv.total)}</td></tr>
            {Number(inv.amount_credited) > 0 && <tr><td>{t('billing.fields.amount_credited')}</td><td className="num">{money(-inv.amount_credited)}</td></tr>}
            {Number(inv.balance_applied) > 0 && <tr><td>{t('billing.fields.balance_applied')}</td><td className="num">{money(-inv.balance_applied)}</td></tr>}
            <tr><td>{t('billing.fields.amount_paid')}</td><td className="num">{money(inv.amount_paid)}</td></tr>
            <tr style={{ fontWeight: 700 }}><td>{t('billing.fields.amount_due')}</td><td className="num">{money(inv.amount_due)}</td></tr>
          </tbody>
        </table>
        {inv.tax_treatment === 'reverse_charge' && <div className="note" data-testid="print-reverse-charge">{t('billing.print.reverse_charge')}</div>}
        {inv.tax_treatment === 'exempt' && <div className="note" data-testid="print-exempt">{t('billing.print.exempt')}</div>}
        {taxNote && <div className="note">{taxNote}</div>}
        {inv.memo && <div style={{ marginTop: 16 }} className="muted">{inv.memo}</div>}
        <div style={{ marginTop: 32 }} className="muted">{t('billing.print.footer', { currency: inv.currency })}</div>
      </div>
    </div>
  );
}
