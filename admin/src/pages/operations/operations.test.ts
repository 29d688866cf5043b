import { beforeAll, describe, expect, test } from 'vitest';
import { canAccess } from '../../providers/access';
import { loadRoleMatrix, type RoleMatrix } from '../../test/roleMatrix';
import { cronState, formatAge, healthComponents, lastErrorText, queueState, successRate } from './model';

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
