// Shared by the three events.ts: reading loosely typed gateway JSON into the inbox contract.
import { DECIMAL, parseWith, z } from '../validation.ts';

/** A body that is not the gateway's event shape: answered 400 malformed_payload. */
export class MalformedEvent extends Error {}

/** The gateway's JSON as parsed; its shape is checked by each normaliser's zod schema. */
// deno-lint-ignore no-explicit-any
export type Loose = Record<string, any>;

export function parseEvent<T extends z.ZodTypeAny>(schema: T, value: unknown, what: string): z.infer<T> {
  return parseWith(schema, value, (path, message) => new MalformedEvent(`${what}: ${path || '(root)'} ${message}`));
}

/** A three-letter currency code in any case (Stripe sends lower case), upper-cased. */
export const currency = z.string().regex(/^[A-Za-z]{3}$/).transform((c) => c.toUpperCase());

/** A decimal amount sent as a string or a number (PayTabs, OPPWA), as trimmed text. */
export const decimalString = z.union([z.string(), z.number()]).transform((v) => String(v).trim())
  .refine((v) => DECIMAL.test(v), 'must be a decimal amount');

export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
export const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
/** The last four digits of a masked card number ("4111 11## #### 0004"). */
export const last4Of = (v: unknown): string | null => {
  const m = typeof v === 'string' ? /(\d{4})\s*$/.exec(v) : null;
  return m ? m[1] : null;
};
/** An id, or an expanded object's id. */
export const idOf = (v: unknown): string | null => str(v) ?? (v && typeof v === 'object' ? str((v as Loose).id) : null);

/** A timestamp the gateway sent, or now when it sent none or an unreadable one. */
export const isoOrNow = (when: Date | null): string => (when && !Number.isNaN(when.getTime()) ? when : new Date()).toISOString();
