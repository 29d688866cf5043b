// Stripe webhook authentication: the Stripe-Signature header over the raw body.
import { Buffer } from 'node:buffer';
import { hmacHex, safeEqualHex, type VerifyResult } from '../hmac.ts';

export const STRIPE_TOLERANCE_SECONDS = 300;

/**
 * Stripe-Signature: `t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]`. The signed payload is `<t>.` + the raw
 * body, HMAC-SHA256 with the endpoint secret (`whsec_…`, used as is). Any v1 matching any of our
 * secrets passes (Stripe sends several v1 while a secret rolls; we may hold old and new); other
 * schemes are ignored. The timestamp must be within `tolerance` seconds of now.
 */
export function verifyStripeSignature(
  rawBody: Uint8Array, header: string | null | undefined, secrets: string[],
  opts: { tolerance?: number; now?: number } = {},
): VerifyResult {
  if (!header || !header.trim()) return { ok: false, reason: 'missing' };
  let timestamp: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 't') timestamp = /^\d{1,12}$/.test(value) ? Number(value) : NaN;
    else if (key === 'v1') v1.push(value);
  }
  if (timestamp === null || Number.isNaN(timestamp) || v1.length === 0) return { ok: false, reason: 'malformed' };
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), Buffer.from(rawBody)]);
  let matched = false;
  for (const secret of secrets.filter(Boolean)) {
    const expected = hmacHex(secret, signed);
    for (const candidate of v1) if (safeEqualHex(expected, candidate)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'mismatch' };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (opts.tolerance ?? STRIPE_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/** Builds a Stripe-Signature header (the simulator and tests; production never signs). */
export function stripeSignatureHeader(rawBody: string | Uint8Array, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  return `t=${timestamp},v1=${hmacHex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), body]))}`;
}
