// Revenue: MRR, ARR, ARPU per currency (billing_mrr) and monthly MRR movements (mrr_movements_by_month)
// as a chart: new / expansion / reactivation up, contraction / churned down, the net as a line.
import { List } from '@refinedev/antd';
import { Alert, Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMoney, useCurrencies, minorUnitOf } from '../../components/billing/money';
import { formatNumber, intlLocale } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import type { MrrRow, MovementRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';
export type { MrrRow, MovementRow };


export const MOVEMENT_SERIES = [
  { key: 'new', color: '#52c41a' }, { key: 'expansion', color: '#1677ff' }, { key: 'reactivation', color: '#13c2c2' },
  { key: 'contraction', color: '#fa8c16' }, { key: 'churned', color: '#f5222d' },
] as const;

/** Numbers for the chart (PostgREST sends numerics as numbers or strings). */
export function chartRows(rows: MovementRow[]) {
  return rows.map((r) => ({
    month: r.month, new: Number(r.new), expansion: Number(r.expansion), reactivation: Number(r.reactivation),
    contraction: Number(r.contraction), churned: Number(r.churned), net: Number(r.net), ending_mrr: Number(r.ending_mrr),
  }));
}

export function RevenuePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rtl = lang === 'ar';
  const money = useMoney(lang);
  const { units } = useCurrencies();
  const { data: mrr, isLoading, isError } = useRpcQuery<MrrRow[]>('billing_mrr', {});
  const [currency, setCurrency] = useState<string>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(11, 'month').startOf('month'), dayjs().startOf('month')]);
  const chosen = currency ?? mrr?.find((r) => Number(r.mrr) > 0)?.currency ?? mrr?.[0]?.currency ?? 'OMR';
  const { data: movements, isLoading: loadingMoves, isError: movesFailed } = useRpcQuery<MovementRow[]>('mrr_movements_by_month', {
    from_month: range[0].format('YYYY-MM-01'), to_month: range[1].format('YYYY-MM-01'), currency: chosen,
  }, { enabled: !!chosen });
  const rows = chartRows(movements ?? []);
  const data = rtl ? [...rows].reverse() : rows;
  const monthLabel = (m: string) => new Intl.DateTimeFormat(intlLocale(lang), { month: 'short', year: '2-digit' }).format(new Date(`${m}T00:00:00Z`));
  const digits = minorUnitOf(chosen, units);
  const axisMoney = (v: number) => new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: digits }).format(v);
  // Large amounts ("AED 1,814.52") must stay on one line in a third of a card at 1280 px.
  const big = (text: string, testId?: string) => <span dir="ltr" style={{ whiteSpace: 'nowrap', fontSize: 20 }} data-testid={testId}>{text}</span>;
  const MOVEMENT_KEYS = ['new', 'expansion', 'reactivation', 'contraction', 'churned', 'net', 'ending_mrr'] as const;
  const csvColumns: CsvColumn<MovementRow>[] = [
    { title: t('billing.revenue.month'), value: (r) => r.month },
    { title: t('billing.fields.currency'), value: () => chosen },
    ...MOVEMENT_KEYS.map((k) => ({ title: t(`billing.revenue.series.${k}`), value: (r: MovementRow) => (r as unknown as Record<string, number>)[k] })),
  ];
  return (
    <List>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Row gutter={[16, 16]} data-testid="revenue-cards">
          {(mrr ?? []).map((r) => (
            <Col key={r.currency} xs={24} lg={12} xxl={8}>
              <Card size="small" title={r.currency} data-testid={`revenue-card-${r.currency}`}>
                <Row gutter={[12, 12]}>
                  <Col span={8}><Statistic title={t('billing.revenue.mrr')} valueRender={() => big(money(r.mrr, r.currency), `mrr-${r.currency}`)} /></Col>
                  <Col span={8}><Statistic title={t('billing.revenue.arr')} valueRender={() => big(money(r.arr, r.currency))} /></Col>
                  <Col span={8}><Statistic title={t('billing.revenue.arpu')} valueRender={() => big(money(r.arpu, r.currency))} /></Col>
                  <Col span={12}><Statistic title={t('billing.revenue.active_subscriptions')} value={formatNumber(Number(r.active_subscriptions), lang)} /></Col>
                  <Col span={12}><Statistic title={t('billing.revenue.paying_tenants')} value={formatNumber(Number(r.paying_tenants), lang)} /></Col>
                </Row>
              </Card>
            </Col>
          ))}
          {isError && <Col span={24}><Alert type="error" showIcon data-testid="revenue-error" message={t('billing.load_failed')} /></Col>}
          {!isLoading && !isError && !(mrr ?? []).length && <Col span={24}><Empty description={t('billing.revenue.no_data')} /></Col>}
        </Row>

        <Card size="small" title={t('billing.revenue.movements')} extra={
          <Space wrap>
            <ExportCsvButton list={`mrr-movements-${chosen}`} columns={csvColumns} source={{ rows: movements ?? [] }} />
            <Select value={chosen} onChange={setCurrency} style={{ width: 110 }} data-testid="revenue-currency"
              options={Object.keys(units).map((c) => ({ value: c, label: c }))} />
            <DatePicker.RangePicker picker="month" value={range} allowClear={false}
              onChange={(v) => { if (v?.[0] && v?.[1]) setRange([v[0].startOf('month'), v[1].startOf('month')]); }} />
          </Space>
        }>
          {rows.some((r) => r.ending_mrr || r.net) ? (
            <div style={{ width: '100%', height: 340 }} dir="ltr" data-testid="revenue-chart">
              <ResponsiveContainer>
                <ComposedChart data={data} stackOffset="sign" margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="month" tickFormatter={monthLabel} />
                  <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={axisMoney} width={80} />
                  <Tooltip labelFormatter={(m: any) => monthLabel(String(m))}
                    formatter={(v: any, name: any) => [money(Number(v), chosen), t(`billing.revenue.series.${name}`, String(name))]} />
                  <Legend formatter={(name: any) => t(`billing.revenue.series.${name}`, String(name))} />
                  <ReferenceLine y={0} stroke="#999" />
                  {MOVEMENT_SERIES.map((s) => <Bar key={s.key} dataKey={s.key} stackId="m" fill={s.color} />)}
                  <Line type="monotone" dataKey="net" stroke="#262626" strokeWidth={2} dot />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          ) : movesFailed ? <Alert type="error" showIcon message={t('billing.load_failed')} />
            : <Empty description={loadingMoves ? t('billing.revenue.loading') : t('billing.revenue.no_movements')} />}
          <Table rowKey="month" dataSource={movements ?? []} size="small" pagination={false} style={{ marginTop: 16 }}
            data-testid="revenue-table" scroll={{ x: 800 }}>
            <Table.Column dataIndex="month" title={t('billing.revenue.month')} render={(m: string) => monthLabel(m)} />
            {MOVEMENT_KEYS.map((k) => (
              <Table.Column key={k} dataIndex={k} align="end" title={t(`billing.revenue.series.${k}`)}
                render={(v: number) => <Typography.Text dir="ltr" strong={k === 'ending_mrr'} type={Number(v) < 0 ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>{money(v, chosen)}</Typography.Text>} />
            ))}
          </Table>
        </Card>
      </Space>
    </List>
  );
}
