import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

const FILL: Record<string, string> = {
  draft: '#bfbfbf', pending_approval: '#faad14', approved: '#13c2c2', trial: '#1677ff', active: '#52c41a',
  grace: '#fa8c16', suspended: '#f5222d', frozen: '#722ed1', archived: '#8c8c8c', churned: '#595959',
};

export function StatusChart({ data }: { data: { status: string; tenants: number }[] }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'ar';
  const labelled = data.map((d) => ({ ...d, label: t(`tenants.status.${d.status}`, d.status) }));
  const rows = rtl ? [...labelled].reverse() : labelled;
  return (
    <div data-testid="status-chart" style={{ width: '100%', height: 320 }} dir="ltr">
      <ResponsiveContainer>
        <BarChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'}
            tickFormatter={(v: number) => formatNumber(v, i18n.language)} />
          <Tooltip formatter={(v: any) => [formatNumber(Number(v), i18n.language), t('dashboard.tenants')]} />
          <Bar dataKey="tenants" radius={[4, 4, 0, 0]}>
            {rows.map((r) => <Cell key={r.status} fill={FILL[r.status] ?? '#1677ff'} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
