// Every row a list's filters select, read in batches (the list shows one page; an export holds
// them all), up to a cap so a click cannot pull a whole table into the browser.

export const EXPORT_BATCH = 500;
export const EXPORT_CAP = 10_000;

/** One batch: rows from the 1-based page of `size`, and the total the filters select when known. */
export type PageReader<T> = (page: number, size: number) => Promise<{ data: T[]; total?: number }>;

export interface ExportedRows<T> {
  rows: T[];
  /** Rows the filters select (at least rows.length). */
  total: number;
  /** True when the cap stopped the export before the last row. */
  capped: boolean;
}

export async function readAllRows<T>(read: PageReader<T>, batch = EXPORT_BATCH, cap = EXPORT_CAP): Promise<ExportedRows<T>> {
  const rows: T[] = [];
  let total: number | undefined;
  for (let page = 1; ; page++) {
    const got = await read(page, batch);
    if (typeof got.total === 'number') total = got.total;
    rows.push(...got.data);
    // a short batch is the last one; so is reaching the total the server counted
    if (got.data.length < batch || (total !== undefined && rows.length >= total)) break;
    if (rows.length >= cap) {
      // a full batch at the cap: more rows exist unless the server's count says otherwise
      return { rows: rows.slice(0, cap), total: Math.max(total ?? rows.length, rows.length), capped: total === undefined || total > cap };
    }
  }
  const capped = rows.length > cap;
  return { rows: rows.slice(0, cap), total: Math.max(total ?? rows.length, rows.length), capped };
}
