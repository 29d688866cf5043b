import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

const FILL: Record<string, string> = {
  draft: '#bfbfbf', pending_approval: '#faad14', approved: '#13c2c2', trial: '#1677ff', active: '#52c41a',
  grace: '#fa8c16', suspended: '#f5222d', frozen: '#722ed1', archived: '#8c8c8c', churned: '#595959',
};

// Room one status label needs under a vertical bar (the longest, "Pending approval", at 12 px).
const LABEL_PX = 110;

/** The element's current width (0 until laid out), following window and layout changes. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([e]) => setWidth(e.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/** Tenants per status as bars. When the labels cannot sit side by side (a 390 px window, or many
 *  statuses in a half-width card) the bars lie horizontally, one label per row: they overlapped. */
export function StatusChart({ data }: { data: { status: string; tenants: number }[] }) {
  const { t, i18n } = useTranslation();
  const [ref, width] = useWidth();
  const narrow = width > 0 && width < LABEL_PX * data.length;
  const rtl = i18n.language === 'ar';
  const labelled = data.map((d) => ({ ...d, label: t(`tenants.status.${d.status}`, d.status) }));
  const rows = rtl && !narrow ? [...labelled].reverse() : labelled;
  const count = (v: number) => formatNumber(v, i18n.language);
  return (
    <div ref={ref} data-testid="status-chart" data-layout={narrow ? 'horizontal' : 'vertical'} style={{ width: '100%', height: narrow ? Math.max(160, 36 * rows.length + 40) : 320 }} dir="ltr">
      <ResponsiveContainer>
        {narrow ? (
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, left: 16, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} reversed={rtl} tickFormatter={count} />
            <YAxis type="category" dataKey="label" width={110} interval={0} orientation={rtl ? 'right' : 'left'} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v: any) => [count(Number(v)), t('dashboard.tenants')]} />
            <Bar dataKey="tenants" radius={[0, 4, 4, 0]}>
              {rows.map((r) => <Cell key={r.status} fill={FILL[r.status] ?? '#1677ff'} />)}
            </Bar>
          </BarChart>
        ) : (
          <BarChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
            <YAxis allowDecimals={false} orientation={rtl ? 'right' : 'left'} tickFormatter={count} />
            <Tooltip formatter={(v: any) => [count(Number(v)), t('dashboard.tenants')]} />
            <Bar dataKey="tenants" radius={[4, 4, 0, 0]}>
              {rows.map((r) => <Cell key={r.status} fill={FILL[r.status] ?? '#1677ff'} />)}
            </Bar>
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
