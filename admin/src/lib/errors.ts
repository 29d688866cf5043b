// Turns API errors (PostgREST, GoTrue, Refine's wrapped ones) into something to show a person:
// a translated title when we know the stable machine code, the server's message otherwise, and
// the server's hint as the description.

export interface ApiErrorLike {
  code?: string | number;
  message?: string;
  details?: string | null;
  hint?: string | null;
  status?: number;
  statusCode?: number;
  name?: string;
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Machine codes (SQL `detail`) we have translations for, under errors.codes.<code with . → _>. */
export const KNOWN_DETAIL_CODES = [
  'auth.not_signed_in', 'auth.not_staff', 'auth.mfa_required', 'auth.permission_denied',
  'staff.invalid_email', 'staff.unknown_role', 'staff.already_exists', 'staff.reason_required', 'staff.not_found',
  'staff.last_super_admin', 'staff.disabled', 'staff.email_unavailable', 'staff.tenant_account', 'staff.invitation_incomplete',
  'tenant.invalid', 'tenant.invalid_slug', 'tenant.slug_taken', 'tenant.name_required', 'tenant.invalid_region',
  'tenant.invalid_country', 'tenant.invalid_currency', 'tenant.invalid_locale', 'tenant.not_found',
  'tenant.illegal_transition', 'tenant.reason_required', 'tenant.contact_required', 'tenant.retention_not_elapsed',
  'tenant.invalid_trial_days', 'tenant.forbidden', 'tenant.member_is_staff', 'tenant.billing_fields_staff_only', 'tenant.billing_fields_locked',
  'impersonation.staff_only', 'impersonation.invalid_mode', 'impersonation.reason_required',
  'impersonation.invalid_duration', 'impersonation.tenant_unavailable',
  'provisioning.step_not_found', 'provisioning.already_done',
  'audit.invalid_published_head', 'audit.sink_missing',
  'entitlements.limit_reached', 'plans.same_plan', 'plans.downgrade_blocked',
  // input caps, timeouts and order facts (docs/security-oracles-and-limits.md)
  'input.too_long', 'input.too_large', 'input.too_many', 'service.timeout', 'service.busy', 'tenant.unknown_action',
  'order.overpayment', 'order.invalid_payment_amount', 'order.invalid_scan_status',
  'support.forbidden', 'support.unknown_tenant', 'support.invalid_subject', 'support.invalid_body',
  'support.invalid_category', 'support.invalid_priority', 'support.invalid_requester', 'support.rate_limited',
  'support.unknown_ticket', 'support.note_forbidden', 'support.ticket_closed', 'support.invalid_status',
  'support.invalid_transition', 'support.ticket_merged', 'support.reopen_window_passed', 'support.invalid_tag',
  'support.invalid_merge', 'support.invalid_group', 'support.unknown_group', 'support.invalid_member',
  'support.not_in_group', 'support.group_empty', 'support.unknown_calendar', 'support.no_business_time',
  'support.invalid_holiday', 'support.holiday_overlap', 'support.unknown_holiday', 'support.invalid_text',
  'support.invalid_article', 'support.unknown_article', 'support.invalid_search', 'support.invalid_macro',
  'support.unknown_macro', 'support.invalid_error_report', 'support.error_rate_limited', 'support.unknown_error_report',
  'support.invalid_rating', 'support.not_solved', 'support.already_rated', 'support.invalid_period',
] as const;

/** GoTrue error codes we translate, under auth.errors.<code>. */
export const KNOWN_AUTH_CODES = [
  'invalid_credentials', 'mfa_verification_failed', 'mfa_challenge_expired', 'insufficient_aal', 'session_not_found',
  'user_banned', 'over_request_rate_limit', 'validation_failed', 'locked_out',
  'otp_expired', 'weak_password', 'same_password', 'over_email_send_rate_limit', 'reauthentication_needed', 'reauthentication_not_valid',
] as const;

/** SQLSTATEs (without a machine code) shown as a sentence, under errors.sqlstate.<code>. */
export const SQLSTATE_SENTENCES = ['23505', '23503', '23514', '23502', '22001', '22003', '22P02', '40001', '40P01', '57014'] as const;

export const detailKey = (code: string) => `errors.codes.${code.replace(/\./g, '_')}`;

export type ErrorKind = 'auth' | 'forbidden' | 'read_only' | 'conflict' | 'invalid' | 'not_found' | 'network' | 'other';

/** A coarse classification, used for session handling and wording. */
export function classifyError(err: ApiErrorLike | null | undefined): ErrorKind {
  if (!err) return 'other';
  const code = String(err.code ?? '');
  if (['PGRST301', 'PGRST302', 'PGRST303', 'PT401', 'session_not_found', 'bad_jwt'].includes(code)) return 'auth';
  if (err.details === 'auth.not_signed_in' || err.details === 'auth.mfa_required') return 'auth';
  if (code === '42501') return 'read_only';
  if (code === 'PT403' || err.status === 403) return 'forbidden';
  if (code === 'PT409' || code === '23505' || code === '23503') return 'conflict';
  if (code === 'PT404' || code === 'PGRST116') return 'not_found';
  if (code === '22023' || code === '23514' || code === 'P0001') return 'invalid';
  if (err.name === 'TypeError' || /fetch|network/i.test(err.message ?? '')) return 'network';
  return 'other';
}

/** Is the session gone (sign in again)? */
export const isSessionError = (err: ApiErrorLike | null | undefined) => classifyError(err) === 'auth';

export function isLockedOut(err: ApiErrorLike | null | undefined): boolean {
  return /too many failed attempts/i.test(err?.message ?? '');
}

export interface Described { title: string; description?: string }

/**
 * What to show for an error. `context.readOnlyImpersonation` turns a 42501 into the
 * "refused: read-only impersonation" wording.
 */
export function describeError(err: unknown, t: Translate, context: { readOnlyImpersonation?: boolean } = {}): Described {
  const e = (err ?? {}) as ApiErrorLike;
  const code = String(e.code ?? '');
  const hint = e.hint ?? undefined;
  if (isLockedOut(e)) return { title: t('auth.errors.locked_out'), description: e.message };
  // A refused password sign-in reads the same whether the password was wrong or the account is
  // held after failures (so it does not reveal who has an account): say both.
  if (code === 'invalid_credentials') {
    return { title: t('auth.errors.invalid_credentials'), description: t('auth.errors.invalid_credentials_hint') };
  }
  if ((KNOWN_AUTH_CODES as readonly string[]).includes(code)) {
    return { title: t(`auth.errors.${code}`), description: ['validation_failed', 'weak_password'].includes(code) ? e.message : undefined };
  }
  if (code === '42501') {
    // never Postgres' own words ("new row violates row-level security policy …"): a sentence
    return {
      title: t(context.readOnlyImpersonation ? 'errors.refused_read_only' : 'errors.refused_rls'),
      description: t(context.readOnlyImpersonation ? 'errors.refused_read_only_explain' : 'errors.refused_rls_explain'),
    };
  }
  if (e.details && (KNOWN_DETAIL_CODES as readonly string[]).includes(e.details)) {
    const title = t(detailKey(e.details));
    // Messages name specifics (the slug, the status); keep them under the translated title.
    return { title, description: [e.message, hint].filter(Boolean).join(' — ') || undefined };
  }
  const billing = billingErrorCode(err);
  if (billing && t(`billing.errors.${billing}`) !== `billing.errors.${billing}`) {
    return { title: t(`billing.errors.${billing}`), description: [e.message, hint].filter(Boolean).join(' — ') || undefined };
  }
  if (classifyError(e) === 'network') return { title: t('errors.network'), description: e.message };
  // Postgres refusals without a machine code (a constraint, a too-long value …): a sentence per
  // SQLSTATE instead of the database's message
  if ((SQLSTATE_SENTENCES as readonly string[]).includes(code)) {
    return { title: t(`errors.sqlstate.${code}`), description: hint };
  }
  return { title: e.message || t('errors.unknown'), description: hint };
}

/**
 * Billing's stable code: `billing.<code>` in a PostgREST error's `details` (SQL `detail`) or an Edge
 * Function answer's `detail`; translated under billing.errors.<code> (README "Billing error codes").
 */
export function billingErrorCode(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { details?: unknown; detail?: unknown };
  const d = typeof e.details === 'string' ? e.details : typeof e.detail === 'string' ? e.detail : '';
  const m = /^billing\.([a-z_]+)$/.exec(d);
  return m ? m[1] : null;
}
