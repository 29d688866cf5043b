// One difference between the migrations' database ("from") and the schema files' ("to"): what a
// reader sees in the drift report, and the SQL that brings "from" to "to".
import type pg from 'pg';

export type Area = 'structure' | 'privileges' | 'comments' | 'reference data' | 'queues and schedules';
export const AREAS: Area[] = ['structure', 'privileges', 'comments', 'reference data', 'queues and schedules'];

export interface Finding { area: Area; what: string; sql: string }

/** Schemas never compared: the CLI's migration history, and the queue tables pgmq.create makes (compared as queues). */
export const SKIPPED_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast', 'supabase_migrations', 'pgmq'];

/** A comparison of one area between two connected databases. */
export type Comparison = (from: pg.Client, to: pg.Client) => Promise<Finding[]>;

export const sqlLiteral = (value: string | null) => (value === null ? 'null' : `'${value.replace(/'/g, "''")}'`);

/** Short form of a text for a one-line report. */
export const clip = (text: string | null, max = 60) =>
  text === null ? 'none' : JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** Two texts that differ, each clipped around where they start to differ: "migrations …, schema files …". */
export function clipPair(was: string, now: string, max = 60): string {
  let at = 0;
  while (at < was.length && at < now.length && was[at] === now[at]) at++;
  const from = at > 20 ? at - 10 : 0;
  const part = (t: string) => (from ? `…${JSON.stringify(t.slice(from)).slice(1, -1)}` : JSON.stringify(t).slice(1, -1));
  const cut = (t: string) => `"${t.length > max ? `${t.slice(0, max)}…` : t}"`;
  return `migrations ${cut(part(was))}, schema files ${cut(part(now))}`;
}
