// The SQL of a function call: its arguments as a json_to_record row (so PostgreSQL converts each to
// the parameter's type), or the whole body as the single unnamed parameter.
import type { DbFunction } from '../schema-cache.ts';
import { ident, literal, qualified } from './sql.ts';

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
