// Quoting: every value reaches SQL as an escaped literal, every name as a quoted identifier.
import { badQuery } from '../errors.ts';

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const qualified = (schema: string, name: string) => `${ident(schema)}.${ident(name)}`;

/** A string literal; standard_conforming_strings is on, so only quotes need doubling. */
export function literal(value: string): string {
  if (value.includes('\u0000')) throw badQuery('"failed to parse" (NUL byte in a value)');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A PostgreSQL array literal ('{"a","b"}') for `= ANY(...)`. */
export function arrayLiteral(items: string[]): string {
  return literal(`{${items.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`);
}
