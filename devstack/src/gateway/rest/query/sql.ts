// Quoting: every value reaches SQL as an escaped literal or a bind parameter, every name as a quoted identifier.
import { badQuery } from '../errors.ts';

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const qualified = (schema: string, name: string) => `${ident(schema)}.${ident(name)}`;

export function refuseNul(value: string): void {
  if (value.includes('\u0000')) throw badQuery('"failed to parse" (NUL byte in a value)');
}

/** A string literal; standard_conforming_strings is on, so only quotes need doubling. */
export function literal(value: string): string {
  refuseNul(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** The text of a PostgreSQL array literal ({"a","b"}) for `= ANY(...)`. */
export function arrayText(items: string[]): string {
  return `{${items.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * Where a filter's value goes: inline as a literal, or out as a bind parameter ($n, untyped: PostgreSQL
 * infers its type from the context exactly as it does an unknown-typed literal's). With parameters the
 * statement's text depends only on the query's shape, so the server can keep it prepared.
 */
export interface Values {
  value(v: string): string;
  /** A LIMIT or OFFSET (a parameter too, or every page of a paginated list would be a statement of its own). */
  count(n: number): string;
}

export const inline: Values = { value: literal, count: String };

export class Params implements Values {
  readonly list: string[] = [];
  value(v: string): string {
    refuseNul(v);
    this.list.push(v);
    return `$${this.list.length}`;
  }
  count(n: number): string {
    this.list.push(String(n));
    return `$${this.list.length}`;
  }
}
