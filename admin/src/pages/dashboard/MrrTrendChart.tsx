// MRR in the reporting currency, month by month: ending MRR as a line, the month's net movement as bars.
import { Empty } from 'antd';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../lib/format';
import { useMoney } from '../../components/billing/money';
import { reportingTrend, type TrendRow } from './kpis';

export function MrrTrendChart({ rows, currency }: { rows: TrendRow[] | undefined; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rtl = lang === 'ar';
  const money = useMoney(lang);
  const data = reportingTrend(rows);
  if (!data.some((d) => d.mrr || d.net)) return <Empty description={t('dashboard.no_revenue')} />;
  const shown = rtl ? [...data].reverse() : data;
  const monthLabel = (m: string) => new Intl.DateTimeFormat(intlLocale(lang), { month: 'short', year: '2-digit' }).format(new Date(`${m}T00:00:00Z`));
  const axis = (v: number) => new Intl.NumberFormat(intlLocale(lang), { notation: 'compact' }).format(v);
  return (
    <div style={{ width: '100%', height: 300 }} dir="ltr" data-testid="mrr-trend-chart">
      <ResponsiveContainer>
        <ComposedChart data={shown} margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} />
          <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={axis} width={60} />
          <Tooltip labelFormatter={(m: any) => monthLabel(String(m))}
            formatter={(v: any, name: any) => [money(Number(v), currency), t(`dashboard.series.${name}`)]} />
          <Bar dataKey="net" fill="#1677ff" />
          <Line type="monotone" dataKey="mrr" stroke="#0b6e4f" strokeWidth={2} dot />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
