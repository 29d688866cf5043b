// Workflow definitions (see supabase/migrations/20261123001100_workflow_templates.sql): types, a
// layered graph layout for the SVG editor, the diff between two versions, validation-error lookup
// and tenant override patches. Pure functions, unit-tested in workflow.test.ts.
import type { NumberRange } from './numbers';
import type { StageStatRow } from '../types/rows';
export type { StageStatRow };

export type Bilingual = { en: string; ar?: string };
export type StageKind = 'start' | 'normal' | 'terminal';
export const STAGE_KINDS: StageKind[] = ['start', 'normal', 'terminal'];
export const TENANT_ROLES = ['owner', 'admin', 'operator', 'viewer'] as const;

export interface Stage {
  code: string;
  name: Bilingual;
  kind: StageKind;
  sla_minutes?: number | null;
  colour?: string;
  icon?: string;
  optional?: boolean;
  added?: boolean;
}

export interface Transition {
  from: string;
  to: string;
  label?: Bilingual;
  guards?: string[];
  roles: string[];
  added?: boolean;
  bridged?: boolean;
}

export interface WorkflowDefinition { stages: Stage[]; transitions: Transition[] }

/** One problem from validate_workflow / save_workflow_draft: {code, subject, message}. */
export interface WorkflowProblem { code: string; subject: string | null; message: string }

export interface OverridePatch {
  rename?: Record<string, Bilingual>;
  sla?: Record<string, number>;
  disable?: string[];
  add_stages?: Stage[];
  add_transitions?: Transition[];
}

export const STAGE_CODE_RE = /^[a-z][a-z0-9_]{0,39}$/;
export const TEMPLATE_CODE_RE = /^[a-z][a-z0-9_]{1,39}$/;

export const transitionKey = (t: Pick<Transition, 'from' | 'to'>) => `${t.from}→${t.to}`;

/** A stage's SLA in minutes (validate_workflow: a whole number from 1 to 525600, a year). */
export const SLA_RANGE: NumberRange = { min: 1, max: 525600, integer: true };

export function emptyDefinition(): WorkflowDefinition {
  return { stages: [], transitions: [] };
}

/** A two-stage definition a new template starts from (valid, so it can be published as is). */
export function starterDefinition(): WorkflowDefinition {
  return {
    stages: [
      { code: 'received', name: { en: 'Received', ar: 'مستلم' }, kind: 'start', sla_minutes: 60, colour: '#1677ff' },
      { code: 'done', name: { en: 'Done', ar: 'منجز' }, kind: 'terminal', colour: '#389e0d' },
    ],
    transitions: [
      { from: 'received', to: 'done', label: { en: 'Complete', ar: 'إنهاء' }, guards: [], roles: ['owner', 'admin', 'operator'] },
    ],
  };
}

export function normalise(def: unknown): WorkflowDefinition {
  const d = (def ?? {}) as Partial<WorkflowDefinition>;
  return { stages: Array.isArray(d.stages) ? d.stages : [], transitions: Array.isArray(d.transitions) ? d.transitions : [] };
}

// ── problems on the graph ───────────────────────────────────────────────────────────────────

/** Which stages and transitions a problem names (subjects are a stage code, "a→b", or "a, b"). */
export function problemTargets(problems: WorkflowProblem[]): { stages: Set<string>; transitions: Set<string> } {
  const stages = new Set<string>();
  const transitions = new Set<string>();
  for (const p of problems) {
    if (!p.subject) continue;
    if (p.subject.includes('→')) transitions.add(p.subject);
    else for (const s of p.subject.split(',')) stages.add(s.trim());
  }
  return { stages, transitions };
}

// ── layout ──────────────────────────────────────────────────────────────────────────────────

export interface NodeBox { code: string; x: number; y: number; column: number; row: number }
export interface Layout { nodes: Map<string, NodeBox>; width: number; height: number }

export const NODE_W = 150;
export const NODE_H = 52;
const GAP_X = 70;
const GAP_Y = 28;
const PAD = 24;

/**
 * Columns by shortest distance from the start stage (breadth first over the transitions);
 * terminal stages share the last column; stages the start cannot reach go in a column of their own
 * at the end, so they stand out. `rtl` mirrors the columns.
 */
