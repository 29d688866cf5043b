// The "Export CSV" button every console list carries (issue 20 §2). It exports what the list's
// filters select, not just the page on screen: rows are read again in batches through Refine's
// data provider (the same query, so RLS decides what a reader may export), up to EXPORT_CAP rows,
// with a notice when the cap cut the file short. Headers and labels come in the current language.
import { useDataProvider, type CrudFilters, type CrudSorting, type MetaQuery } from '@refinedev/core';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { csvDocument, csvFileName, downloadCsv, type CsvColumn } from '../lib/csv';
import { EXPORT_CAP, readAllRows, type ExportedRows, type PageReader } from '../lib/exportRows';
import { formatNumber } from '../lib/format';
import { useShowError } from '../lib/useRpc';

/** Where the rows come from: a Refine resource with the list's filters, a paged reader, or rows held whole. */
export type ExportSource<T> =
  | { resource: string; filters?: CrudFilters; sorters?: CrudSorting; meta?: MetaQuery }
  | { read: PageReader<T> }
  | { rows: T[] };

export interface ExportCsvButtonProps<T> {
  /** The list's name in the file name and the test id (`export-csv-<list>`). */
  list: string;
  columns: CsvColumn<T>[];
  source: ExportSource<T>;
  size?: 'small' | 'middle';
}

export function ExportCsvButton<T>({ list, columns, source, size }: ExportCsvButtonProps<T>) {
  const { t, i18n } = useTranslation();
  const dataProvider = useDataProvider();
  const { notification } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);

  const load = (): Promise<ExportedRows<T>> => {
    if ('rows' in source) return Promise.resolve({ rows: source.rows, total: source.rows.length, capped: false });
    if ('read' in source) return readAllRows(source.read);
    return readAllRows<T>(async (page, size) => {
      const got = await dataProvider().getList<T & Record<string, unknown>>({
        resource: source.resource, filters: source.filters, sorters: source.sorters, meta: source.meta,
        pagination: { currentPage: page, pageSize: size, mode: 'server' },
      });
      return { data: got.data as T[], total: got.total };
    });
  };

  const run = async () => {
    setBusy(true);
    try {
      const got = await load();
      downloadCsv(csvFileName(list), csvDocument(columns, got.rows));
      if (got.capped) {
        notification.warning({
          message: t('common.export.capped_title'), placement: 'topRight', duration: 10,
          description: t('common.export.capped', { rows: formatNumber(EXPORT_CAP, i18n.language), total: formatNumber(got.total, i18n.language) }),
        });
      }
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={run} size={size} data-testid={`export-csv-${list}`}>
      {t('common.export.csv')}
    </Button>
  );
}
