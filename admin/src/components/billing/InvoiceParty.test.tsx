import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { InvoiceParty, SellerParty, sellerVatNumber, type SellerProfile } from './InvoiceParty';

const seller: SellerProfile = {
  legal_name: { en: 'CleanMateX Technologies Co.', ar: 'شركة كلين ميت إكس للتقنية' },
  address: { en: 'Muscat', ar: 'مسقط' }, country: 'OM', tax_registrations: { OM: 'OM1100987654', SA: '310122393500003' },
};

// Static markup in a happy-dom container (the console's own React; no testing-library needed).
function render(el: ReactElement) {
  const container = document.createElement('div');
  container.innerHTML = renderToStaticMarkup(el);
  const getByTestId = (id: string) => {
    const found = container.querySelector(`[data-testid="${id}"]`);
    if (!found) throw new Error(`no element with data-testid ${id}`);
    return found;
  };
  return { container, getByTestId };
}

describe('tax invoice parties (issue 13 §14)', () => {
  test('in Arabic, a Latin name ending in a dot is isolated (<bdi>), so its dot stays at its end', () => {
    const { getByTestId } = render(
      <div dir="rtl" lang="ar">
        <InvoiceParty testId="bill-to" label="فاتورة إلى" name="Crystal Trading Co." trnLabel="الرقم الضريبي" trn="300123456700003" />
      </div>);
    const name = getByTestId('bill-to-name');
    expect(name.tagName).toBe('BDI');
    expect(name.textContent).toBe('Crystal Trading Co.');
    const trn = getByTestId('bill-to-trn').querySelector('bdi');
    expect(trn?.getAttribute('dir')).toBe('ltr');
    expect(trn?.textContent).toBe('300123456700003');
  });

  test('the seller block shows the name and address in the invoice language and the VAT number of the customer\'s country', () => {
    const { getByTestId } = render(<SellerParty seller={seller} lang="ar" label="البائع" trnLabel="الرقم الضريبي" buyerCountry="SA" />);
    expect(getByTestId('print-seller-name').textContent).toBe('شركة كلين ميت إكس للتقنية');
    expect(getByTestId('print-seller').textContent).toContain('مسقط');
    expect(getByTestId('print-seller-trn').textContent).toContain('310122393500003');
  });

  test('the seller\'s VAT number: the customer\'s country, else the home country', () => {
    expect(sellerVatNumber(seller, 'SA')).toBe('310122393500003');
    expect(sellerVatNumber(seller, 'AE')).toBe('OM1100987654');
    expect(sellerVatNumber(seller, null)).toBe('OM1100987654');
    expect(sellerVatNumber(null, 'SA')).toBeNull();
  });
});
