// Money in the console: every amount is shown with its currency's minor unit (public.currencies:
// OMR, KWD, BHD 3 decimals; SAR, AED, QAR, USD, EUR 2), in the reader's locale.
import { useList } from '@refinedev/core';
import { intlLocale } from '../../lib/format';
import type { CurrencyRow } from '../../types/rows';
export type { CurrencyRow };

/** Used until public.currencies has answered (and for codes it does not know). */
export const DEFAULT_MINOR_UNITS: Record<string, number> = { OMR: 3, KWD: 3, BHD: 3, JOD: 3, TND: 3, LYD: 3, IQD: 3 };

export const minorUnitOf = (currency: string, units?: Record<string, number>) =>
  units?.[currency] ?? DEFAULT_MINOR_UNITS[currency] ?? 2;

/** "12.500 OMR" / "١٢٫٥٠٠ ر.ع." — the amount with exactly the currency's decimals. */
export function formatMoney(amount: number | string | null | undefined, currency: string | null | undefined, lang: string,
  units?: Record<string, number>): string {
  if (amount === null || amount === undefined || amount === '' || !currency) return '—';
  const n = Number(amount);
  if (Number.isNaN(n)) return String(amount);
  const digits = minorUnitOf(currency, units);
  try {
    return new Intl.NumberFormat(intlLocale(lang), { style: 'currency', currency, currencyDisplay: lang === 'ar' ? 'symbol' : 'code',
      minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n).replace(/[\u00a0\u202f]/g, ' ');
  } catch {
    return `${new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)} ${currency}`;
  }
}


/** public.currencies as {code: minor_unit}, plus the rows. */
export function useCurrencies() {
  const { result } = useList<CurrencyRow>({ resource: 'currencies', pagination: { mode: 'off' }, sorters: [{ field: 'code', order: 'asc' }],
    queryOptions: { staleTime: 3_600_000 } });
  const rows = result?.data ?? [];
  const units: Record<string, number> = Object.fromEntries(rows.map((c) => [c.code, c.minor_unit]));
  return { currencies: rows, units };
}

/** A formatter bound to the language and the loaded minor units. */
export function useMoney(lang: string) {
  const { units } = useCurrencies();
  return (amount: number | string | null | undefined, currency: string | null | undefined) => formatMoney(amount, currency, lang, units);
}
