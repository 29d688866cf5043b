// Workflow analytics: time in stage (p50 / p95), bottlenecks (total time in stage), SLA breaches
// and stuck orders, for a period, a tenant and a template (workflow_stage_stats, stuck_orders).
import { List } from '@refinedev/antd';
import { useList } from '@refinedev/core';
import { Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { aggregateStats, minutesOf, normalise, type StageStatRow, type WorkflowDefinition } from '../../lib/workflow';
import type { TemplateRow } from './list';
import type { StuckOrderRow as StuckRow } from '../../types/rows';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import type { CsvColumn } from '../../lib/csv';


function ChartCard({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title}>
      <div data-testid={testId} style={{ width: '100%', height: 280 }} dir="ltr">
        <ResponsiveContainer>{children as any}</ResponsiveContainer>
      </div>
    </Card>
  );
}

export function WorkflowAnalytics() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rtl = lang === 'ar';
  const params = new URLSearchParams(window.location.search);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(30, 'day').startOf('day'), dayjs().add(1, 'day').startOf('day')]);
  const [tenant, setTenant] = useState<string | undefined>(params.get('tenant') ?? undefined);
  const [template, setTemplate] = useState<string | undefined>(params.get('template') ?? undefined);

  const { result: tenants } = useList<{ id: string; name: { en: string; ar?: string }; slug: string }>({
    resource: 'tenants', pagination: { mode: 'off' }, meta: { select: 'id,name,slug' }, sorters: [{ field: 'slug', order: 'asc' }],
  });
  const { result: templates } = useList<TemplateRow>({
    resource: 'workflow_templates', pagination: { mode: 'off' }, sorters: [{ field: 'code', order: 'asc' }],
  });
  // stage names: HQ versions oldest first, then the drafts, then the tenant's effective versions, so
  // a stage keeps its latest name (the tenant's rename) even after a newer version removed it
  const { result: versions } = useList<{ template_id: string; tenant_id: string | null; version: number; definition: WorkflowDefinition }>({
    resource: 'workflow_versions', pagination: { mode: 'off' },
    filters: [tenant ? { field: 'tenant_id', operator: 'eq', value: tenant } : { field: 'tenant_id', operator: 'null', value: true },
      ...(template ? [{ field: 'template_id', operator: 'eq' as const, value: template }] : [])],
    sorters: [{ field: 'version', order: 'asc' }],
    meta: { select: 'template_id,tenant_id,version,definition' },
  });
  const stats = useRpcQuery<StageStatRow[]>('workflow_stage_stats', {
    from_ts: range[0].toISOString(), to_ts: range[1].toISOString(), for_tenant: tenant ?? null, for_template: template ?? null,
  });
  const stuck = useRpcQuery<StuckRow[]>('stuck_orders', { for_tenant: tenant ?? null, max_rows: 100 });

  const stageName = useMemo(() => {
    const m = new Map<string, string>();
    for (const tpl of templates?.data ?? []) {
      for (const s of normalise(tpl.draft).stages) m.set(`${tpl.id}:${s.code}`, localName(s.name, lang));
    }
    for (const v of versions?.data ?? []) {
      for (const s of normalise(v.definition).stages) m.set(`${v.template_id}:${s.code}`, localName(s.name, lang));
    }
    return m;
  }, [templates, versions, lang]);
  // stuck_orders rows carry no template: name a stage by its code across the templates
  const byCode = useMemo(() => {
    const m = new Map<string, string>();
    for (const [k, v] of stageName) m.set(k.slice(k.indexOf(':') + 1), v);
    return m;
  }, [stageName]);
  const templateName = (id: string) => {
    const tpl = (templates?.data ?? []).find((x) => x.id === id);
    return tpl ? localName(tpl.name, lang) : id.slice(0, 8);
  };
  const tenantName = (id: string) => {
    const x = (tenants?.data ?? []).find((y) => y.id === id);
    return x ? localName(x.name, lang) : id.slice(0, 8);
  };

  const agg = useMemo(() => aggregateStats(stats.data ?? []), [stats.data]);
  const label = (key: string, stage: string, templateId: string) =>
    `${template ? '' : `${templateName(templateId)} · `}${stageName.get(key) ?? stage}`;
  const chartRows = agg.map((s) => ({
    ...s, label: label(s.key, s.stage, s.template_id),
    p50: minutesOf(s.p50_seconds), p95: minutesOf(s.p95_seconds), total_hours: Math.round((s.total_seconds / 3600) * 10) / 10,
  }));
  const timeRows = rtl ? [...chartRows].reverse() : chartRows;
  const totalTransitions = agg.reduce((n, s) => n + s.transitions, 0);
  const totalBreaches = agg.reduce((n, s) => n + s.sla_breaches, 0);
  const num = (v: unknown) => formatNumber(Number(v), lang);
  type StageLine = typeof chartRows[number];
  const stageColumns: CsvColumn<StageLine>[] = [
    { title: t('workflow_analytics.rank'), value: (r) => r.rank },
    { title: t('workflow_analytics.stage'), value: (r) => r.label },
    { title: t('workflow_analytics.transitions'), value: (r) => r.transitions },
    { title: t('workflow_analytics.p50_min'), value: (r) => r.p50 },
    { title: t('workflow_analytics.p95_min'), value: (r) => r.p95 },
    { title: t('workflow_analytics.total_hours'), value: (r) => r.total_hours },
    { title: t('workflow_analytics.breaches'), value: (r) => r.sla_breaches },
    { title: t('workflow_analytics.breach_rate'), value: (r) => Math.round(r.breach_rate * 1000) / 10 },
  ];
  const stuckColumns: CsvColumn<StuckRow>[] = [
    { title: t('workflow_analytics.order'), value: (r) => r.number },
    { title: t('workflow_analytics.tenant'), value: (r) => tenantName(r.tenant_id) },
    { title: t('workflow_analytics.stage'), value: (r) => byCode.get(r.stage) ?? r.stage },
    { title: t('workflow_analytics.since'), value: (r) => r.stage_entered_at },
    { title: t('workflow_analytics.overdue'), value: (r) => r.overdue_minutes },
  ];

  return (
    <List resource="workflow_analytics" title={t('workflow_analytics.titles.list')} headerButtons={<></>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker value={range} allowClear={false} data-testid="analytics-range"
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
        <Select allowClear showSearch optionFilterProp="label" style={{ width: 240 }} placeholder={t('workflow_analytics.all_tenants')}
          value={tenant} onChange={setTenant} data-testid="analytics-tenant"
          options={(tenants?.data ?? []).map((x) => ({ value: x.id, label: `${localName(x.name, lang)} (${x.slug})` }))} />
        <Select allowClear style={{ width: 240 }} placeholder={t('workflow_analytics.all_templates')} value={template} onChange={setTemplate}
          data-testid="analytics-template"
          options={(templates?.data ?? []).map((x) => ({ value: x.id, label: localName(x.name, lang) }))} />
      </Space>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('workflow_analytics.transitions')} value={num(totalTransitions)}
          valueRender={(n) => <span data-testid="analytics-transitions" data-value={totalTransitions}>{n}</span>} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('workflow_analytics.breaches')} value={num(totalBreaches)}
          valueRender={(n) => <span data-testid="analytics-breaches" data-value={totalBreaches}>{n}</span>} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('workflow_analytics.stuck')} value={num((stuck.data ?? []).length)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('workflow_analytics.top_bottleneck')}
          value={chartRows[0]?.label ?? '—'} valueStyle={{ fontSize: 16 }} /></Card></Col>
      </Row>
      {stats.error && <Typography.Text type="danger">{String(stats.error.message ?? stats.error)}</Typography.Text>}
      {agg.length === 0 && !stats.isLoading ? <Empty data-testid="analytics-empty" description={t('workflow_analytics.no_data')} /> : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <ChartCard title={t('workflow_analytics.time_in_stage')} testId="chart-time-in-stage">
              <BarChart data={timeRows} margin={{ top: 8, right: 16, left: 0, bottom: 40 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} angle={-25} textAnchor="end" height={60} />
                <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={num} />
                <Tooltip formatter={(v: any, n: any) => [`${num(v)} ${t('workflow_analytics.minutes')}`, n]} />
                <Legend verticalAlign="top" />
                <Bar dataKey="p50" name={t('workflow_analytics.p50')} fill="#0b6e4f" />
                <Bar dataKey="p95" name={t('workflow_analytics.p95')} fill="#faad14" />
              </BarChart>
            </ChartCard>
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard title={t('workflow_analytics.bottlenecks')} testId="chart-bottlenecks">
              <BarChart data={chartRows.slice(0, 8)} layout="vertical" margin={{ top: 8, right: 24, left: 24, bottom: 8 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" tickFormatter={num} reversed={rtl} />
                <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 11 }} orientation={rtl ? 'right' : 'left'} />
                <Tooltip formatter={(v: any) => [`${num(v)} ${t('workflow_analytics.hours')}`, t('workflow_analytics.total_time')]} />
                <Bar dataKey="total_hours" name={t('workflow_analytics.total_time')} fill="#722ed1" />
              </BarChart>
            </ChartCard>
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard title={t('workflow_analytics.sla_breaches')} testId="chart-breaches">
              <BarChart data={timeRows} margin={{ top: 8, right: 16, left: 0, bottom: 40 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} angle={-25} textAnchor="end" height={60} />
                <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tickFormatter={num} />
                <Tooltip formatter={(v: any, n: any) => [num(v), n]} />
                <Legend verticalAlign="top" />
                <Bar dataKey="transitions" name={t('workflow_analytics.transitions')} fill="#1677ff" />
                <Bar dataKey="sla_breaches" name={t('workflow_analytics.breaches')} fill="#f5222d" />
              </BarChart>
            </ChartCard>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('workflow_analytics.stuck_orders')}
              extra={<ExportCsvButton size="small" list="stuck-orders" columns={stuckColumns} source={{ rows: stuck.data ?? [] }} />}>
              <Table<StuckRow> size="small" rowKey="order_id" dataSource={stuck.data ?? []} pagination={{ pageSize: 6 }} data-testid="stuck-table"
                columns={[
                  { dataIndex: 'number', title: t('workflow_analytics.order'), render: (v: string) => <Typography.Text code dir="ltr">{v}</Typography.Text> },
                  { dataIndex: 'tenant_id', title: t('workflow_analytics.tenant'), render: tenantName },
                  { dataIndex: 'stage', title: t('workflow_analytics.stage'), render: (v: string) => byCode.get(v) ?? v },
                  { dataIndex: 'stage_entered_at', title: t('workflow_analytics.since'), render: (v: string) => formatDateTime(v, lang) },
                  { dataIndex: 'overdue_minutes', title: t('workflow_analytics.overdue'), render: (v: number) => `${num(v)} ${t('workflow_analytics.minutes')}` },
                ]} />
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={t('workflow_analytics.by_stage')}
              extra={<ExportCsvButton size="small" list="workflow-stages" columns={stageColumns} source={{ rows: chartRows }} />}>
              <Table size="small" rowKey="key" dataSource={chartRows} pagination={false} data-testid="stats-table"
                onRow={(r) => ({ 'data-testid': 'stats-row', 'data-stage': r.stage, 'data-transitions': r.transitions, 'data-breaches': r.sla_breaches } as any)}
                columns={[
                  { dataIndex: 'rank', title: t('workflow_analytics.rank'), width: 70, render: num },
                  { dataIndex: 'label', title: t('workflow_analytics.stage') },
                  { dataIndex: 'transitions', title: t('workflow_analytics.transitions'), render: num },
                  { dataIndex: 'p50', title: t('workflow_analytics.p50_min'), render: num },
                  { dataIndex: 'p95', title: t('workflow_analytics.p95_min'), render: num },
                  { dataIndex: 'total_hours', title: t('workflow_analytics.total_hours'), render: num },
                  { dataIndex: 'sla_breaches', title: t('workflow_analytics.breaches'), render: num },
                  { dataIndex: 'breach_rate', title: t('workflow_analytics.breach_rate'), render: (v: number) => `${num(Math.round(v * 1000) / 10)}%` },
                ]} />
            </Card>
          </Col>
        </Row>
      )}
    </List>
  );
}
