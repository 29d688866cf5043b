// Catalog import/export files: CSV (RFC 4180, UTF-8, exactly the export's columns) and JSON, both
// turned into the rows preview_catalog_import / import_catalog take. The database validates each
// row; this file only refuses what it cannot read: size, encoding, columns, quoting.

export const CATALOG_COLUMNS = ['family', 'code', 'name_en', 'name_ar', 'description_en', 'description_ar',
  'sort_order', 'active', 'icon', 'colour', 'attributes'] as const;
/** The database takes at most 2 MB of rows (private.input_limit('catalog.import_bytes')). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type CatalogRecord = Record<string, unknown>;
export type FileProblem =
  | { code: 'too_large'; bytes: number }
  | { code: 'not_utf8' }
  | { code: 'wrong_columns'; missing: string[]; unknown: string[] }
  | { code: 'bad_quotes'; line: number }
  | { code: 'bad_json' }
  | { code: 'empty' };
export type ParseResult = { rows: CatalogRecord[] } | { problem: FileProblem };

/** Decodes bytes as UTF-8, refusing anything that is not (a Windows-1256 export, say). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Splits CSV text into records of fields; null when a quote is left open. */
export function splitCsv(text: string): { records: string[][] } | { badLine: number } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.some((f) => f !== '') || record.length > 1) records.push(record);
      record = []; line++; recordLine = line;
    } else field += ch;
  }
  if (quoted) return { badLine: recordLine };
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  return { records };
}

function typed(column: string, value: string): unknown {
  if (value === '') return undefined;
  if (column === 'sort_order') return /^-?\d+$/.test(value) ? Number(value) : value;
  if (column === 'active') return value === 'true' ? true : value === 'false' ? false : value;
  if (column === 'attributes') {
    try { return JSON.parse(value); } catch { return value; }
  }
  return value;
}

/** A CSV file's rows; its header must name exactly the export's columns (any order). */
export function parseCatalogCsv(text: string): ParseResult {
  const split = splitCsv(text);
  if ('badLine' in split) return { problem: { code: 'bad_quotes', line: split.badLine } };
  const [header, ...body] = split.records;
  if (!header) return { problem: { code: 'empty' } };
  const names = header.map((h) => h.trim());
  const missing = ['family', 'code'].filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(CATALOG_COLUMNS as readonly string[]).includes(n));
  if (missing.length || unknown.length) return { problem: { code: 'wrong_columns', missing, unknown } };
  if (!body.length) return { problem: { code: 'empty' } };
  return {
    rows: body.map((fields) => {
      const row: CatalogRecord = {};
      names.forEach((name, i) => { const v = typed(name, fields[i] ?? ''); if (v !== undefined) row[name] = v; });
      return row;
    }),
  };
}

/** A JSON file: an array of rows, as export_catalog answers. */
export function parseCatalogJson(text: string): ParseResult {
  let value: unknown;
  try { value = JSON.parse(text); } catch { return { problem: { code: 'bad_json' } }; }
  if (!Array.isArray(value)) return { problem: { code: 'bad_json' } };
  if (!value.length) return { problem: { code: 'empty' } };
  return { rows: value as CatalogRecord[] };
}

/** A file's bytes to rows: size first, then encoding, then its format by name. */
export function parseCatalogFile(name: string, bytes: Uint8Array): ParseResult {
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { problem: { code: 'too_large', bytes: bytes.byteLength } };
  const text = decodeUtf8(bytes);
  if (text === null) return { problem: { code: 'not_utf8' } };
  return /\.json$/i.test(name) ? parseCatalogJson(text) : parseCatalogCsv(text);
}

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV with the export's columns; parseCatalogCsv reads it back to the same rows. */
export function toCatalogCsv(rows: CatalogRecord[]): string {
  const lines = [CATALOG_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(CATALOG_COLUMNS.map((c) => csvField(c === 'attributes' && row[c] && Object.keys(row[c] as object).length === 0 ? undefined : row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
