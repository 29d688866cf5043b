// What the three clients share to call a gateway's API: settings from the environment, the JSON
// answer, form encoding (Stripe and OPPWA) and amounts as decimal text.
import { env, HttpError } from '../http.ts';
import { majorToMinor, minorToMajor } from '../money.ts';
import type { Gateway } from './contract.ts';

/** A required setting (a function secret): 500 not_configured when it is missing. */
export function need(name: string): string {
  const v = env(name);
  if (!v) throw new HttpError(500, 'not_configured', `${name} is not set`);
  return v;
}

/** An API base URL from `name`, the real API's by default (devstack points them at its simulator). */
export const apiBase = (name: string, real: string): string => env(name, real)!.replace(/\/$/, '');

// deno-lint-ignore no-explicit-any -- gateway JSON bodies are loosely typed on purpose
export async function readJson(res: Response, gateway: Gateway): Promise<Record<string, any>> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(502, 'gateway_error', `${gateway} answered ${res.status} with a non-JSON body`);
  }
}

/** Form encoding with bracketed nesting: metadata[invoice_id]=…, line_items[0][price_data][currency]=… */
export function formEncode(value: Record<string, unknown>, prefix = '', out = new URLSearchParams()): URLSearchParams {
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) v.forEach((item, i) => typeof item === 'object' ? formEncode(item as Record<string, unknown>, `${key}[${i}]`, out) : out.append(`${key}[${i}]`, String(item)));
    else if (typeof v === 'object') formEncode(v as Record<string, unknown>, key, out);
    else out.append(key, String(v));
  }
  return out;
}

/** The amount as a fixed decimal string with the currency's exponent ("12.340" OMR, "12.30" SAR). */
export const fixed = (amount: number | string, currency: string) => minorToMajor(majorToMinor(amount, currency), currency);
