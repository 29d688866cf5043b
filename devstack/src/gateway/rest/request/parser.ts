// Parses PostgREST's query-string language (select, filters, logic trees, order) into a small AST.
// Every syntax problem becomes a PGRST100 error, never an exception the server does not expect.
import { badQuery } from '../errors.ts';

/** `col.sum()`, `count()`: the function, and the cast of its result (`col.sum()::int`). */
export interface Aggregate { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; cast?: string; star: boolean }
const AGGREGATE = /^(?:(.*)\.)?(count|sum|avg|min|max)\(\)(?:::([A-Za-z_][A-Za-z0-9_ ]*(?:\[\])?))?$/;

export interface JsonStep { arrow: '->' | '->>'; key: string }
export interface FieldRef { name: string; jsonPath: JsonStep[] }

export type SelectItem =
  | { kind: 'star' }
  | { kind: 'field'; field: FieldRef; alias?: string; cast?: string; aggregate?: Aggregate }
  | { kind: 'embed'; name: string; alias?: string; hints: string[]; joinType?: 'inner' | 'left'; spread: boolean; select: SelectItem[] };

export interface Filter { kind: 'filter'; field: FieldRef; negate: boolean; op: string; modifier?: string; value: string | string[] }
export interface Logic { kind: 'logic'; op: 'and' | 'or'; negate: boolean; children: Condition[] }
export type Condition = Filter | Logic;

export interface OrderTerm { relation?: string; field: FieldRef; dir?: 'asc' | 'desc'; nulls?: 'first' | 'last' }

export const FILTER_OPS = new Set([
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch', 'in', 'is', 'isdistinct',
  'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj', 'fts', 'plfts', 'phfts', 'wfts',
]);

const IDENT = /^[^\s"(),.:!]+$/;

/** Splits on `sep` at nesting depth 0, outside double quotes. */
export function splitTopLevel(input: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuotes = false;
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (inQuotes) {
      if (ch === '\\' && i + 1 < input.length) { current += ch + input[++i]; continue; }
      if (ch === '"') inQuotes = false;
      current += ch;
      continue;
    }
    if (ch === '"') { inQuotes = true; current += ch; continue; }
    if (ch === '(') depth++;
    if (ch === ')') { depth--; if (depth < 0) throw badQuery(`"failed to parse" (unexpected ")")`, input); }
    if (ch === sep && depth === 0) { parts.push(current); current = ''; continue; }
    current += ch;
  }
  if (inQuotes || depth !== 0) throw badQuery('"failed to parse" (unbalanced parentheses or quotes)', input);
  parts.push(current);
  return parts;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, '$1');
  return s;
}

function parseName(raw: string, context: string): string {
  const name = unquote(raw);
  if (!name || (!raw.startsWith('"') && !IDENT.test(raw))) throw badQuery(`"failed to parse ${context}" (${raw})`, raw);
  return name;
}

/** `col`, `col->a->>b`, `"quoted col"->0` */
export function parseField(raw: string, context = 'field'): FieldRef {
  let nameEnd: number;
  if (raw.startsWith('"')) {
    const close = /^"(?:[^"\\]|\\.)*"/.exec(raw);
    if (!close) throw badQuery(`"failed to parse ${context}" (${raw})`, raw);
    nameEnd = close[0].length;
  } else {
    const arrow = raw.indexOf('->');
    nameEnd = arrow < 0 ? raw.length : arrow;
  }
  const name = parseName(raw.slice(0, nameEnd), context);
  const tokens = raw.slice(nameEnd).split(/(->>|->)/);
  if (tokens[0] !== '') throw badQuery(`"failed to parse ${context}" (${raw})`, raw);
  const jsonPath: JsonStep[] = [];
  for (let i = 1; i < tokens.length; i += 2) {
    const key = unquote(tokens[i + 1] ?? '');
    if (key === '') throw badQuery(`"failed to parse ${context}" (${raw})`, raw);
    jsonPath.push({ arrow: tokens[i] as '->' | '->>', key });
  }
  return { name, jsonPath };
}

/** Removes whitespace outside double quotes (what postgrest-js does, done again for other clients). */
function stripSpaces(s: string): string {
  if (!/\s/.test(s)) return s; // the usual case: postgrest-js already stripped them
  let out = '';
  let q = false;
  for (const ch of s) {
    if (ch === '"') q = !q;
    if (!q && /\s/.test(ch)) continue;
    out += ch;
  }
  return out;
}

