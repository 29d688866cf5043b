// The Range header (`items=0-9`, `10-`) folded into the root's offset and limit.
import type { QueryParams } from './query-params.ts';

export function applyRangeHeader(range: string | string[] | undefined, q: QueryParams): void {
  if (typeof range !== 'string') return;
  const m = /^(?:items=)?\s*(\d+)-(\d*)\s*$/.exec(range);
  if (!m) return;
  const from = Number(m[1]);
  const current = q.offset.get('') ?? 0;
  q.offset.set('', Math.max(current, from));
  if (m[2] !== '') {
    const count = Number(m[2]) - from + 1;
    if (count >= 0) q.limit.set('', Math.min(q.limit.get('') ?? count, count));
  }
}
