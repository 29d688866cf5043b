// /rpc/<fn>: picks the overload whose argument names match the request (PostgREST's rules) and builds its call.
import { ambiguousFunction, noFunction } from './errors.ts';
import { type DbFunction, type SchemaCache, tableKey } from './schema-cache.ts';
import { ident, literal, qualified } from './sql.ts';

/** What a POST body is, by its Content-Type: named arguments (JSON) or one raw value for an unnamed parameter. */
export type BodyKind = 'json' | 'text' | 'xml' | 'bytea' | 'none';

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

/** `json_to_record(<args>) AS pgrst_args(a int, …)` plus the call expression using those columns. */
export function functionCall(fn: DbFunction, args: Record<string, unknown>, wholeBody: boolean, whole?: unknown): { from: string; call: string } {
  const target = qualified(fn.schema, fn.name);
  if (wholeBody) {
    const type = fn.args[0].type;
    const value = type === 'bytea' ? `decode(${literal((whole as Buffer).toString('hex'))}, 'hex')`
      : type === 'text' || type === 'xml' ? `${literal((whole as Buffer).toString('utf8'))}::${type}`
      : `${literal(JSON.stringify(whole === undefined ? args : whole))}::${type}`;
    return { from: '', call: `${target}(${value})` };
  }
  const used = fn.args.filter((a) => a.name in args);
  if (used.length === 0) return { from: '', call: `${target}()` };
  const defs = used.map((a) => `${ident(a.name)} ${a.type}`).join(', ');
  return {
    from: `json_to_record(${literal(JSON.stringify(args))}::json) AS pgrst_args(${defs})`,
    call: `${target}(${used.map((a) => `${ident(a.name)} := pgrst_args.${ident(a.name)}`).join(', ')})`,
  };
}
