// The dashboard (issue 20 §6): revenue, churn, dunning, tickets, tenants and job health at a glance,
// each card linking to the report behind it. KPIs come from public.analytics_kpis (the last 30 days,
// in the reporting currency), the MRR trend from analytics_mrr_trend; a reader without analytics.read
// sees the tenant and job cards only, one without jobs.read no job card.
import { Alert, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useCan } from '@refinedev/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRpcQuery } from '../../lib/useRpc';
import { StatusChart } from '../../components/StatusChart';
import { formatNumber } from '../../lib/format';
import { describeError } from '../../lib/errors';
import { TENANT_STATUSES } from '../../lib/schemas';
import { useMoney } from '../../components/billing/money';
import type { MrrRow } from '../../types/rows';
import type { QueueStatsRow } from '../operations/model';
import { jobHealth, kpiWindow, percent, trendWindow, type Kpis, type TrendRow } from './kpis';
import { KpiCard } from './KpiCard';
import { MrrTrendChart } from './MrrTrendChart';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const money = useMoney(lang);
  const { data: canAnalytics } = useCan({ resource: 'dashboard', action: 'analytics' });
  const { data: canJobs } = useCan({ resource: 'operations', action: 'list' });
  const counts = useRpcQuery<{ status: string; tenants: number }[]>('tenant_status_counts');
  const kpis = useRpcQuery<Kpis>('analytics_kpis', kpiWindow(), { enabled: !!canAnalytics?.can });
  const trend = useRpcQuery<TrendRow[]>('analytics_mrr_trend', trendWindow(), { enabled: !!canAnalytics?.can });
  // When the KPIs cannot be converted (a missing exchange rate), MRR per billing currency still shows.
  const mrrByCurrency = useRpcQuery<MrrRow[]>('billing_mrr', {}, { enabled: !!canAnalytics?.can && !!kpis.error });
  const queues = useRpcQuery<QueueStatsRow[]>('jobs_queue_stats', undefined, { enabled: !!canJobs?.can, refetchInterval: 30_000 });

  const byStatus = new Map((counts.data ?? []).map((r) => [r.status, Number(r.tenants)]));
  const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
  const rows = TENANT_STATUSES.filter((s) => byStatus.has(s)).map((s) => ({ status: s, tenants: byStatus.get(s)! }));
  const k = kpis.data;
  const rep = k?.reporting;
  const cur = k?.reporting_currency ?? '';
  const pct = (r: number | null | undefined) => {
    const p = percent(r);
    return p === null ? '—' : t('dashboard.percent', { n: formatNumber(p, lang) });
  };
  const jobs = jobHealth(queues.data);
  const n = (v: number | undefined) => formatNumber(v ?? 0, lang);
  const analytics = !!canAnalytics?.can;

  return (
    <div data-testid="dashboard">
      <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>
      {counts.error && <Alert type="error" showIcon message={describeError(counts.error, t).title} style={{ marginBottom: 16 }} />}
      {analytics && kpis.error && (
        <Alert type="warning" showIcon data-testid="kpi-error" style={{ marginBottom: 16 }}
          message={describeError(kpis.error, t).title} description={describeError(kpis.error, t).description} />
      )}
      <Row gutter={[16, 16]} data-testid="kpi-cards">
        {analytics && (
          <>
            {kpis.error ? (
              <KpiCard id="mrr" wrap title={t('dashboard.kpi.mrr_per_currency')} to="/billing/revenue" loading={mrrByCurrency.isLoading}
                value={(mrrByCurrency.data ?? []).filter((r) => Number(r.mrr) > 0).map((r) => money(r.mrr, r.currency)).join(' · ') || '—'} />
            ) : (
              <KpiCard id="mrr" title={cur ? t('dashboard.kpi.mrr', { currency: cur }) : t('dashboard.kpi.mrr_plain')} to="/billing/revenue"
                loading={kpis.isLoading} value={rep ? money(rep.mrr, cur) : '—'}
                hint={rep ? t('dashboard.kpi.arr', { value: money(rep.arr, cur) }) : undefined} />
            )}
            <KpiCard id="churn" title={t('dashboard.kpi.logo_churn')} to="/billing/revenue" loading={kpis.isLoading}
              value={pct(rep?.logo_churn)} danger={(rep?.logo_churn ?? 0) > 0}
              hint={rep ? t('dashboard.kpi.revenue_churn', { value: pct(rep.revenue_churn) }) : undefined} />
            <KpiCard id="nrr" title={t('dashboard.kpi.nrr')} to="/billing/revenue" loading={kpis.isLoading}
              value={pct(rep?.nrr)} hint={rep ? t('dashboard.kpi.arpu', { value: money(rep.arpu, cur) }) : undefined} />
            <KpiCard id="dunning" title={t('dashboard.kpi.dunning')} to="/billing/dunning" loading={kpis.isLoading}
              value={rep ? money(rep.dunning_exposure, cur) : '—'} danger={(rep?.dunning_exposure ?? 0) > 0} />
            <KpiCard id="tickets" title={t('dashboard.kpi.open_tickets')} loading={kpis.isLoading}
              value={k ? n(k.open_tickets) : '—'} />
          </>
        )}
        <KpiCard id="tenants" title={t('dashboard.kpi.active_tenants')} to="/tenants" loading={counts.isLoading}
          value={n(k?.active_tenants ?? ['trial', 'active', 'grace'].reduce((a, s) => a + (byStatus.get(s) ?? 0), 0))}
          hint={t('dashboard.kpi.all_tenants', { n: n(total) })} />
        {canJobs?.can && (
          <KpiCard id="jobs" title={t('dashboard.kpi.jobs')} to="/operations" loading={queues.isLoading}
            value={queues.error ? '—' : jobs.ok ? t('dashboard.kpi.jobs_ok') : t('dashboard.kpi.jobs_failing')} danger={!jobs.ok}
            hint={t('dashboard.kpi.jobs_hint', { dead: n(jobs.deadLetters), failed: n(jobs.failed), paused: n(jobs.paused) })} />
        )}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {analytics && (
          <Col xs={24} xl={12}>
            <Card title={cur ? t('dashboard.mrr_trend', { currency: cur }) : t('dashboard.mrr_trend_plain')} data-testid="mrr-trend-card"
              extra={<Typography.Link onClick={() => navigate('/billing/revenue')}>{t('dashboard.open_report')}</Typography.Link>}>
              {trend.isLoading ? <Skeleton active /> : trend.error
                ? <Alert type="warning" showIcon message={describeError(trend.error, t).title} />
                : <MrrTrendChart rows={trend.data} currency={cur} />}
            </Card>
          </Col>
        )}
        <Col xs={24} xl={analytics ? 12 : 24}>
          <Card title={t('dashboard.by_status')} data-testid="status-card"
            extra={<Typography.Link onClick={() => navigate('/tenants')}>{t('dashboard.open_report')}</Typography.Link>}>
            {counts.isLoading ? <Skeleton active /> : <StatusChart data={rows} />}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {TENANT_STATUSES.map((s) => (
          <Col xs={12} md={6} lg={4} key={s}>
            <Card size="small" hoverable data-testid={`stat-${s}`}
              onClick={() => navigate(`/tenants?filters[0][field]=status&filters[0][operator]=eq&filters[0][value]=${s}`)}>
              <Statistic title={t(`tenants.status.${s}`)} value={byStatus.get(s) ?? 0}
                formatter={(v) => formatNumber(Number(v), lang)} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
