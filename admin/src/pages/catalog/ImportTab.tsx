// Import wizard: a CSV or JSON file is read here (size, encoding, columns), previewed line by line
// by the database, and imported only when no line is refused. Export writes files that import
// back unchanged.
import { useCan } from '@refinedev/core';
import { Alert, Button, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCatalogFile, toCatalogCsv, type CatalogRecord, type FileProblem } from '../../lib/catalogFile';
import { formatNumber } from '../../lib/format';
import { useRpcMutation, useShowError } from '../../lib/useRpc';
import type { ImportLineResult, ImportPreview } from './model';

const OUTCOME_COLOURS = { add: 'green', change: 'blue', unchanged: 'default', refused: 'red' } as const;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.click();
  URL.revokeObjectURL(url);
}

export function ImportTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const showError = useShowError();
  const { data: canWrite } = useCan({ resource: 'catalog', action: 'edit' });
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [rows, setRows] = useState<CatalogRecord[] | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const importRows = useRpcMutation('import_catalog', { successKey: 'catalog.imported' });
  // Reads on demand (a file chosen, an export asked for) through the same hook, errors shown here.
  const previewRows = useRpcMutation<ImportPreview>('preview_catalog_import', { silentError: true });
  const exportRows = useRpcMutation<CatalogRecord[]>('export_catalog', { silentError: true });

  const read = async (file: File) => {
    setProblem(null); setRows(null); setPreview(null);
    const parsed = parseCatalogFile(file.name, new Uint8Array(await file.arrayBuffer()));
    if ('problem' in parsed) { setProblem(parsed.problem); return false; }
    setRows(parsed.rows);
    setBusy(true);
    try { setPreview(await previewRows.mutateAsync({ rows: parsed.rows })); }
    catch (err) { showError(err); }
    finally { setBusy(false); }
    return false;
  };
  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const data = await exportRows.mutateAsync({});
      if (format === 'csv') download('catalog.csv', 'text/csv;charset=utf-8', toCatalogCsv(data));
      else download('catalog.json', 'application/json', JSON.stringify(data, null, 2));
    } catch (err) { showError(err); }
  };
  const problemText = (p: FileProblem) => t(`catalog.file_problems.${p.code}`, {
    size: p.code === 'too_large' ? `${formatNumber(Math.round(p.bytes / 1048576 * 10) / 10, lang)} MB` : '',
    missing: p.code === 'wrong_columns' ? p.missing.join(', ') || '—' : '', unknown: p.code === 'wrong_columns' ? p.unknown.join(', ') || '—' : '',
    line: p.code === 'bad_quotes' ? p.line : '',
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => exportAs('csv')} data-testid="catalog-export-csv">{t('catalog.actions.export_csv')}</Button>
        <Button onClick={() => exportAs('json')} data-testid="catalog-export-json">{t('catalog.actions.export_json')}</Button>
      </Space>
      {canWrite?.can && (
        <>
          <Upload accept=".csv,.json,text/csv,application/json" maxCount={1} showUploadList={false} beforeUpload={read}>
            <Button icon={<UploadOutlined />} loading={busy} data-testid="catalog-import-file">{t('catalog.actions.choose_file')}</Button>
          </Upload>
          {problem && <Alert type="error" showIcon message={problemText(problem)} data-testid="catalog-import-problem" data-code={problem.code} />}
          {preview && (
            <>
              {preview.refused > 0
                ? <Alert type="error" showIcon message={t('catalog.import_refused', { count: preview.refused })} data-testid="catalog-import-refused" />
                : <Alert type="info" showIcon message={t('catalog.import_ready', { add: preview.add, change: preview.change, unchanged: preview.unchanged })}
                    data-testid="catalog-import-ready" />}
              <Table<ImportLineResult> rowKey="line" dataSource={preview.lines} size="small" scroll={{ x: 'max-content' }} data-testid="catalog-import-preview"
                pagination={{ pageSize: 50, showSizeChanger: false }}>
                <Table.Column<ImportLineResult> dataIndex="line" title={t('catalog.fields.line')} render={(v: number) => formatNumber(v, lang)} />
                <Table.Column<ImportLineResult> dataIndex="family" title={t('catalog.fields.family')} render={(v: string | null) => v && (t(`catalog.families.${v}`, { defaultValue: v }))} />
                <Table.Column<ImportLineResult> dataIndex="code" title={t('catalog.fields.code')} render={(v) => v && <Typography.Text code>{v}</Typography.Text>} />
                <Table.Column<ImportLineResult> dataIndex="outcome" title={t('catalog.fields.outcome')}
                  render={(v: ImportLineResult['outcome'], r) => <Tag color={OUTCOME_COLOURS[v]} data-testid={`catalog-import-line-${r.line}`} data-outcome={v}>{t(`catalog.outcomes.${v}`)}</Tag>} />
                <Table.Column<ImportLineResult> dataIndex="reasons" title={t('catalog.fields.reasons')}
                  render={(v: string[]) => <span dir="ltr">{v.join('; ')}</span>} />
              </Table>
              {preview.refused === 0 && (
                <Space wrap>
                  <Input placeholder={t('common.reason_optional')} aria-label={t('common.reason_optional')} value={reason} maxLength={1000}
                    onChange={(e) => setReason(e.target.value)} style={{ width: 280 }} />
                  <Button type="primary" loading={importRows.isPending} data-testid="catalog-import-go"
                    disabled={preview.add + preview.change === 0}
                    onClick={() => importRows.mutate({ rows, reason: reason || null }, { onSuccess: () => { setPreview(null); setRows(null); } })}>
                    {t('catalog.actions.import')}
                  </Button>
                </Space>
              )}
            </>
          )}
        </>
      )}
    </Space>
  );
}
