// HyperPay (OPPWA) webhook authentication: decrypting the body is the check.
import { Buffer } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';

/** A HyperPay webhook secret: 32 bytes as 64 hex characters. */
export const HYPERPAY_KEY = /^[0-9a-fA-F]{64}$/;

export type DecryptResult = { ok: true; plaintext: string } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/**
 * The body is hex AES-256-GCM ciphertext; key = the 64-hex secret; X-Initialization-Vector (hex,
 * 12 bytes) and X-Authentication-Tag (hex, 16 bytes). Decryption verifies the tag: any failure
 * means the notification is not authentic.
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
  for (const secret of secrets.filter((s) => HYPERPAY_KEY.test(s))) {
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
