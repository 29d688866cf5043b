// Numbers and dates in the reader's locale (Arabic uses Arabic-Indic digits).
export const intlLocale = (lang: string) => (lang === 'ar' ? 'ar-u-nu-arab' : 'en-GB');

export function formatNumber(n: number | null | undefined, lang: string): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(intlLocale(lang)).format(n);
}

export function formatDateTime(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/**
 * A date for people. A date-only value ('2026-11-24', a tenant's issue or due date) is that calendar
 * day wherever the reader is; an instant is shown in `timeZone` (default: the reader's).
 */
export function formatDate(value: string | null | undefined, lang: string, timeZone?: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const zone = /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : timeZone;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: zone }).format(d);
}

/**
 * A billing period [start, end) as the days it covers in the tenant's timezone: the last day shown is
 * the day before the end, as on the invoice lines (24 Nov – 23 Dec).
 */
export function formatPeriod(start: string | null | undefined, end: string | null | undefined, lang: string, timeZone?: string): string {
  if (!start || !end) return '—';
  const endDate = new Date(end);
  if (Number.isNaN(endDate.getTime())) return '—';
  // The calendar day the period ends on in the timezone, minus one calendar day (not 24 hours:
  // a day around a DST change is 23 or 25 hours long).
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(endDate);
  const [y, m, d] = ymd.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  return `${formatDate(start, lang, timeZone)} – ${formatDate(lastDay, lang)}`;
}

/** mm:ss left until `until` (00:00 once passed). */
export function countdown(until: string | number | Date, now: number = Date.now()): string {
  const ms = Math.max(0, new Date(until).getTime() - now);
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A localised jsonb {en, ar} name. */
export function localName(name: unknown, lang: string): string {
  if (!name || typeof name !== 'object') return typeof name === 'string' ? name : '';
  const n = name as Record<string, string>;
  return (lang === 'ar' ? n.ar || n.en : n.en || n.ar) ?? '';
}

/**
 * The direction of a text by its first strong letter (Unicode's rule, as dir="auto" does): a Latin
 * name or slug is 'ltr' even in the Arabic layout, so its ellipsis goes at its end (the right).
 * null when it has no letter (digits, punctuation): it then follows the page.
 */
export function textDirection(text: string): 'ltr' | 'rtl' | null {
  const m = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]|[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.exec(text);
  if (!m) return null;
  return /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(m[0]) ? 'rtl' : 'ltr';
}
