// /rpc/<fn>: picks the overload whose argument names match the request and builds its call.
import { ApiError } from './errors.ts';
import { type DbFunction, type SchemaCache, tableKey } from './schema-cache.ts';
import { ident, literal, qualified } from './sql.ts';

export function findFunction(cache: SchemaCache, schema: string, name: string, argNames: string[], bodyIsJsonObject: boolean): { fn: DbFunction; wholeBody: boolean } {
  const overloads = cache.functions.get(tableKey(schema, name)) ?? [];
  const given = new Set(argNames);
  const exact = overloads.filter((fn) => {
    const names = new Set(fn.args.map((a) => a.name));
    return [...given].every((g) => names.has(g)) && fn.args.every((a) => a.hasDefault || given.has(a.name));
  });
  if (exact.length > 0) {
    // Prefer the overload with the fewest unused (defaulted) arguments.
    exact.sort((x, y) => x.args.length - y.args.length);
    return { fn: exact[0], wholeBody: false };
  }
  // A function with one unnamed json/jsonb argument receives the whole body.
  const single = overloads.find((fn) => fn.args.length === 1 && fn.args[0].name === '' && /^jsonb?$/.test(fn.args[0].type));
  if (single && bodyIsJsonObject) return { fn: single, wholeBody: true };
  const list = argNames.join(', ');
  throw new ApiError(404, 'PGRST202', `Could not find the function ${schema}.${name}${argNames.length ? `(${list})` : ' without parameters'} in the schema cache`,
    `Searched for the function ${schema}.${name}${argNames.length ? ` with parameters ${list}` : ' without parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    null);
}

/** `json_to_record(<args>) AS pgrst_args(a int, …)` plus the call expression using those columns. */
export function functionCall(fn: DbFunction, args: Record<string, unknown>, wholeBody: boolean): { from: string; call: string } {
  const target = qualified(fn.schema, fn.name);
  if (wholeBody) return { from: '', call: `${target}(${literal(JSON.stringify(args))}::${fn.args[0].type})` };
  const used = fn.args.filter((a) => a.name in args);
  if (used.length === 0) return { from: '', call: `${target}()` };
  const defs = used.map((a) => `${ident(a.name)} ${a.type}`).join(', ');
  return {
    from: `json_to_record(${literal(JSON.stringify(args))}::json) AS pgrst_args(${defs})`,
    call: `${target}(${used.map((a) => `${ident(a.name)} := pgrst_args.${ident(a.name)}`).join(', ')})`,
  };
}