export function layoutGraph(def: WorkflowDefinition, rtl = false): Layout {
  const codes = def.stages.map((s) => s.code);
  const start = def.stages.find((s) => s.kind === 'start')?.code ?? codes[0];
  const depth = new Map<string, number>();
  if (start !== undefined) {
    depth.set(start, 0);
    const queue = [start];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const t of def.transitions) {
        if (t.from === cur && codes.includes(t.to) && !depth.has(t.to)) {
          depth.set(t.to, depth.get(cur)! + 1);
          queue.push(t.to);
        }
      }
    }
  }
  const reachableNonTerminal = def.stages.filter((s) => depth.has(s.code) && s.kind !== 'terminal');
  const maxInner = Math.max(0, ...reachableNonTerminal.map((s) => depth.get(s.code)!));
  const terminalCol = maxInner + 1;
  const column = new Map<string, number>();
  for (const s of def.stages) {
    if (!depth.has(s.code)) continue;
    column.set(s.code, s.kind === 'terminal' ? terminalCol : depth.get(s.code)!);
  }
  const usedMax = Math.max(-1, ...column.values());
  for (const s of def.stages) if (!column.has(s.code)) column.set(s.code, usedMax + 1);
  const columns = Math.max(1, ...[...column.values()].map((c) => c + 1));
  const rows = new Map<number, number>();
  const nodes = new Map<string, NodeBox>();
  let maxRows = 1;
  for (const s of def.stages) {
    const c = column.get(s.code)!;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    maxRows = Math.max(maxRows, r + 1);
    nodes.set(s.code, { code: s.code, column: c, row: r, x: 0, y: PAD + r * (NODE_H + GAP_Y) });
  }
  const width = PAD * 2 + columns * NODE_W + (columns - 1) * GAP_X;
  for (const n of nodes.values()) {
    const x = PAD + n.column * (NODE_W + GAP_X);
    n.x = rtl ? width - x - NODE_W : x;
  }
  const height = PAD * 2 + maxRows * NODE_H + (maxRows - 1) * GAP_Y + 40;
  return { nodes, width, height };
}

// ── diff ────────────────────────────────────────────────────────────────────────────────────

export interface Change<T> { key: string; before?: T; after?: T; fields: string[] }
export interface DefinitionDiff {
  stages: { added: Change<Stage>[]; removed: Change<Stage>[]; changed: Change<Stage>[] };
  transitions: { added: Change<Transition>[]; removed: Change<Transition>[]; changed: Change<Transition>[] };
}

const canon = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${k}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
};

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => {
    const x = a[k];
    const y = b[k];
    // guards/roles are sets
    if (Array.isArray(x) && Array.isArray(y) && (k === 'guards' || k === 'roles')) return canon([...x].sort()) !== canon([...y].sort());
    return canon(x ?? null) !== canon(y ?? null);
  }).sort();
}

function diffBy<T extends object>(a: T[], b: T[], key: (x: T) => string) {
  const before = new Map(a.map((x) => [key(x), x]));
  const after = new Map(b.map((x) => [key(x), x]));
  const added: Change<T>[] = [];
  const removed: Change<T>[] = [];
  const changed: Change<T>[] = [];
  for (const [k, x] of before) {
    const y = after.get(k);
    if (!y) removed.push({ key: k, before: x, fields: [] });
    else {
      const fields = changedFields(x as Record<string, unknown>, y as Record<string, unknown>);
      if (fields.length) changed.push({ key: k, before: x, after: y, fields });
    }
  }
  for (const [k, y] of after) if (!before.has(k)) added.push({ key: k, after: y, fields: [] });
  return { added, removed, changed };
}

/** What changed from version `a` to version `b`: stages by code, transitions by from→to. */
export function diffDefinitions(a: WorkflowDefinition, b: WorkflowDefinition): DefinitionDiff {
  return {
    stages: diffBy(a.stages, b.stages, (s) => s.code),
    transitions: diffBy(a.transitions, b.transitions, transitionKey),
  };
}

export const diffIsEmpty = (d: DefinitionDiff) =>
  [d.stages.added, d.stages.removed, d.stages.changed, d.transitions.added, d.transitions.removed, d.transitions.changed]
    .every((x) => x.length === 0);

// ── editing ─────────────────────────────────────────────────────────────────────────────────

/** Removes a stage and every transition touching it. */
export function removeStage(def: WorkflowDefinition, code: string): WorkflowDefinition {
  return {
    stages: def.stages.filter((s) => s.code !== code),
    transitions: def.transitions.filter((t) => t.from !== code && t.to !== code),
  };
}

