// "Who uses what": tenants per plan version, add-on and feature (entitlement_usage_report), as a
// chart and a table, with a CSV export (every kind, not only the one shown).
import { List } from '@refinedev/antd';
import { Card, Segmented, Space, Table, Typography } from 'antd';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageRow } from '../../components/entitlements/model';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
import { formatNumber } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';

const FILL = { plan: '#0b6e4f', add_on: '#722ed1', feature: '#1677ff' } as const;

export function UsageReport() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rtl = lang === 'ar';
  const [kind, setKind] = useState<UsageRow['kind']>('plan');
  const { data, isLoading } = useRpcQuery<UsageRow[]>('entitlement_usage_report');
  const rows = (data ?? []).filter((r) => r.kind === kind).map((r) => ({ ...r, tenants: Number(r.tenants) }));
  const chartRows = rtl ? [...rows].reverse() : rows;
  const csvColumns: CsvColumn<UsageRow>[] = [
    { title: t('entitlement_report.kind'), value: (r) => t(`entitlement_report.kinds.${r.kind}`) },
    { title: t('entitlement_report.code'), value: (r) => r.code },
    { title: t('entitlement_report.tenants'), value: (r) => Number(r.tenants) },
  ];
  return (
    <List headerButtons={<ExportCsvButton list="entitlement-usage" columns={csvColumns} source={{ rows: data ?? [] }} />}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('entitlement_report.explain')}</Typography.Paragraph>
        <Segmented value={kind} onChange={(v) => setKind(v as UsageRow['kind'])} data-testid="report-kind"
          options={(['plan', 'add_on', 'feature'] as const).map((k) => ({ value: k, label: t(`entitlement_report.kinds.${k}`) }))} />
        <Card size="small">
          <div data-testid="report-chart" style={{ width: '100%', height: Math.max(260, kind === 'feature' ? rows.length * 22 : 300) }} dir="ltr">
            <ResponsiveContainer>
              {kind === 'feature' ? (
                <BarChart data={chartRows} layout="vertical" margin={{ top: 8, right: 24, left: 24, bottom: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => formatNumber(v, lang)} />
                  <YAxis type="category" dataKey="code" width={220} tick={{ fontSize: 11 }} interval={0} orientation={rtl ? 'right' : 'left'} />
                  <Tooltip formatter={(v: any) => [formatNumber(Number(v), lang), t('entitlement_report.tenants')]} />
                  <Bar dataKey="tenants" fill={FILL[kind]} radius={[0, 4, 4, 0]} />
                </BarChart>
              ) : (
                <BarChart data={chartRows} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="code" tick={{ fontSize: 12 }} interval={0} />
                  <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tickFormatter={(v: number) => formatNumber(v, lang)} />
                  <Tooltip formatter={(v: any) => [formatNumber(Number(v), lang), t('entitlement_report.tenants')]} />
                  <Bar dataKey="tenants" fill={FILL[kind]} radius={[4, 4, 0, 0]} />
                </BarChart>
              )}
            </ResponsiveContainer>
          </div>
        </Card>
        <Table<UsageRow> rowKey={(r) => `${r.kind}:${r.code}`} size="small" loading={isLoading} dataSource={rows} pagination={false}
          data-testid="report-table">
          <Table.Column dataIndex="code" title={t('entitlement_report.code')}
            render={(v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text>} />
          <Table.Column dataIndex="tenants" title={t('entitlement_report.tenants')} sorter={(a: UsageRow, b: UsageRow) => a.tenants - b.tenants}
            render={(v: number) => formatNumber(v, lang)} />
        </Table>
      </Space>
    </List>
  );
}
