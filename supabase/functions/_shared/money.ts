// Minor units as the gateways count them. Stripe: most currencies 2 decimals, the zero-decimal
// list below 0, and BHD, JOD, KWD, OMR, TND 3 (whose amounts Stripe requires to end in 0).
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

export function currencyExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (THREE_DECIMAL.has(c)) return 3;
  if (ZERO_DECIMAL.has(c)) return 0;
  return 2;
}

/** Integer minor units → a decimal string in major units, exactly ("12340", OMR → "12.340"). */
export function minorToMajor(minor: number | bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const n = BigInt(minor);
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(exp + 1, '0');
  const out = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${out}` : out;
}

/** A decimal string or number in major units → integer minor units (half away from zero past the exponent). */
export function majorToMinor(major: string | number, currency: string): number {
  const exp = currencyExponent(currency);
  const text = typeof major === 'number' ? major.toFixed(Math.max(exp, 6)) : major.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${major}`);
  const frac = (m[3] ?? '').padEnd(exp + 1, '0');
  let units = BigInt(m[2] + frac.slice(0, exp));
  if (Number(frac[exp]) >= 5) units += 1n;
  return Number(m[1] ? -units : units);
}

/**
 * The amount Stripe will accept: for 3-decimal currencies a multiple of 10, rounded up so the
 * invoice is always covered (the excess, at most 0.009, is an overpayment the billing rules credit).
 */
export function stripeChargeableMinor(minor: number, currency: string): number {
  if (currencyExponent(currency) === 3 && minor % 10 !== 0) return Math.ceil(minor / 10) * 10;
  return minor;
}

/** Major-unit decimal string as a JSON number for the contract (numeric in SQL). */
export function decimalNumber(text: string): number {
  return Number(text);
}
