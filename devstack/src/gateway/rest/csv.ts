// text/csv responses: a header row, then one line per row; nulls are empty fields.
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown): string {
  const list = Array.isArray(rows) ? rows : rows == null ? [] : [rows];
  if (list.length === 0) return '';
  const columns = Object.keys(list[0] as object);
  const lines = [columns.map(csvField).join(',')];
  for (const row of list as Record<string, unknown>[]) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return lines.join('\n');
}
