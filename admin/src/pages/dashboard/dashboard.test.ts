import { describe, expect, test } from 'vitest';
import { jobHealth, kpiWindow, percent, reportingTrend, trendWindow } from './kpis';

describe('dashboard numbers', () => {
  test('the KPI window is the last 30 UTC days, today included', () => {
    expect(kpiWindow(30, new Date('2026-03-05T23:30:00Z'))).toEqual({ p_from: '2026-02-04', p_to: '2026-03-05' });
  });
  test('the trend covers 12 months up to this one, across a year end', () => {
    expect(trendWindow(12, new Date('2026-03-31T12:00:00Z'))).toEqual({ p_from_month: '2025-04-01', p_to_month: '2026-03-01' });
  });
  test('the trend keeps the reporting currency\'s rows, oldest first, as numbers', () => {
    expect(reportingTrend(([
      { month: '2026-02-01', currency: 'USD', net: '5', ending_mrr: '15', reporting: true },
      { month: '2026-01-01', currency: 'OMR', net: '1', ending_mrr: '4', reporting: false },
      { month: '2026-01-01', currency: 'USD', net: 10, ending_mrr: 10, reporting: true },
    ] as any[]))).toEqual([{ month: '2026-01-01', mrr: 10, net: 10 }, { month: '2026-02-01', mrr: 15, net: 5 }]);
    expect(reportingTrend(undefined)).toEqual([]);
  });
  test('job health sums the queues; any dead letter or failure needs attention', () => {
    const q = (o: Partial<Record<string, unknown>>) => ({ queue_name: 'q', paused: false, depth: 0, oldest_age_seconds: 0, succeeded_last_hour: 0,
      failed_last_hour: 0, running: 0, dead_letters: 0, ...o }) as any;
    expect(jobHealth([q({ succeeded_last_hour: 3 }), q({ paused: true })])).toEqual({ deadLetters: 0, failed: 0, succeeded: 3, paused: 1, ok: true });
    expect(jobHealth([q({ dead_letters: 2 }), q({ failed_last_hour: 1 })]).ok).toBe(false);
    expect(jobHealth(undefined).ok).toBe(true);
  });
  test('ratios as percentages with one decimal', () => {
    expect([percent(0.0123), percent(1), percent(null), percent(undefined)]).toEqual([1.2, 100, null, null]);
  });
});
