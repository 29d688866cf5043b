// The dashboard's numbers (pure, for unit tests): what public.analytics_kpis returns, the trend rows
// in the reporting currency, job health from the queue stats.
import type { QueueStatsRow } from '../operations/model';
import type { RpcRow } from '../../types/rows';

/** One currency's block of analytics_kpis (per billing currency, and `reporting`). */
export interface KpiBlock {
  currency: string; mrr: number; arr: number; starting_mrr: number; arpu: number; paying_tenants: number;
  nrr: number | null; grr: number | null; logo_churn: number | null; revenue_churn: number | null; ltv: number | null;
  churned_tenants: number; dunning_exposure: number;
  movements: { new: number; expansion: number; contraction: number; churned: number; reactivation: number };
}
export interface Kpis {
  from: string; to: string; reporting_currency: string; active_tenants: number; signups: number; open_tickets: number;
  per_currency: KpiBlock[]; reporting: KpiBlock | null;
}
/** One month of analytics_mrr_trend (reporting = true: converted into the reporting currency). */
export type TrendRow = RpcRow<'analytics_mrr_trend'>;

/** The KPI window: the last `days` UTC days up to today. */
export function kpiWindow(days = 30, today = new Date()): { p_from: string; p_to: string } {
  const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { p_from: from.toISOString().slice(0, 10), p_to: to.toISOString().slice(0, 10) };
}

/** The trend chart's months: the first day of the month `months - 1` months ago, and this month's. */
export function trendWindow(months = 12, today = new Date()): { p_from_month: string; p_to_month: string } {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const first = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 1)).toISOString().slice(0, 10);
  return { p_from_month: first(y, m - (months - 1)), p_to_month: first(y, m) };
}

/** The reporting currency's rows of analytics_mrr_trend, as numbers, oldest first. */
export function reportingTrend(rows: TrendRow[] | undefined): { month: string; mrr: number; net: number }[] {
  return (rows ?? []).filter((r) => r.reporting)
    .map((r) => ({ month: r.month, mrr: Number(r.ending_mrr), net: Number(r.net) }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/** Jobs at a glance: dead letters, failures of the last hour, queues paused or failing. */
export function jobHealth(queues: QueueStatsRow[] | undefined) {
  const qs = queues ?? [];
  const sum = (k: keyof QueueStatsRow) => qs.reduce((a, q) => a + Number(q[k] ?? 0), 0);
  const deadLetters = sum('dead_letters');
  const failed = sum('failed_last_hour');
  return {
    deadLetters, failed, succeeded: sum('succeeded_last_hour'),
    paused: qs.filter((q) => q.paused).length,
    ok: deadLetters === 0 && failed === 0,
  };
}

/** A ratio (0.0123) as a percentage with one decimal (1.2), or null. */
export const percent = (r: number | null | undefined): number | null =>
  r === null || r === undefined || Number.isNaN(Number(r)) ? null : Math.round(Number(r) * 1000) / 10;
