// One-time tokens in auth.users as GoTrue keeps them: the mailed code (otp_length digits) is never
// stored, only sha224(email + code), which is also the token in mailed links.
import { createHash, randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import { AuthError } from './errors.ts';

export function newOtp(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

export const tokenHash = (emailOrPhone: string, otp: string) => createHash('sha224').update(emailOrPhone + otp).digest('hex');

/** The auth.users columns behind each kind of mailed token. */
export const TOKEN_COLUMNS = {
  confirmation: { token: 'confirmation_token', sentAt: 'confirmation_sent_at' },
  recovery: { token: 'recovery_token', sentAt: 'recovery_sent_at' },
  reauthentication: { token: 'reauthentication_token', sentAt: 'reauthentication_sent_at' },
} as const;
export type TokenKind = keyof typeof TOKEN_COLUMNS;

/** [auth.email] max_frequency: one mail of a kind per user per interval. */
export function checkMaxFrequency(sentAt: Date | null | undefined, maxFrequency: number): void {
  if (!sentAt) return;
  const left = Math.ceil(maxFrequency - (Date.now() - new Date(sentAt).getTime()) / 1000);
  if (left > 0) throw new AuthError(429, 'over_email_send_rate_limit', `For security purposes, you can only request this after ${left} seconds.`);
}

/** Writes a fresh token of `kind` for the user (locked row); returns the code and its hash. */
export async function issueToken(c: PoolClient, user: { id: string; email: string }, kind: TokenKind, length: number) {
  const otp = newOtp(length);
  const hash = tokenHash(user.email, otp);
  const col = TOKEN_COLUMNS[kind];
  await c.query(`update auth.users set ${col.token} = $2, ${col.sentAt} = now(), updated_at = now() where id = $1`, [user.id, hash]);
  return { otp, hash };
}

export const isExpired = (sentAt: Date | null | undefined, otpExpiry: number) =>
  !sentAt || Date.now() - new Date(sentAt).getTime() > otpExpiry * 1000;

/** Every mailed token is void once the password changes (GoTrue clears them all). */
export async function clearAllTokens(c: PoolClient, userId: string): Promise<void> {
  await c.query(`update auth.users set confirmation_token = '', confirmation_sent_at = null, recovery_token = '', recovery_sent_at = null,
    email_change_token_current = '', email_change_token_new = '', email_change_sent_at = null,
    reauthentication_token = '', reauthentication_sent_at = null where id = $1`, [userId]);
}
