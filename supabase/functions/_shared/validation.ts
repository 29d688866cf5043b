// The zod pieces every boundary shares (webhook bodies, checkout requests, jobs), defined once.
import { z } from 'npm:zod@3.25.76';

export { z };

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A non-negative decimal amount in major units, as text ("12.345"). */
export const DECIMAL = /^\d+(\.\d+)?$/;

/** One of our ids taken from a gateway's metadata, or null: anything else there is not trusted. */
export const uuidOrNull = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null);

/**
 * Parses `value` with `schema`; on failure throws what `fail` makes of the first issue's path
 * ('' at the root) and message. Each boundary keeps its own error (400 invalid_request, 400
 * malformed_payload).
 */
export function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown, fail: (path: string, message: string) => Error): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw fail(issue.path.join('.'), issue.message);
}
