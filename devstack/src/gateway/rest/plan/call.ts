// The call plan (PostgREST's CallPlan) for /rpc/<fn>: the overload whose argument names match the
// request (PostgREST's rules), its arguments, and how its result is read.
import { ambiguousFunction, badBody, mediaTypeError, noFunction } from '../errors.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { BodyKind } from '../request/body.ts';
import { type DbFunction, type SchemaCache, tableKey } from '../schema-cache.ts';
import { planRead, type ReadPlan } from './read.ts';

/** The unnamed parameter type each raw body kind may feed. */
const UNNAMED: Record<BodyKind, string[]> = { json: ['json', 'jsonb'], text: ['text'], xml: ['xml'], bytea: ['bytea'], none: [] };

function matchesNames(fn: DbFunction, given: Set<string>): boolean {
  const required = fn.args.filter((a) => !a.hasDefault).map((a) => a.name);
  const optional = new Set(fn.args.filter((a) => a.hasDefault).map((a) => a.name));
  return required.every((r) => given.has(r)) && [...given].every((g) => optional.has(g) || required.includes(g));
}

const signature = (fn: DbFunction) => `${fn.schema}.${fn.name}(${fn.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`;

export function findFunction(cache: SchemaCache, schema: string, name: string, argNames: string[], body: BodyKind): { fn: DbFunction; wholeBody: boolean } {
  const overloads = cache.functions.get(tableKey(schema, name)) ?? [];
  const given = new Set(argNames);
  const raw = body === 'text' || body === 'xml' || body === 'bytea';
  // A raw body never names arguments; a function without parameters is not called with one.
  const named = raw ? [] : overloads.filter((fn) => (fn.args.length === 0 ? given.size === 0 : matchesNames(fn, given)));
  const unnamed = overloads.filter((fn) => fn.args.length === 1 && fn.args[0].name === '' && UNNAMED[body].includes(fn.args[0].type));
  if (named.length === 1) return { fn: named[0], wholeBody: false };
  if (named.length === 0 && unnamed.length === 1) return { fn: unnamed[0], wholeBody: true };
  const ambiguous = named.length > 1 ? named : unnamed;
  if (ambiguous.length > 1) {
    throw ambiguousFunction(ambiguous.map(signature));
  }
  const fnName = `${schema}.${name}`;
  if (raw) {
    throw noFunction(`Could not find the function ${fnName} in the schema cache`,
      `Searched for the function ${fnName} with a single unnamed ${body} parameter, but no matches were found in the schema cache.`);
  }
  const list = argNames.join(', ');
  const params = argNames.length ? ` with parameter${argNames.length > 1 ? 's' : ''} ${list}` : ' without parameters';
  throw noFunction(`Could not find the function ${fnName}${argNames.length ? `(${list})` : ' without parameters'} in the schema cache`,
    `Searched for the function ${fnName}${params}${body === 'json' ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`);
}

export interface CallPlan {
  fn: DbFunction;
  /** Named arguments (from the JSON body or the query string). */
  args: Record<string, unknown>;
  /** The whole body feeds the function's single unnamed parameter. */
  wholeBody: boolean;
  whole?: unknown;
  /** GET/HEAD and stable or immutable functions run read-only. */
  readOnly: boolean;
  /** How the result is read: nothing, one raw value, one JSON value, or rows read like a table. */
  result: 'void' | 'raw' | 'scalar' | 'rows';
  /** For `rows`: select, filters, order and paging over the function's rows. */
  rows?: ReadPlan;
}

export function planCall(cache: SchemaCache, req: ApiRequest, name: string): CallPlan {
  let args: Record<string, unknown> = {};
  let bodyKind: BodyKind = 'none';
  let whole: unknown;
  if (req.readOnly) {
    args = req.query.rpcArgs;
  } else if (req.payload.kind === 'raw') {
    bodyKind = req.payload.bodyKind;
    whole = req.payload.bytes;
  } else if (req.payload.kind === 'json') {
    bodyKind = 'json';
    const body = req.payload.value;
    if (body && typeof body === 'object' && !Array.isArray(body)) args = body as Record<string, unknown>;
    else if (body !== undefined && !Array.isArray(body)) throw badBody('Empty or invalid json');
    whole = body;
  }
  const { fn, wholeBody } = findFunction(cache, req.schema, name, Object.keys(args), bodyKind);
  const readOnly = req.readOnly || fn.volatility !== 'v';
  const plan: CallPlan = { fn, args, wholeBody, whole, readOnly, result: 'rows' };
  if (fn.returnKind === 'void') return { ...plan, result: 'void' };
  if (req.format === 'text' || req.format === 'xml' || req.format === 'binary') {
    // One value, sent as is: only from a function returning one scalar.
    if (fn.returnKind !== 'scalar' || fn.returnsSet) throw mediaTypeError(req.accept);
    return { ...plan, result: 'raw' };
  }
  if (fn.returnKind === 'scalar') return { ...plan, result: 'scalar' };
  // Row-returning functions read like a table: select, filters, order and paging apply to their rows.
  const table = fn.returnTable ? cache.tables.get(tableKey(fn.returnTable.schema, fn.returnTable.name)) : undefined;
  return { ...plan, rows: planRead(cache, table, req.query) };
}
