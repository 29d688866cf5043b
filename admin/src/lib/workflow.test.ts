import { describe, expect, test } from 'vitest';
import {
  NODE_W, PROBLEM_CODES, aggregateStats, cleanPatch, diffDefinitions, diffIsEmpty, layoutGraph, nextStageCode, problemKey,
  problemTargets, recodeStage, removeStage, starterDefinition, type WorkflowDefinition,
} from './workflow';
import { resources } from '../i18n';

const def: WorkflowDefinition = {
  stages: [
    { code: 'intake', name: { en: 'Intake' }, kind: 'start', sla_minutes: 30 },
    { code: 'washing', name: { en: 'Washing' }, kind: 'normal', sla_minutes: 240 },
    { code: 'rework', name: { en: 'Rework' }, kind: 'normal' },
    { code: 'delivered', name: { en: 'Delivered' }, kind: 'terminal' },
    { code: 'orphan', name: { en: 'Orphan' }, kind: 'normal' },
  ],
  transitions: [
    { from: 'intake', to: 'washing', roles: ['owner'] },
    { from: 'washing', to: 'rework', roles: ['owner'] },
    { from: 'rework', to: 'washing', roles: ['owner'] },
    { from: 'washing', to: 'delivered', roles: ['owner'], guards: ['requires_payment'] },
  ],
};

describe('layoutGraph', () => {
  test('columns by distance from the start; terminals last; unreachable stages after them', () => {
    const l = layoutGraph(def);
    const col = (c: string) => l.nodes.get(c)!.column;
    expect(col('intake')).toBe(0);
    expect(col('washing')).toBe(1);
    expect(col('rework')).toBe(2);
    expect(col('delivered')).toBe(3);
    expect(col('orphan')).toBe(4);
    expect(l.nodes.get('intake')!.x).toBeLessThan(l.nodes.get('washing')!.x);
    expect(l.width).toBeGreaterThanOrEqual(5 * NODE_W);
  });

  test('right-to-left mirrors the columns', () => {
    const l = layoutGraph(def, true);
    expect(l.nodes.get('intake')!.x).toBeGreaterThan(l.nodes.get('washing')!.x);
    expect(l.nodes.get('intake')!.x + NODE_W).toBeLessThanOrEqual(l.width);
  });

  test('stages in one column stack without overlapping', () => {
    const l = layoutGraph({ ...def, stages: [...def.stages, { code: 'cancelled', name: { en: 'Cancelled' }, kind: 'terminal' }],
      transitions: [...def.transitions, { from: 'intake', to: 'cancelled', roles: ['owner'] }] });
    const a = l.nodes.get('delivered')!;
    const b = l.nodes.get('cancelled')!;
    expect(a.column).toBe(b.column);
    expect(a.y).not.toBe(b.y);
  });
});

describe('problemTargets', () => {
  test('splits subjects into stages and transitions', () => {
    const t = problemTargets([
      { code: 'workflow.unreachable_stage', subject: 'orphan', message: '' },
      { code: 'workflow.dangling_transition', subject: 'a→b', message: '' },
      { code: 'workflow.multiple_start_stages', subject: 'x, y', message: '' },
      { code: 'workflow.no_terminal_stage', subject: null, message: '' },
    ]);
    expect([...t.stages].sort()).toEqual(['orphan', 'x', 'y']);
    expect([...t.transitions]).toEqual(['a→b']);
  });
});

