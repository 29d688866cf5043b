// HMAC-SHA256 and constant-time comparison, shared by the Stripe and PayTabs signature checks.
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How a signature check ends; the reason picks the 401's code and message (webhook.ts). */
export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Constant-time equality of two hex strings (different lengths are unequal without early exit on content). */
export function safeEqualHex(a: string, b: string): boolean {
  if (!/^[0-9a-fA-F]*$/.test(a) || !/^[0-9a-fA-F]*$/.test(b)) return false;
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

export function hmacHex(key: string | Uint8Array, data: Uint8Array | string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}
