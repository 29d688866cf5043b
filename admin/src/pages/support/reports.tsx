// Support reports (a tab of Support settings): SLA attainment and response times per priority
// (support_sla_report), the time solved tickets waited on the customer (support_customer_wait_report),
// the backlog per day as a chart (support_backlog_report) and CSAT per group and agent (support_csat_report), over a chosen period, each exportable as CSV. Every figure is
// computed in SQL; the console only lays it out.
import { Card, DatePicker, Progress, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { formatNumber } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { useStaffNames } from '../../lib/useStaffNames';
import type { SupportBacklogRow, SupportCsatReportRow, SupportCustomerWaitRow, SupportSlaReportRow } from '../../types/rows';

const share = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

// The wait's share of resolution time: a plain bar (more is neither good nor bad, so no colours).
function WaitShare({ value }: { value: number | null }) {
  const pct = share(value);
  return pct === null ? <Typography.Text type="secondary">—</Typography.Text>
    : <Progress percent={pct} size="small" status="normal" strokeColor="#8c8c8c" style={{ minWidth: 110 }} />;
}

function Attainment({ value }: { value: number | null }) {
  const pct = share(value);
  return pct === null ? <Typography.Text type="secondary">—</Typography.Text>
    : <Progress percent={pct} size="small" status={pct >= 90 ? 'success' : pct >= 75 ? 'normal' : 'exception'} style={{ minWidth: 110 }} />;
}

export function ReportsTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rtl = lang === 'ar';
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day').startOf('day'), dayjs().startOf('day')]);
  const period = { from_at: range[0].toISOString(), to_at: range[1].add(1, 'day').toISOString() };
  const { data: sla, isLoading } = useRpcQuery<SupportSlaReportRow[]>('support_sla_report', period);
  const { data: backlog } = useRpcQuery<SupportBacklogRow[]>('support_backlog_report',
    { from_day: range[0].format('YYYY-MM-DD'), to_day: range[1].format('YYYY-MM-DD') });
  const { data: wait } = useRpcQuery<SupportCustomerWaitRow[]>('support_customer_wait_report', period);
  const { data: csat } = useRpcQuery<SupportCsatReportRow[]>('support_csat_report', period);
  const names = useStaffNames((csat ?? []).map((r) => r.assignee_id));
  const priority = (p: string | null) => (p ? t(`support.priority.${p}`, p) : t('support.reports.all'));
  const minutes = (m: number | null) => (m === null ? '—' : formatNumber(m, lang));
  const slaColumns = [
    { title: t('support.fields.priority'), value: (r: SupportSlaReportRow) => priority(r.priority) },
    { title: t('support.reports.opened'), value: (r: SupportSlaReportRow) => r.opened },
    { title: t('support.reports.first_response_attainment'), value: (r: SupportSlaReportRow) => share(r.first_response_attainment) },
    { title: t('support.reports.first_response_p50'), value: (r: SupportSlaReportRow) => r.first_response_p50 },
    { title: t('support.reports.first_response_p90'), value: (r: SupportSlaReportRow) => r.first_response_p90 },
    { title: t('support.reports.resolution_attainment'), value: (r: SupportSlaReportRow) => share(r.resolution_attainment) },
    { title: t('support.reports.resolution_p50'), value: (r: SupportSlaReportRow) => r.resolution_p50 },
    { title: t('support.reports.resolution_p90'), value: (r: SupportSlaReportRow) => r.resolution_p90 },
  ];
  const waitColumns = [
    { title: t('support.fields.priority'), value: (r: SupportCustomerWaitRow) => priority(r.priority) },
    { title: t('support.reports.solved'), value: (r: SupportCustomerWaitRow) => r.solved },
    { title: t('support.reports.waited'), value: (r: SupportCustomerWaitRow) => r.waited },
    { title: t('support.reports.wait_p50'), value: (r: SupportCustomerWaitRow) => r.wait_p50 },
    { title: t('support.reports.wait_p90'), value: (r: SupportCustomerWaitRow) => r.wait_p90 },
    { title: t('support.reports.wait_minutes'), value: (r: SupportCustomerWaitRow) => r.wait_minutes },
    { title: t('support.reports.resolution_minutes'), value: (r: SupportCustomerWaitRow) => r.resolution_minutes },
    { title: t('support.reports.wait_share'), value: (r: SupportCustomerWaitRow) => share(r.wait_share) },
  ];
  const csatName = (r: SupportCsatReportRow) => (r.assignee_id ? (names.get(r.assignee_id) ?? r.assignee_id.slice(0, 8))
    : r.group_code ? `${r.group_code} — ${t('support.reports.total')}` : t('support.reports.all'));
  const points = (backlog ?? []).map((b) => ({ day: b.day, open: b.open_at_end }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <DatePicker.RangePicker value={range} allowClear={false} data-testid="reports-range"
        onChange={(v) => { if (v?.[0] && v?.[1]) setRange([v[0].startOf('day'), v[1].startOf('day')]); }} />
      <Card size="small" title={t('support.reports.sla_title')}
        extra={<ExportCsvButton list="support-sla" size="small" columns={slaColumns} source={{ rows: sla ?? [] }} />}>
        <Typography.Paragraph type="secondary">{t('support.reports.sla_intro')}</Typography.Paragraph>
        <Table<SupportSlaReportRow> rowKey={(r) => r.priority ?? 'all'} size="small" loading={isLoading} dataSource={sla ?? []}
          pagination={false} scroll={{ x: 900 }} data-testid="sla-report"
          onRow={(r) => ({ 'data-testid': `sla-report-${r.priority ?? 'all'}` } as any)}
          columns={[
            { title: t('support.fields.priority'), dataIndex: 'priority', render: (p) => <Typography.Text strong={!p}>{priority(p)}</Typography.Text> },
            { title: t('support.reports.opened'), dataIndex: 'opened', render: (n) => formatNumber(n, lang) },
            { title: t('support.reports.first_response_attainment'), dataIndex: 'first_response_attainment', render: (v) => <Attainment value={v} /> },
            { title: t('support.reports.first_response_p50_p90'), key: 'fr', render: (_, r) => `${minutes(r.first_response_p50)} / ${minutes(r.first_response_p90)}` },
            { title: t('support.reports.resolution_attainment'), dataIndex: 'resolution_attainment', render: (v) => <Attainment value={v} /> },
            { title: t('support.reports.resolution_p50_p90'), key: 'res', render: (_, r) => `${minutes(r.resolution_p50)} / ${minutes(r.resolution_p90)}` },
          ]} />
      </Card>
      <Card size="small" title={t('support.reports.wait_title')}
        extra={<ExportCsvButton list="support-wait" size="small" columns={waitColumns} source={{ rows: wait ?? [] }} />}>
        <Typography.Paragraph type="secondary">{t('support.reports.wait_intro')}</Typography.Paragraph>
        <Table<SupportCustomerWaitRow> rowKey={(r) => r.priority ?? 'all'} size="small" dataSource={wait ?? []}
          pagination={false} scroll={{ x: 700 }} data-testid="wait-report"
          onRow={(r) => ({ 'data-testid': `wait-report-${r.priority ?? 'all'}` } as any)}
          columns={[
            { title: t('support.fields.priority'), dataIndex: 'priority', render: (p) => <Typography.Text strong={!p}>{priority(p)}</Typography.Text> },
            { title: t('support.reports.solved'), dataIndex: 'solved', render: (n) => formatNumber(n, lang) },
            { title: t('support.reports.waited'), dataIndex: 'waited', render: (n) => formatNumber(n, lang) },
            { title: t('support.reports.wait_p50_p90'), key: 'wait', render: (_, r) => `${minutes(r.wait_p50)} / ${minutes(r.wait_p90)}` },
            { title: t('support.reports.wait_share'), dataIndex: 'wait_share', render: (v) => <WaitShare value={v} /> },
          ]} />
      </Card>
      <Card size="small" title={t('support.reports.backlog_title')}
        extra={<ExportCsvButton list="support-backlog" size="small" source={{ rows: backlog ?? [] }} columns={[
          { title: t('support.reports.day'), value: (r: SupportBacklogRow) => r.day },
          { title: t('support.reports.opened'), value: (r: SupportBacklogRow) => r.opened },
          { title: t('support.reports.resolved'), value: (r: SupportBacklogRow) => r.resolved },
          { title: t('support.reports.open_at_end'), value: (r: SupportBacklogRow) => r.open_at_end },
        ]} />}>
        <div data-testid="backlog-chart" style={{ width: '100%', height: 260 }} dir="ltr">
          <ResponsiveContainer>
            <LineChart data={rtl ? [...points].reverse() : points} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tickFormatter={(v: number) => formatNumber(v, lang)} />
              <Tooltip formatter={(v: any) => [formatNumber(Number(v), lang), t('support.reports.open_at_end')]} />
              <Line type="monotone" dataKey="open" stroke="#1677ff" dot={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <Card size="small" title={t('support.reports.csat_title')}
        extra={<ExportCsvButton list="support-csat" size="small" source={{ rows: csat ?? [] }} columns={[
          { title: t('support.fields.group'), value: (r: SupportCsatReportRow) => r.group_code ?? '' },
          { title: t('support.fields.assignee'), value: csatName },
          { title: t('support.reports.ratings'), value: (r: SupportCsatReportRow) => r.ratings },
          { title: t('support.reports.average'), value: (r: SupportCsatReportRow) => r.average },
          { title: t('support.reports.satisfied'), value: (r: SupportCsatReportRow) => share(r.satisfied_share) },
        ]} />}>
        <Table<SupportCsatReportRow> rowKey={(r) => `${r.group_code ?? '*'}:${r.assignee_id ?? '*'}`} size="small" pagination={false}
          dataSource={csat ?? []} data-testid="csat-report" scroll={{ x: 600 }}
          columns={[
            { title: t('support.fields.assignee'), key: 'who', render: (_, r) => <Typography.Text strong={!r.assignee_id}>{csatName(r)}</Typography.Text> },
            { title: t('support.reports.ratings'), dataIndex: 'ratings', render: (n) => formatNumber(n, lang) },
            { title: t('support.reports.average'), dataIndex: 'average', render: (n) => (n === null ? '—' : formatNumber(n, lang)) },
            { title: t('support.reports.satisfied'), dataIndex: 'satisfied_share', render: (v) => <Attainment value={v} /> },
          ]} />
      </Card>
    </Space>
  );
}