describe('diffDefinitions', () => {
  test('no differences between a version and itself', () => {
    expect(diffIsEmpty(diffDefinitions(def, structuredClone(def)))).toBe(true);
  });

  test('added, removed and changed stages and transitions; guard order does not count', () => {
    const next: WorkflowDefinition = {
      stages: [
        ...def.stages.filter((s) => s.code !== 'orphan').map((s) => (s.code === 'washing' ? { ...s, name: { en: 'Wash' } } : s)),
        { code: 'ironing', name: { en: 'Ironing' }, kind: 'normal' },
      ],
      transitions: [
        ...def.transitions.map((t) => (t.to === 'delivered' ? { ...t, guards: ['requires_payment'], roles: ['owner', 'admin'] } : t)),
        { from: 'washing', to: 'ironing', roles: ['owner'] },
      ],
    };
    const d = diffDefinitions(def, next);
    expect(d.stages.added.map((c) => c.key)).toEqual(['ironing']);
    expect(d.stages.removed.map((c) => c.key)).toEqual(['orphan']);
    expect(d.stages.changed).toEqual([expect.objectContaining({ key: 'washing', fields: ['name'] })]);
    expect(d.transitions.added.map((c) => c.key)).toEqual(['washing→ironing']);
    expect(d.transitions.changed).toEqual([expect.objectContaining({ key: 'washing→delivered', fields: ['roles'] })]);
    const reordered = diffDefinitions(next, { ...next, transitions: next.transitions.map((t) => ({ ...t, roles: [...t.roles].reverse() })) });
    expect(diffIsEmpty(reordered)).toBe(true);
  });
});

describe('editing helpers', () => {
  test('removing a stage removes its transitions', () => {
    const d = removeStage(def, 'washing');
    expect(d.stages.map((s) => s.code)).not.toContain('washing');
    expect(d.transitions.some((t) => t.from === 'washing' || t.to === 'washing')).toBe(false);
  });

  test('recoding a stage follows its transitions', () => {
    const d = recodeStage(def, 'washing', 'wash');
    expect(d.transitions.filter((t) => t.from === 'wash' || t.to === 'wash')).toHaveLength(4);
    expect(d.stages.map((s) => s.code)).toContain('wash');
  });

  test('a new stage code is never taken', () => {
    const d = { ...def, stages: [...def.stages, { code: 'stage_6', name: { en: 'x' }, kind: 'normal' as const }] };
    expect(nextStageCode(d)).toBe('stage_7');
    expect(nextStageCode(starterDefinition())).toBe('stage_3');
  });

  test('cleanPatch drops empty parts', () => {
    expect(cleanPatch({ rename: {}, sla: { washing: 90 }, disable: [], add_stages: [] })).toEqual({ sla: { washing: 90 } });
  });
});

describe('aggregateStats', () => {
  test('adds counts across tenants, weights percentiles by transitions, ranks by total time', () => {
    const rows = [
      { tenant_id: 'a', template_id: 't', stage: 'washing', transitions: '3', p50_seconds: '100', p95_seconds: '200', total_seconds: '300', sla_breaches: '1', breach_rate: '0.33', bottleneck_rank: '1' },
      { tenant_id: 'b', template_id: 't', stage: 'washing', transitions: 1, p50_seconds: 500, p95_seconds: 600, total_seconds: 500, sla_breaches: 1, breach_rate: 1, bottleneck_rank: 1 },
      { tenant_id: 'a', template_id: 't', stage: 'intake', transitions: 4, p50_seconds: 10, p95_seconds: 20, total_seconds: 40, sla_breaches: 0, breach_rate: 0, bottleneck_rank: 2 },
    ];
    const s = aggregateStats(rows);
    expect(s.map((x) => [x.stage, x.rank])).toEqual([['washing', 1], ['intake', 2]]);
    expect(s[0]).toMatchObject({ transitions: 4, tenants: 2, total_seconds: 800, sla_breaches: 2, p50_seconds: 200, p95_seconds: 300, breach_rate: 0.5 });
  });
});

describe('translations for problems', () => {
  test('every problem code the database reports has an English and an Arabic label', () => {
    const get = (lang: 'en' | 'ar', key: string) =>
      key.split('.').reduce<any>((o, k) => o?.[k], resources[lang].translation);
    for (const c of PROBLEM_CODES) {
      expect(get('en', problemKey(c)), c).toEqual(expect.any(String));
      expect(get('ar', problemKey(c)), c).toEqual(expect.any(String));
    }
  });
});
