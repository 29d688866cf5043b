// The support desk's small pieces of console logic (kept apart from React so they are unit-tested).
// The SLA state itself is computed by SQL (support_inbox: sla_state); the console only shows it.

export const STATUSES = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CATEGORIES = ['general', 'billing', 'orders', 'technical', 'account'] as const;
export const VIEWS = ['mine', 'unassigned', 'group', 'breaching', 'open', 'all'] as const;
export type InboxView = (typeof VIEWS)[number];
export type Status = (typeof STATUSES)[number];

/** The allowed moves of docs/support.md (the database refuses any other: this only picks what to offer). */
const MOVES: Record<Status, Status[]> = {
  new: ['open', 'pending_customer', 'on_hold', 'solved', 'closed'],
  open: ['pending_customer', 'on_hold', 'solved', 'closed'],
  pending_customer: ['open', 'on_hold', 'solved', 'closed'],
  on_hold: ['open', 'pending_customer', 'solved', 'closed'],
  solved: ['open', 'closed'],
  closed: ['open'],
};
export function nextStatuses(status: string, merged: boolean): Status[] {
  if (merged) return [];
  return MOVES[status as Status] ?? [];
}

export const SLA_COLOR: Record<string, string> = {
  breached: 'red', breaching_soon: 'orange', on_track: 'green', paused: 'default', done: 'blue',
};
export const PRIORITY_COLOR: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };
export const STATUS_COLOR: Record<string, string> = {
  new: 'gold', open: 'blue', pending_customer: 'purple', on_hold: 'default', solved: 'green', closed: 'default',
};

export interface InboxFilters {
  statuses?: string[]; priority?: string; category?: string; tenant_id?: string; assignee_id?: string;
  group_code?: string; tag?: string;
}

/** The support_inbox arguments of a view and its filters: empty filters are left out (SQL defaults). */
export function inboxArgs(view: InboxView, f: InboxFilters): Record<string, unknown> {
  const args: Record<string, unknown> = { view };
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    args[k] = typeof v === 'string' ? v.trim() : v;
  }
  return args;
}

/** Tags as typed ("vip, ZATCA  printer"): split on commas/spaces, lower-cased, deduplicated. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,،]+/).map((x) => x.trim().toLowerCase()).filter(Boolean))];
}

export interface Agent { group_code: string; staff_id: string; name: string | null; email: string; active: boolean; open: number }
/** A group's members for the assign picker, the least loaded first (the workload the SQL counted). */
export function membersOf(agents: Agent[], group: string | undefined): Agent[] {
  return agents.filter((a) => a.group_code === group && a.active)
    .sort((a, b) => a.open - b.open || (a.name ?? a.email).localeCompare(b.name ?? b.email));
}

/** Business minutes as "1 d 2 h 30 min" style parts (a working day is not assumed: hours and minutes only). */
export function minutesParts(minutes: number): { h: number; m: number } {
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** A bilingual text {en, ar} is complete when both languages have text. */
export function bilingualComplete(v: { en?: string; ar?: string } | null | undefined): boolean {
  return !!v?.en?.trim() && !!v?.ar?.trim();
}
