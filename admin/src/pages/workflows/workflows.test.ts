import { describe, expect, test } from 'vitest';
import { problemsFromHint, overrideMarks } from '../tenants/tabs/Workflow';
import { diffMarks } from './show';
import { diffDefinitions } from '../../lib/workflow';
import { canAccess } from '../../providers/access';

describe('tenant workflow tab helpers', () => {
  test('problemsFromHint reads the hint of workflow.override_invalid', () => {
    expect(problemsFromHint('override.stage_removed:washing, workflow.dead_end:intake, workflow.no_terminal_stage')).toEqual([
      { code: 'override.stage_removed', subject: 'washing', message: '' },
      { code: 'workflow.dead_end', subject: 'intake', message: '' },
      { code: 'workflow.no_terminal_stage', subject: null, message: '' },
    ]);
    expect(problemsFromHint(null)).toEqual([]);
  });

  test('overrideMarks: renamed / re-timed stages are changed, added ones added', () => {
    const def = {
      stages: [
        { code: 'a', name: { en: 'A' }, kind: 'start' as const },
        { code: 'b', name: { en: 'B' }, kind: 'normal' as const },
        { code: 'c', name: { en: 'C' }, kind: 'normal' as const, added: true },
        { code: 'd', name: { en: 'D' }, kind: 'terminal' as const },
      ],
      transitions: [{ from: 'a', to: 'c', added: true }, { from: 'a', to: 'b' }],
    };
    expect(overrideMarks(def, { rename: { b: { en: 'Bee' } } })).toEqual({ b: 'changed', c: 'added', 'a→c': 'added' });
    expect(overrideMarks(def, { sla: { d: 5 } })).toMatchObject({ d: 'changed' });
  });
});

describe('version diff marks', () => {
  test('mark what the newer version added or changed', () => {
    const a = { stages: [{ code: 'x', name: { en: 'X' }, kind: 'start' as const }], transitions: [] };
    const b = { stages: [{ code: 'x', name: { en: 'X2' }, kind: 'start' as const }, { code: 'y', name: { en: 'Y' }, kind: 'terminal' as const }],
      transitions: [{ from: 'x', to: 'y', roles: ['owner'] }] };
    expect(diffMarks(diffDefinitions(a, b))).toEqual({ x: 'changed', y: 'added', 'x→y': 'added' });
  });
});

describe('workflow permissions', () => {
  test('read for support and auditors, write for tech and super admins', () => {
    const read = ['workflows.read'];
    const write = ['workflows.read', 'workflows.write'];
    expect(canAccess(read, 'workflows', 'list')).toBe(true);
    expect(canAccess(read, 'workflow_analytics', 'list')).toBe(true);
    expect(canAccess(read, 'workflows', 'edit')).toBe(false);
    expect(canAccess(read, 'workflows', 'override')).toBe(false);
    expect(canAccess(write, 'workflows', 'publish')).toBe(true);
    expect(canAccess(write, 'workflows', 'upgrade')).toBe(true);
    expect(canAccess([], 'workflows', 'list')).toBe(false);
  });
});
