import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function JsonView({ value, maxHeight = 320 }: { value: unknown; maxHeight?: number }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre dir="ltr" style={{ margin: 0, maxHeight, overflow: 'auto', fontSize: 12, background: 'rgba(0,0,0,0.03)',
      padding: 8, borderRadius: 6, textAlign: 'left' }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** audit diff: {field: [before, after]} as a small table. */
export function DiffTable({ diff }: { diff: unknown }) {
  const { t } = useTranslation();
  if (!diff || typeof diff !== 'object' || !Object.keys(diff as object).length) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const show = (v: unknown) => (v === null || v === undefined ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const rows = Object.entries(diff as Record<string, unknown>).map(([field, pair]) => {
    const [before, after] = Array.isArray(pair) ? pair : [undefined, pair];
    return { field, before: show(before), after: show(after) };
  });
  return (
    <Table size="small" pagination={false} rowKey="field" dataSource={rows} data-testid="audit-diff"
      columns={[
        { title: t('audit_log.diff.field'), dataIndex: 'field', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('audit_log.diff.before'), dataIndex: 'before', render: (v: string) => <Typography.Text delete type="danger" dir="ltr">{v}</Typography.Text> },
        { title: t('audit_log.diff.after'), dataIndex: 'after', render: (v: string) => <Typography.Text type="success" dir="ltr">{v}</Typography.Text> },
      ]} />
  );
}
