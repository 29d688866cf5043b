// MFA TOTP factors: enroll, challenge, verify (raising the session to aal2) and unenroll.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import { AuthError } from './errors.ts';
import { callHook } from './hooks.ts';
import { type AuthContext, UUID, clientMeta, jsonBody, reply, requireUser, runtime } from './request.ts';
import { addAmr, issueRefreshToken, sessionResponse, withTx } from './sessions.ts';
import { newTotpSecret, verifyTotp } from './totp.ts';

export async function factors(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, method: string, rest: string[]) {
  const caller = await requireUser(ctx, req);
  const { user, sessionId, session } = caller;
  if (method === 'POST' && rest.length === 0) {
    const body = await jsonBody(req);
    if (body.factor_type !== 'totp') {
      throw new AuthError(422, body.factor_type === 'phone' ? 'mfa_phone_enroll_not_enabled' : 'validation_failed',
        body.factor_type === 'phone' ? 'MFA enroll is disabled for Phone' : 'factor_type needs to be totp or phone');
    }
    if (!ctx.config.totpEnrollEnabled) throw new AuthError(422, 'mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
    const friendly = typeof body.friendly_name === 'string' ? body.friendly_name : '';
    const { rows: existing } = await ctx.pool.query('select friendly_name, status from auth.mfa_factors where user_id = $1', [user.id]);
    if (friendly && existing.some((f) => f.friendly_name === friendly)) {
      throw new AuthError(422, 'mfa_factor_name_conflict', `A factor with the friendly name "${friendly}" for this user already exists`);
    }
    if (existing.length >= ctx.config.mfaMaxFactors) throw new AuthError(422, 'too_many_enrolled_mfa_factors', 'Maximum number of verified factors reached, unenroll to continue');
    // With a verified factor, only an aal2 session may add another (else a password alone reaches aal2).
    if (existing.some((f) => f.status === 'verified') && session && session.aal !== 'aal2') {
      throw new AuthError(403, 'insufficient_aal', 'AAL2 required to enroll a new factor');
    }
    const issuer = typeof body.issuer === 'string' && body.issuer ? body.issuer : 'devstack';
    const secret = newTotpSecret();
    const id = randomUUID();
    await ctx.pool.query(
      `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
       values ($1, $2, $3, 'totp', 'unverified', now(), now(), $4)`, [id, user.id, friendly, secret]);
    const uri = `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(user.email ?? '')}?issuer=${encodeURIComponent(issuer)}&secret=${secret}`;
    const qr = await QRCode.toString(uri, { type: 'svg' });
    return reply(req, res, 200, { id, type: 'totp', friendly_name: friendly, totp: { qr_code: qr, secret, uri } });
  }
  const factorId = rest[0];
  const { rows } = UUID.test(factorId ?? '')
    ? await ctx.pool.query('select * from auth.mfa_factors where id = $1 and user_id = $2', [factorId, user.id]) : { rows: [] as any[] };
  const factor = rows[0];
  if (!factor) throw new AuthError(404, 'mfa_factor_not_found', 'Factor not found');

  if (method === 'DELETE' && rest.length === 1) {
    if (factor.status === 'verified' && session?.aal !== 'aal2') throw new AuthError(422, 'insufficient_aal', 'AAL2 required to unenroll verified factor');
    await ctx.pool.query('delete from auth.mfa_factors where id = $1', [factor.id]);
    // Sessions that were raised with this factor fall back to aal1.
    await ctx.pool.query(`update auth.sessions set aal = 'aal1', factor_id = null where factor_id = $1`, [factor.id]);
    return reply(req, res, 200, { id: factor.id });
  }
  if (method === 'POST' && rest[1] === 'challenge' && rest.length === 2) {
    await jsonBody(req);
    if (!ctx.config.totpVerifyEnabled) throw new AuthError(422, 'mfa_verification_failed', 'MFA verification is disabled for TOTP');
    const id = randomUUID();
    const ip = clientMeta(req).ip ?? '127.0.0.1';
    await ctx.pool.query(`insert into auth.mfa_challenges (id, factor_id, created_at, ip_address) values ($1, $2, now(), $3::inet)`,
      [id, factor.id, /^[0-9a-f.:]+$/i.test(ip) ? ip : '127.0.0.1']);
    await ctx.pool.query('update auth.mfa_factors set last_challenged_at = now() where id = $1', [factor.id]).catch(() => {});
    return reply(req, res, 200, { id, type: 'totp', expires_at: Math.floor(Date.now() / 1000) + ctx.config.mfaChallengeExpiry });
  }
  if (method === 'POST' && rest[1] === 'verify' && rest.length === 2) {
    const body = await jsonBody(req);
    if (typeof body.challenge_id !== 'string' || !UUID.test(body.challenge_id) || typeof body.code !== 'string') {
      throw new AuthError(400, 'validation_failed', 'challenge_id and code are required');
    }
    if (!sessionId) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    const { rows: challenges } = await ctx.pool.query(
      `select *, extract(epoch from (now() - created_at)) as age from auth.mfa_challenges where id = $1 and factor_id = $2`, [body.challenge_id, factor.id]);
    const challenge = challenges[0];
    if (!challenge) throw new AuthError(404, 'mfa_factor_not_found', 'MFA factor with the provided challenge ID not found');
    if (challenge.verified_at) throw new AuthError(422, 'mfa_challenge_expired', `MFA challenge ${challenge.id} has already been used`);
    if (Number(challenge.age) > ctx.config.mfaChallengeExpiry) {
      await ctx.pool.query('delete from auth.mfa_challenges where id = $1', [challenge.id]);
      throw new AuthError(422, 'mfa_challenge_expired', `MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`);
    }
    const valid = verifyTotp(factor.secret, body.code.trim());
    const hook = ctx.config.hooks.mfaVerificationAttempt;
    if (hook) {
      const out = await callHook(ctx.pool, hook, { factor_id: factor.id, factor_type: 'totp', user_id: user.id, valid, ip: clientMeta(req).ip });
      if (out.decision === 'reject') {
        throw new AuthError(403, 'mfa_verification_rejected', typeof out.message === 'string' && out.message ? out.message : 'Further MFA verification attempts will be rejected.');
      }
    }
    if (!valid) throw new AuthError(422, 'mfa_verification_failed', 'Invalid TOTP code entered');
    const session = await withTx(ctx.pool, async (c) => {
      await c.query('update auth.mfa_challenges set verified_at = now() where id = $1', [challenge.id]);
      await c.query(`update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`, [factor.id]);
      await c.query(`update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1`, [sessionId, factor.id]);
      await addAmr(c, sessionId, 'totp');
      await c.query('update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false', [sessionId]);
      const refresh = await issueRefreshToken(c, user.id, sessionId, null);
      const fresh = (await c.query('select * from auth.users where id = $1', [user.id])).rows[0];
      return sessionResponse(runtime(ctx, req), c, fresh, sessionId, refresh, 'totp');
    });
    return reply(req, res, 200, session);
  }
  throw new AuthError(404, 'not_found', 'Not found');
}

