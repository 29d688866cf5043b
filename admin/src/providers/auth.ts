// Auth on supabase-js: password, then TOTP (enrolment on first sign-in), then an aal2 session.
// The login page drives the steps with the helpers below; authProvider.login finishes sign-in
// once the session is aal2 (activates an invited account, loads the staff profile).
import type { AuthProvider } from '@refinedev/core';
import { supabase, rpc } from './supabase';
import { clearProfile, getProfile } from './profile';
import { detailKey, isSessionError, KNOWN_DETAIL_CODES, type ApiErrorLike } from '../lib/errors';

export type PasswordStep =
  | { next: 'verify'; factorId: string }
  | { next: 'enroll' }
  | { next: 'done' };

export interface Enrolment { factorId: string; qrCode: string; secret: string; uri: string }

/** What the session still needs after a password sign-in (or after a reload mid-MFA). */
export async function nextMfaStep(): Promise<PasswordStep> {
  const aal = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
  if (aal.error) throw aal.error;
  if (aal.data.currentLevel === 'aal2') return { next: 'done' };
  const factors = await supabase.auth.mfa.listFactors();
  if (factors.error) throw factors.error;
  const verified = factors.data.totp.find((f) => f.status === 'verified');
  return verified ? { next: 'verify', factorId: verified.id } : { next: 'enroll' };
}

export async function signInWithPassword(email: string, password: string): Promise<PasswordStep> {
  clearProfile();
  const { error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
  if (error) throw error;
  return nextMfaStep();
}

/** Starts TOTP enrolment (dropping half-finished ones, whose names would clash). */
export async function enrollTotp(): Promise<Enrolment> {
  const factors = await supabase.auth.mfa.listFactors();
  for (const f of factors.data?.all ?? []) {
    if (f.status !== 'verified') await supabase.auth.mfa.unenroll({ factorId: f.id });
  }
  const { data, error } = await supabase.auth.mfa.enroll({
    factorType: 'totp', friendlyName: `CleanMateX HQ ${new Date().toISOString().slice(0, 10)}`, issuer: 'CleanMateX HQ',
  });
  if (error) throw error;
  return { factorId: data.id, qrCode: data.totp.qr_code, secret: data.totp.secret, uri: data.totp.uri };
}

export async function verifyTotp(factorId: string, code: string): Promise<void> {
  const { error } = await supabase.auth.mfa.challengeAndVerify({ factorId, code: code.trim() });
  if (error) throw error;
}

/** Where mailed set-password links land (the invitation and "forgot password" share it). */
export const setPasswordUrl = () => `${window.location.origin}/set-password`;

/**
 * Mails a link to set a password (GoTrue's recovery mail, the project's template). New staff get
 * it right after invite_staff; GoTrue answers alike whether or not the address is known.
 */
export async function mailPasswordLink(email: string): Promise<void> {
  const { error } = await supabase.auth.resetPasswordForEmail(email.trim(), { redirectTo: setPasswordUrl() });
  if (error) throw error;
}

/** Sets the password from the session a mailed link opened. */
export async function setNewPassword(password: string): Promise<void> {
  const { error } = await supabase.auth.updateUser({ password });
  if (error) throw error;
}

/** config.toml minimum_password_length = 12 and password_requirements = lower_upper_letters_digits_symbols. */
export function passwordProblem(password: string): 'too_short' | 'needs_classes' | null {
  if (password.length < 12) return 'too_short';
  if (![/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].every((re) => re.test(password))) return 'needs_classes';
  return null;
}

/** SVG data for an <img src>: GoTrue answers either a data URL or raw SVG markup. */
export function qrImageSrc(qr: string): string {
  if (qr.startsWith('data:')) return qr;
  return `data:image/svg+xml;utf8,${encodeURIComponent(qr)}`;
}

export const authProvider: AuthProvider = {
  // Called by the login page once MFA is verified.
  login: async () => {
    try {
      const step = await nextMfaStep();
      if (step.next !== 'done') {
        return { success: false, error: { name: 'mfa', message: 'auth.errors.insufficient_aal' } };
      }
      await rpc('activate_my_staff_account');
      clearProfile();
      const profile = await getProfile();
      if (!profile || profile.status !== 'active') {
        await supabase.auth.signOut({ scope: 'local' });
        return { success: false, error: { name: 'staff', message: 'auth.errors.not_staff' } };
      }
      return { success: true, redirectTo: '/' };
    } catch (e) {
      const err = e as ApiErrorLike;
      // The login page translates `message`: a known code (e.g. staff.invitation_incomplete) by its key.
      const known = err.details && (KNOWN_DETAIL_CODES as readonly string[]).includes(err.details);
      return { success: false, error: { name: String(err.code ?? 'error'), message: known ? detailKey(err.details!) : err.message ?? String(e) } };
    }
  },
  logout: async () => {
    clearProfile();
    await supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
    return { success: true, redirectTo: '/login' };
  },
  check: async () => {
    const { data } = await supabase.auth.getSession();
    if (!data.session) return { authenticated: false, redirectTo: '/login' };
    const aal = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
    if (aal.data?.currentLevel !== 'aal2') return { authenticated: false, redirectTo: '/login' };
    try {
      const profile = await getProfile();
      if (!profile || profile.status !== 'active') {
        await supabase.auth.signOut({ scope: 'local' });
        return { authenticated: false, logout: true, redirectTo: '/login' };
      }
    } catch (e) {
      if (isSessionError(e as ApiErrorLike)) {
        await supabase.auth.signOut({ scope: 'local' });
        return { authenticated: false, logout: true, redirectTo: '/login' };
      }
      throw e;
    }
    return { authenticated: true };
  },
  getPermissions: async () => (await getProfile().catch(() => null))?.permissions ?? [],
  getIdentity: async () => {
    const p = await getProfile().catch(() => null);
    return p ? { id: p.user_id, name: p.display_name ?? p.email, email: p.email, role: p.role } : null;
  },
  onError: async (error) => {
    if (isSessionError(error as ApiErrorLike)) {
      clearProfile();
      return { logout: true, redirectTo: '/login', error };
    }
    return { error };
  },
};
