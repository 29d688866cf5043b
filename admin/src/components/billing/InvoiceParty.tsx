// One party of a tax invoice (the seller or the customer): name, address, e-mail and VAT number.
// Names and identifiers are isolated with <bdi> (unicode-bidi: isolate): a Latin name ending in a
// dot ("Crystal Trading Co.") inside Arabic text would otherwise show its dot first.
import { localName } from '../../lib/format';

export interface SellerProfile {
  legal_name: { en?: string; ar?: string };
  address: { en?: string; ar?: string };
  country: string;
  tax_registrations: Record<string, string>;
}

/** The seller's VAT number for a customer: the one registered in the customer's country, else the home country's. */
export function sellerVatNumber(seller: SellerProfile | null | undefined, buyerCountry: string | null | undefined): string | null {
  if (!seller) return null;
  const regs = seller.tax_registrations ?? {};
  return (buyerCountry && regs[buyerCountry]) || regs[seller.country] || null;
}

export function InvoiceParty({ label, name, address, email, trnLabel, trn, testId, trnTestId }: {
  label: string; name: string; address?: string; email?: string | null; trnLabel: string; trn: string | null; testId: string;
  trnTestId?: string;
}) {
  return (
    <div data-testid={testId}>
      <div className="muted">{label}</div>
      <div style={{ fontWeight: 600 }}><bdi data-testid={`${testId}-name`}>{name}</bdi></div>
      {address && <div><bdi>{address}</bdi></div>}
      {email && <div><bdi dir="ltr">{email}</bdi></div>}
      <div data-testid={trnTestId ?? `${testId}-trn`}>{trnLabel}: <bdi dir="ltr">{trn ?? '—'}</bdi></div>
    </div>
  );
}

/** The seller block from a seller profile in the invoice's language. */
export function SellerParty({ seller, lang, label, trnLabel, buyerCountry }: {
  seller: SellerProfile; lang: string; label: string; trnLabel: string; buyerCountry: string | null | undefined;
}) {
  return (
    <InvoiceParty testId="print-seller" label={label} name={localName(seller.legal_name, lang)}
      address={localName(seller.address, lang)} trnLabel={trnLabel} trn={sellerVatNumber(seller, buyerCountry)} />
  );
}