const MAX_EMBED_DEPTH = 16;

export function parseSelect(raw: string): SelectItem[] {
  const text = stripSpaces(raw);
  // Bound the nesting so a hostile select cannot exhaust the stack.
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' && ++depth > MAX_EMBED_DEPTH) throw badQuery('"failed to parse select parameter" (embedding nested too deeply)', raw);
    if (ch === ')') depth--;
  }
  if (text === '') return [{ kind: 'star' }];
  return splitTopLevel(text, ',').map((item) => parseSelectItem(item, raw));
}

function parseSelectItem(item: string, whole: string): SelectItem {
  if (item === '') throw badQuery('"failed to parse select parameter" (empty item)', whole);
  if (item === '*') return { kind: 'star' };
  const colonAt = findAliasColon(item);
  const agg = AGGREGATE.exec(colonAt >= 0 ? item.slice(colonAt + 1) : item);
  if (agg) {
    const alias = colonAt >= 0 ? parseName(item.slice(0, colonAt), 'select alias') : undefined;
    const aggregate: Aggregate = { fn: agg[2] as Aggregate['fn'], cast: agg[3], star: agg[1] === undefined };
    if (aggregate.star && aggregate.fn !== 'count') throw badQuery(`"failed to parse select parameter" (${item})`, whole);
    if (aggregate.star) return { kind: 'field', field: { name: '*', jsonPath: [] }, alias, aggregate };
    const inner = parseSelectItem(agg[1], whole);
    if (inner.kind !== 'field' || inner.alias || inner.aggregate) throw badQuery(`"failed to parse select parameter" (${item})`, whole);
    return { kind: 'field', field: inner.field, cast: inner.cast, alias, aggregate };
  }
  const paren = item.indexOf('(');
  if (paren >= 0 && !item.slice(0, paren).includes('"')) {
    if (!item.endsWith(')')) throw badQuery(`"failed to parse select parameter" (${item})`, whole);
    let head = item.slice(0, paren);
    const inner = item.slice(paren + 1, -1);
    const spread = head.startsWith('...');
    if (spread) head = head.slice(3);
    let alias: string | undefined;
    const colon = head.indexOf(':');
    if (colon >= 0) { alias = parseName(head.slice(0, colon), 'select alias'); head = head.slice(colon + 1); }
    const [nameRaw, ...bangs] = head.split('!');
    const name = parseName(nameRaw, 'embedded resource');
    let joinType: 'inner' | 'left' | undefined;
    const hints: string[] = [];
    for (const b of bangs) {
      if (b === 'inner' || b === 'left') joinType = b;
      else hints.push(parseName(b, 'embed hint'));
    }
    if (inner.trim() === '' && spread) throw badQuery('"failed to parse select parameter" (empty spread)', whole);
    return { kind: 'embed', name, alias, hints, joinType, spread, select: inner === '' ? [] : splitTopLevel(inner, ',').map((i) => parseSelectItem(i, whole)) };
  }
  let rest = item;
  let alias: string | undefined;
  let cast: string | undefined;
  const castAt = rest.lastIndexOf('::');
  if (castAt > 0 && !rest.slice(castAt).includes('"')) {
    cast = rest.slice(castAt + 2);
    rest = rest.slice(0, castAt);
    if (!/^[A-Za-z_][A-Za-z0-9_ ]*(\[\])?$/.test(cast)) throw badQuery(`"failed to parse select parameter" (bad cast ${cast})`, whole);
  }
  const colon = findAliasColon(rest);
  if (colon >= 0) { alias = parseName(rest.slice(0, colon), 'select alias'); rest = rest.slice(colon + 1); }
  return { kind: 'field', field: parseField(rest, 'select parameter'), alias, cast };
}

function findAliasColon(s: string): number {
  let q = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') q = !q;
    else if (!q && s[i] === ':' && s[i + 1] !== ':') return i;
  }
  return -1;
}

