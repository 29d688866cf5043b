// Webhook authentication for the three gateways, with node:crypto and constant-time comparison.
import { Buffer } from 'node:buffer';
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

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

/** PayTabs callback / IPN: `Signature` = hex HMAC-SHA256 of the raw body with the profile's server key. */
export function verifyPaytabsSignature(rawBody: Uint8Array, header: string | null | undefined, serverKeys: string[]): VerifyResult {
  if (!header || !header.trim()) return { ok: false, reason: 'missing' };
  const given = header.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  let matched = false;
  for (const key of serverKeys.filter(Boolean)) if (safeEqualHex(hmacHex(key, rawBody), given)) matched = true;
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}

export type DecryptResult = { ok: true; plaintext: string } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/**
 * HyperPay (OPPWA) webhook: the body is hex AES-256-GCM ciphertext; key = the 64-hex secret;
 * X-Initialization-Vector (hex, 12 bytes) and X-Authentication-Tag (hex, 16 bytes). Decryption
 * verifies the tag: any failure means the notification is not authentic.
 */
export function decryptHyperpay(
  rawBody: Uint8Array, ivHex: string | null | undefined, tagHex: string | null | undefined, secrets: string[],
): DecryptResult {
  if (!ivHex || !tagHex) return { ok: false, reason: 'missing' };
  const body = new TextDecoder().decode(rawBody).trim();
  if (!/^[0-9a-fA-F]{24}$/.test(ivHex.trim()) || !/^[0-9a-fA-F]{32}$/.test(tagHex.trim())) return { ok: false, reason: 'malformed' };
  if (!body || body.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(body)) return { ok: false, reason: 'malformed' };
  const iv = Buffer.from(ivHex.trim(), 'hex');
  const tag = Buffer.from(tagHex.trim(), 'hex');
  const ciphertext = Buffer.from(body, 'hex');
  for (const secret of secrets.filter((s) => /^[0-9a-fA-F]{64}$/.test(s))) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secret, 'hex'), iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      return { ok: true, plaintext: plain.toString('utf8') };
    } catch {
      // wrong key or tampered: try the next secret
    }
  }
  return { ok: false, reason: 'mismatch' };
}
