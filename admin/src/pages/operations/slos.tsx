// SLOs (issue 20 §4, §6): every enabled objective from public.slo_status() — its state, compliance
// against the target over the window, the error budget left and the 1 h / 6 h burn rates as a chart
// (the same figures the saas_slo_* metrics export). Read-only: objectives are reference data, so
// auditors and operators (jobs.read) see the same screen.
import { Alert, Card, Col, Empty, Progress, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { useRpcQuery } from '../../lib/useRpc';
import { ratioPercent, sloState, type SloRow } from './model';

const STATE_COLOR: Record<ReturnType<typeof sloState>, string> = {
  ok: 'success', no_data: 'default', exhausted: 'warning', burning: 'warning', burning_fast: 'error',
};

/** 1 h and 6 h burn as horizontal bars, with the line at 1 (spending the budget exactly over the window). */
function BurnChart({ slo }: { slo: SloRow }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'ar';
  const data = [
    { key: '1h', label: t('operations.slos.burn_1h'), burn: Number(slo.burn_rate_1h ?? 0) },
    { key: '6h', label: t('operations.slos.burn_6h'), burn: Number(slo.burn_rate_6h ?? 0) },
  ];
  return (
    <div style={{ width: '100%', height: 110 }} dir="ltr" data-testid={`slo-burn-${slo.code}`}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, left: 16, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" reversed={rtl} domain={[0, (max: number) => Math.max(2, Math.ceil(max))]}
            tickFormatter={(v: number) => formatNumber(v, i18n.language)} />
          <YAxis type="category" dataKey="label" width={64} orientation={rtl ? 'right' : 'left'} tick={{ fontSize: 12 }} />
          <ReferenceLine x={1} stroke="#faad14" strokeDasharray="4 2" />
          <Bar dataKey="burn" radius={2} isAnimationActive={false}>
            {data.map((d) => <Cell key={d.key} fill={d.burn > 3 ? '#f5222d' : d.burn > 1 ? '#faad14' : '#52c41a'} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function SloCard({ slo }: { slo: SloRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = sloState(slo);
  const pct = (r: number | null | undefined) => {
    const p = ratioPercent(r);
    return p === null ? '—' : t('operations.slos.percent', { n: formatNumber(p, lang) });
  };
  const budget = ratioPercent(slo.error_budget_remaining);
  const burn = (v: number | null | undefined) => formatNumber(Math.round(Number(v ?? 0) * 100) / 100, lang);
  return (
    <Card size="small" data-testid={`slo-${slo.code}`} data-state={state}
      title={<Typography.Text style={{ whiteSpace: 'normal' }}>{lang === 'ar' ? slo.name_ar : slo.name_en}</Typography.Text>}
      extra={<Tag color={STATE_COLOR[state]} data-testid={`slo-state-${slo.code}`}>{t(`operations.slos.state.${state}`)}</Tag>}>
      <Row gutter={[8, 8]}>
        <Col span={12}>
          <Statistic title={t('operations.slos.compliance')} value={pct(slo.compliance)}
            valueStyle={{ fontSize: 18 }} data-testid={`slo-compliance-${slo.code}`} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('operations.slos.target', { target: pct(slo.target), days: formatNumber(slo.window_days, lang) })}
          </Typography.Text>
        </Col>
        <Col span={12}>
          <Typography.Text type="secondary">{t('operations.slos.budget')}</Typography.Text>
          <Progress percent={Math.max(0, Math.min(100, budget ?? 100))} status={budget !== null && budget < 0 ? 'exception' : 'normal'}
            format={() => (budget === null ? '—' : t('operations.slos.percent', { n: formatNumber(budget, lang) }))}
            data-testid={`slo-budget-${slo.code}`} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('operations.slos.events', { good: formatNumber(Number(slo.good), lang), events: formatNumber(Number(slo.events), lang) })}
          </Typography.Text>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        {t('operations.slos.burn_title', { h1: burn(slo.burn_rate_1h), h6: burn(slo.burn_rate_6h) })}
      </Typography.Text>
      <BurnChart slo={slo} />
    </Card>
  );
}

export function SlosTab() {
  const { t } = useTranslation();
  const { data, error, isLoading } = useRpcQuery<SloRow[]>('slo_status', undefined, { refetchInterval: 60_000 });
  if (isLoading) return <Skeleton active />;
  if (error) return <Alert type="error" showIcon data-testid="slos-error" message={describeError(error, t).title} />;
  if (!data?.length) return <Empty description={t('operations.slos.none')} />;
  return (
    <div data-testid="slos">
      <Typography.Paragraph type="secondary">{t('operations.slos.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {data.map((s) => (
          <Col key={s.code} xs={24} lg={12} xxl={8}><SloCard slo={s} /></Col>
        ))}
      </Row>
    </div>
  );
}