/** `eq.5`, `not.in.(1,2)`, `fts(english).cat` → filter on `field`. */
export function parseFilterValue(field: FieldRef, raw: string): Filter {
  let rest = raw;
  let negate = false;
  if (rest.startsWith('not.')) { negate = true; rest = rest.slice(4); }
  const dot = rest.indexOf('.');
  if (dot < 0) throw badQuery(`"failed to parse filter (${raw})"`, raw);
  let op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  let modifier: string | undefined;
  const m = /^([a-z]+)\(([A-Za-z0-9_]+)\)$/.exec(op);
  if (m) { op = m[1]; modifier = m[2]; }
  if (!FILTER_OPS.has(op)) throw badQuery(`"failed to parse filter (${raw})" (unknown operator ${op})`, raw);
  if (modifier && !['fts', 'plfts', 'phfts', 'wfts', 'like', 'ilike', 'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'match', 'imatch'].includes(op)) {
    throw badQuery(`"failed to parse filter (${raw})"`, raw);
  }
  if (op === 'in') {
    if (!value.startsWith('(') || !value.endsWith(')')) throw badQuery(`"failed to parse filter (${raw})" (expected a list in parentheses)`, raw);
    const inner = value.slice(1, -1);
    const items = inner === '' ? [] : splitTopLevel(inner, ',').map((v) => unquote(v));
    return { kind: 'filter', field, negate, op, value: items };
  }
  if (op === 'is' && !['null', 'not_null', 'true', 'false', 'unknown'].includes(value.toLowerCase())) {
    throw badQuery(`"failed to parse filter (${raw})" (is expects null, not_null, true, false or unknown)`, raw);
  }
  if ((modifier === 'any' || modifier === 'all') && !(value.startsWith('{') && value.endsWith('}'))) {
    throw badQuery(`"failed to parse filter (${raw})"`, raw);
  }
  return { kind: 'filter', field, negate, op, modifier, value: unquote(value) };
}

/** The value of `or=` / `and=`: `(a.eq.1,and(b.gt.2,c.lt.3))`. */
export function parseLogic(op: 'and' | 'or', negate: boolean, raw: string, depth = 0): Logic {
  if (depth > 32) throw badQuery(`"failed to parse logic tree" (nested too deeply)`, raw);
  if (!raw.startsWith('(') || !raw.endsWith(')')) throw badQuery(`"failed to parse logic tree (${raw})"`, raw);
  const inner = raw.slice(1, -1);
  if (inner === '') throw badQuery(`"failed to parse logic tree (${raw})"`, raw);
  const children = splitTopLevel(inner, ',').map((part): Condition => {
    if (part === '') throw badQuery(`"failed to parse logic tree (${raw})" (empty condition)`, raw);
    const lm = /^(not\.)?(and|or)(\(.*\))$/s.exec(part);
    if (lm) return parseLogic(lm[2] as 'and' | 'or', !!lm[1], lm[3], depth + 1);
    const fieldEnd = fieldEndInCondition(part);
    if (fieldEnd <= 0) throw badQuery(`"failed to parse logic tree (${raw})"`, raw);
    return parseFilterValue(parseField(part.slice(0, fieldEnd), 'logic tree'), part.slice(fieldEnd + 1));
  });
  return { kind: 'logic', op, negate, children };
}

function fieldEndInCondition(part: string): number {
  let q = false;
  for (let i = 0; i < part.length; i++) {
    if (part[i] === '"') q = !q;
    else if (!q && part[i] === '.') return i;
  }
  return -1;
}

export function parseOrder(raw: string): OrderTerm[] {
  return splitTopLevel(raw, ',').map((term) => {
    if (term === '') throw badQuery(`"failed to parse order (${raw})"`, raw);
    let relation: string | undefined;
    let rest = term;
    const rm = /^([^().,"]+)\(([^()]+)\)(.*)$/.exec(term);
    if (rm) { relation = parseName(rm[1], 'order'); rest = rm[2] + rm[3]; }
    const parts = splitTopLevel(rest, '.');
    const field = parseField(parts[0], 'order');
    const term2: OrderTerm = { relation, field };
    for (const mod of parts.slice(1)) {
      if (mod === 'asc' || mod === 'desc') term2.dir = mod;
      else if (mod === 'nullsfirst') term2.nulls = 'first';
      else if (mod === 'nullslast') term2.nulls = 'last';
      else throw badQuery(`"failed to parse order (${raw})"`, raw);
    }
    return term2;
  });
}

export function parseNonNegativeInt(raw: string, what: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw badQuery(`"failed to parse ${what}" (${raw})`, raw);
  return Number(raw);
}
