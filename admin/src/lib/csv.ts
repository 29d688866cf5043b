// CSV files the console exports from its lists (issue 20 §2): RFC 4180 (fields quoted when they hold
// a comma, quote or line break; quotes doubled; CRLF line ends), UTF-8 with a byte-order mark so
// Excel reads Arabic as UTF-8 instead of the system code page, and a guard against formula
// injection: a cell a spreadsheet would evaluate (=, +, -, @, or a leading tab/CR) gets a leading
// apostrophe, the OWASP advice, so `=HYPERLINK(...)` typed into a tenant name stays text.

/** A value a cell can hold; null and undefined become empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of an export: its header (already in the current language) and how a row fills it. */
export interface CsvColumn<T> {
  title: string;
  value: (row: T) => CsvValue;
}

export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/** The cell's text with the formula guard applied; numbers stay numbers (-5 is not a formula). */
export function guardFormula(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** One field, quoted when it must be (RFC 4180 §2.6, §2.7). */
export function csvField(value: CsvValue): string {
  const s = guardFormula(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header and rows as CSV text (no BOM), CRLF after every record. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The rows through the columns, as a file's text: BOM, header, one record per row. */
export function csvDocument<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return BOM + toCsv(columns.map((c) => c.title), rows.map((r) => columns.map((c) => c.value(r))));
}

/** `<list>-<yyyy-mm-dd>.csv`, the list's name reduced to safe file-name characters. */
export function csvFileName(list: string, at: Date = new Date()): string {
  const safe = list.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export';
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${safe}-${day}.csv`;
}

/** Hands the text to the browser as a download. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url; a.download = fileName;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