/** Renames a stage's code, following every transition that names it. */
export function recodeStage(def: WorkflowDefinition, from: string, to: string): WorkflowDefinition {
  return {
    stages: def.stages.map((s) => (s.code === from ? { ...s, code: to } : s)),
    transitions: def.transitions.map((t) => ({ ...t, from: t.from === from ? to : t.from, to: t.to === from ? to : t.to })),
  };
}

/** A free stage code like "stage_3" not yet used in the definition. */
export function nextStageCode(def: WorkflowDefinition, base = 'stage'): string {
  const used = new Set(def.stages.map((s) => s.code));
  for (let i = def.stages.length + 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Drops empty parts of an override patch (the server stores what it gets). */
export function cleanPatch(p: OverridePatch): OverridePatch {
  const out: OverridePatch = {};
  if (p.rename && Object.keys(p.rename).length) out.rename = p.rename;
  if (p.sla && Object.keys(p.sla).length) out.sla = p.sla;
  if (p.disable?.length) out.disable = p.disable;
  if (p.add_stages?.length) out.add_stages = p.add_stages;
  if (p.add_transitions?.length) out.add_transitions = p.add_transitions;
  return out;
}

/** Human-sized durations: 95 → "1h 35m" style parts (minutes when under a day). */
export function minutesOf(seconds: number | string | null | undefined): number | null {
  if (seconds === null || seconds === undefined) return null;
  const n = Number(seconds);
  return Number.isFinite(n) ? Math.round((n / 60) * 10) / 10 : null;
}

// ── analytics ───────────────────────────────────────────────────────────────────────────────

/** A row of workflow_stage_stats (numerics arrive as numbers or strings). */

export interface StageStat {
  key: string; template_id: string; stage: string; tenants: number; transitions: number;
  p50_seconds: number; p95_seconds: number; total_seconds: number; sla_breaches: number; breach_rate: number; rank: number;
}

/**
 * Folds per-tenant rows into one row per template + stage: counts and totals add up; p50 / p95
 * across tenants are transition-weighted means of the tenants' percentiles (exact for one tenant,
 * an approximation across several). Ranked by total time in stage (the bottleneck first).
 */
export function aggregateStats(rows: StageStatRow[]): StageStat[] {
  const by = new Map<string, StageStat & { w50: number; w95: number }>();
  for (const r of rows) {
    const key = `${r.template_id}:${r.stage}`;
    const n = Number(r.transitions) || 0;
    const cur = by.get(key) ?? { key, template_id: r.template_id, stage: r.stage, tenants: 0, transitions: 0, p50_seconds: 0,
      p95_seconds: 0, total_seconds: 0, sla_breaches: 0, breach_rate: 0, rank: 0, w50: 0, w95: 0 };
    cur.tenants += 1;
    cur.transitions += n;
    cur.w50 += (Number(r.p50_seconds) || 0) * n;
    cur.w95 += (Number(r.p95_seconds) || 0) * n;
    cur.total_seconds += Number(r.total_seconds) || 0;
    cur.sla_breaches += Number(r.sla_breaches) || 0;
    by.set(key, cur);
  }
  const out = [...by.values()].map(({ w50, w95, ...s }) => ({
    ...s,
    p50_seconds: s.transitions ? w50 / s.transitions : 0,
    p95_seconds: s.transitions ? w95 / s.transitions : 0,
    breach_rate: s.transitions ? s.sla_breaches / s.transitions : 0,
  }));
  out.sort((a, b) => b.total_seconds - a.total_seconds || a.key.localeCompare(b.key));
  out.forEach((s, i) => { s.rank = i + 1; });
  return out;
}

/** Every problem code the database reports (validation + override conflicts); translated under workflows.problems. */
export const PROBLEM_CODES = [
  'workflow.malformed', 'workflow.invalid_stage_code', 'workflow.duplicate_stage', 'workflow.stage_name_required',
  'workflow.invalid_stage_kind', 'workflow.invalid_sla', 'workflow.no_start_stage', 'workflow.multiple_start_stages',
  'workflow.no_terminal_stage', 'workflow.dangling_transition', 'workflow.self_transition', 'workflow.duplicate_transition',
  'workflow.terminal_has_exits', 'workflow.unknown_guard', 'workflow.invalid_roles', 'workflow.unreachable_stage',
  'workflow.dead_end', 'override.stage_exists_upstream', 'override.stage_removed', 'override.transition_endpoint_missing',
  'override.transition_exists_upstream', 'override.stage_not_optional',
] as const;
export const problemKey = (code: string) => `workflows.problems.${code.replace(/\./g, '_')}`;
