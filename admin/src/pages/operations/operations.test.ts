import { beforeAll, describe, expect, test } from 'vitest';
import { canAccess } from '../../providers/access';
import { loadRoleMatrix, type RoleMatrix } from '../../test/roleMatrix';
import { cronState, formatAge, healthComponents, lastErrorText, queueState, ratioPercent, sloState, successRate } from './model';

let matrix: RoleMatrix;
beforeAll(async () => { matrix = await loadRoleMatrix(); });
const permissionsOf = (role: string): string[] => matrix.roles[role] ?? [];

describe('operations access', () => {
  test('the auditor reads the operations console but gets no action; tech_admin acts; biz_admin sees none of it', () => {
    expect(canAccess(permissionsOf('auditor'), 'operations', 'list')).toBe(true);
    expect(canAccess(permissionsOf('auditor'), 'operations', 'operate')).toBe(false);
    expect(canAccess(permissionsOf('tech_admin'), 'operations', 'list')).toBe(true);
    expect(canAccess(permissionsOf('tech_admin'), 'operations', 'operate')).toBe(true);
    expect(canAccess(permissionsOf('biz_admin'), 'operations', 'list')).toBe(false);
  });
});

describe('operations model', () => {
  const q = { paused: false, dead_letters: 0, failed_last_hour: 0, oldest_age_seconds: 0, succeeded_last_hour: 0 };
  test('queue state: paused first, then failing, then backlog', () => {
    expect(queueState(q)).toBe('ok');
    expect(queueState({ ...q, oldest_age_seconds: 301 })).toBe('backlog');
    expect(queueState({ ...q, oldest_age_seconds: 301, dead_letters: 1 })).toBe('failing');
    expect(queueState({ ...q, paused: true, dead_letters: 1 })).toBe('paused');
  });
  test('success rate of the last hour, none when nothing ran', () => {
    expect(successRate(q)).toBeNull();
    expect(successRate({ succeeded_last_hour: 2, failed_last_hour: 1 })).toBe(66.7);
  });
  test('cron states from pg_cron statuses', () => {
    expect([null, 'succeeded', 'failed', 'starting', 'running'].map(cronState)).toEqual(['never', 'ok', 'failed', 'running', 'running']);
  });
  test('ages in the largest whole unit', () => {
    const t = (k: string, o?: Record<string, unknown>) => `${o?.n}${k.split('.').pop()![0]}`;
    expect([5, 125, 7300, 200000].map((s) => formatAge(s, t))).toEqual(['5s', '2m', '2h', '2d']);
  });
  test('health components: anything but ok is down', () => {
    expect(healthComponents({ status: 'fail', components: { database: 'ok', cron: 'fail', vault: { ok: true } } }))
      .toEqual([{ name: 'database', ok: true }, { name: 'cron', ok: false }, { name: 'vault', ok: false }]);
    expect(healthComponents(null)).toEqual([]);
  });
  test('a dead letter\'s error text', () => {
    expect(lastErrorText({ message: 'boom', sqlstate: 'PT422' })).toBe('boom (PT422)');
    expect(lastErrorText(null)).toBe('');
  });
});

describe('SLO state', () => {
  const s = { events: 100, error_budget_remaining: 0.5, burn_rate_1h: 0, burn_rate_6h: 0 };
  test('thresholds of the burn-rate alerts: fast (1 h > 14.4 and 6 h > 6), then slow (both > 3)', () => {
    expect(sloState(s)).toBe('ok');
    expect(sloState({ ...s, burn_rate_1h: 14.5, burn_rate_6h: 6.1 })).toBe('burning_fast');
    expect(sloState({ ...s, burn_rate_1h: 14.5, burn_rate_6h: 5 })).toBe('burning');
    expect(sloState({ ...s, burn_rate_1h: 3.1, burn_rate_6h: 2.9 })).toBe('ok');
  });
  test('a spent budget and an objective without events', () => {
    expect(sloState({ ...s, error_budget_remaining: -0.2 })).toBe('exhausted');
    expect(sloState({ ...s, events: 0, error_budget_remaining: 1 })).toBe('no_data');
  });
  test('ratios as percents, none for null', () => {
    expect(ratioPercent(0.999)).toBe(99.9);
    expect(ratioPercent(0.95)).toBe(95);
    expect(ratioPercent(null)).toBeNull();
  });
});
