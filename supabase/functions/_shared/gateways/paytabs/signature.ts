// PayTabs webhook authentication: the Signature header over the raw body.
import { hmacHex, safeEqualHex, type VerifyResult } from '../hmac.ts';

/** PayTabs callback / IPN: `Signature` = hex HMAC-SHA256 of the raw body with the profile's server key. */
export function verifyPaytabsSignature(rawBody: Uint8Array, header: string | null | undefined, serverKeys: string[]): VerifyResult {
  if (!header || !header.trim()) return { ok: false, reason: 'missing' };
  const given = header.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  let matched = false;
  for (const key of serverKeys.filter(Boolean)) if (safeEqualHex(hmacHex(key, rawBody), given)) matched = true;
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
