// Sorts a request's query string into select, conditions, order and paging, per embed path.
import { badQuery } from '../errors.ts';
import {
  type Condition, type OrderTerm, type SelectItem,
  parseField, parseFilterValue, parseLogic, parseNonNegativeInt, parseOrder, parseSelect, splitTopLevel,
} from './parser.ts';

export interface QueryParams {
  select: SelectItem[];
  /** Keyed by embed path: '' is the root, 'clients' or 'clients.orders' embedded resources. */
  conditions: Map<string, Condition[]>;
  order: Map<string, OrderTerm[]>;
  limit: Map<string, number>;
  offset: Map<string, number>;
  columns?: string[];
  onConflict?: string[];
  /** For GET/HEAD /rpc: query parameters that are the function's arguments. */
  rpcArgs: Record<string, string>;
}

const IGNORED = new Set(['apikey']);

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}

export function parseQueryParams(search: URLSearchParams, isRpcArg: (key: string) => boolean = () => false): QueryParams {
  const q: QueryParams = {
    select: [{ kind: 'star' }], conditions: new Map(), order: new Map(), limit: new Map(), offset: new Map(), rpcArgs: {},
  };
  for (const [key, value] of search) {
    if (IGNORED.has(key)) continue;
    if (value.includes('\u0000') || key.includes('\u0000')) throw badQuery('"failed to parse" (NUL byte)');
    if (key === 'select') { q.select = parseSelect(value); continue; }
    if (key === 'columns') { q.columns = splitTopLevel(value, ',').map((c) => parseField(c.trim(), 'columns').name); continue; }
    if (key === 'on_conflict') { q.onConflict = splitTopLevel(value, ',').map((c) => parseField(c.trim(), 'on_conflict').name); continue; }
    if (isRpcArg(key)) { q.rpcArgs[key] = value; continue; }
    const segments = splitTopLevel(key, '.');
    if (segments.some((s) => s === '')) throw badQuery(`"failed to parse" (${key})`, key);
    const last = segments[segments.length - 1];
    const beforeLast = segments[segments.length - 2];
    if (last === 'order') { q.order.set(segments.slice(0, -1).join('.'), parseOrder(value)); continue; }
    if (last === 'limit') { q.limit.set(segments.slice(0, -1).join('.'), parseNonNegativeInt(value, 'limit')); continue; }
    if (last === 'offset') { q.offset.set(segments.slice(0, -1).join('.'), parseNonNegativeInt(value, 'offset')); continue; }
    if (last === 'or' || last === 'and') {
      const negate = beforeLast === 'not';
      const path = segments.slice(0, negate ? -2 : -1).join('.');
      push(q.conditions, path, parseLogic(last, negate, value));
      continue;
    }
    const path = segments.slice(0, -1).join('.');
    push(q.conditions, path, parseFilterValue(parseField(last, 'filter'), value));
  }
  return q;
}
