// The operations console's pure helpers (kept apart from React so unit tests can drive them).
import type { RpcRow } from '../../types/rows';

export type QueueStatsRow = RpcRow<'jobs_queue_stats'>;
export type CronJobRow = RpcRow<'jobs_cron_jobs'>;
export type DeadLetterRow = RpcRow<'jobs_dead_letters'>;
export type JobRunRow = RpcRow<'jobs_history'>;
export type CronRunRow = RpcRow<'jobs_cron_runs'>;

export const JOB_OUTCOMES = ['running', 'succeeded', 'failed', 'dead_lettered', 'timed_out'] as const;

export const OUTCOME_COLOR: Record<string, string> = {
  running: 'processing', succeeded: 'success', failed: 'warning', dead_lettered: 'error', timed_out: 'error',
};

/** A queue needs a look when something is dead-lettered, failing, or old messages pile up. */
export function queueState(q: Pick<QueueStatsRow, 'paused' | 'dead_letters' | 'failed_last_hour' | 'oldest_age_seconds'>): 'paused' | 'failing' | 'backlog' | 'ok' {
  if (q.paused) return 'paused';
  if (Number(q.dead_letters) > 0 || Number(q.failed_last_hour) > 0) return 'failing';
  if (Number(q.oldest_age_seconds) > 300) return 'backlog';
  return 'ok';
}

/** Success rate of the last hour in percent, or null when nothing ran. */
export function successRate(q: Pick<QueueStatsRow, 'succeeded_last_hour' | 'failed_last_hour'>): number | null {
  const ok = Number(q.succeeded_last_hour);
  const total = ok + Number(q.failed_last_hour);
  return total === 0 ? null : Math.round((ok / total) * 1000) / 10;
}

/** A cron run's state: pg_cron writes 'succeeded' / 'failed' / 'running' / 'starting'. */
export function cronState(status: string | null | undefined): 'never' | 'ok' | 'failed' | 'running' {
  if (!status) return 'never';
  if (status === 'succeeded') return 'ok';
  if (status === 'failed') return 'failed';
  return 'running';
}

/** "1 h 2 min" style durations, from seconds. */
export function formatAge(seconds: number | null | undefined, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.max(0, Math.round(Number(seconds ?? 0)));
  if (s < 60) return t('operations.age.seconds', { n: s });
  if (s < 3600) return t('operations.age.minutes', { n: Math.floor(s / 60) });
  if (s < 86400) return t('operations.age.hours', { n: Math.floor(s / 3600) });
  return t('operations.age.days', { n: Math.floor(s / 86400) });
}

/** The error text a dead letter carries (last_error is the failure as jsonb). */
export function lastErrorText(err: unknown): string {
  if (!err || typeof err !== 'object') return '';
  const e = err as Record<string, unknown>;
  return [e.message, e.sqlstate ? `(${e.sqlstate})` : null].filter(Boolean).join(' ');
}

/** What public.health_check() returns: { status: ok|fail, components: { <name>: ok|fail } }. */
export interface HealthReport { status?: string; components?: Record<string, unknown> }

/** The report's components as a list (anything but 'ok' counts as down). */
export function healthComponents(report: HealthReport | null | undefined): { name: string; ok: boolean }[] {
  return Object.entries(report?.components ?? {}).map(([name, c]) => ({ name, ok: c === 'ok' }));
}

export type SloRow = RpcRow<'slo_status'>;

/** An objective's state, with the thresholds of ops/prometheus/alerts.yml (group cleanmatex-slos):
 *  no events yet; budget spent (below 0); burning fast (1 h > 14.4 and 6 h > 6); burning (both > 3); ok. */
export function sloState(s: Pick<SloRow, 'events' | 'error_budget_remaining' | 'burn_rate_1h' | 'burn_rate_6h'>):
  'no_data' | 'exhausted' | 'burning_fast' | 'burning' | 'ok' {
  const h1 = Number(s.burn_rate_1h ?? 0);
  const h6 = Number(s.burn_rate_6h ?? 0);
  if (h1 > 14.4 && h6 > 6) return 'burning_fast';
  if (h1 > 3 && h6 > 3) return 'burning';
  if (!Number(s.events)) return 'no_data';
  if (Number(s.error_budget_remaining) < 0) return 'exhausted';
  return 'ok';
}

/** A ratio (0.9995) as a percent with up to two decimals (99.95), or null. */
export function ratioPercent(r: number | string | null | undefined): number | null {
  if (r === null || r === undefined || r === '') return null;
  return Math.round(Number(r) * 10_000) / 100;
}
