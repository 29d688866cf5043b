// Reads the parts of supabase/config.toml the gateway honours; everything else keeps Supabase's defaults.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';

export interface HookConfig { schema: string; name: string }
export interface AuthHooks {
  customAccessToken?: HookConfig;
  passwordVerificationAttempt?: HookConfig;
  mfaVerificationAttempt?: HookConfig;
}

export interface GatewayConfig {
  schemas: string[];
  extraSearchPath: string[];
  maxRows: number | null;
  jwtExpiry: number;
  refreshTokenRotation: boolean;
  refreshTokenReuseInterval: number;
  mfaChallengeExpiry: number;
  mfaMaxFactors: number;
  totpEnrollEnabled: boolean;
  totpVerifyEnabled: boolean;
  minPasswordLength: number;
  passwordRequirements: string;
  enableSignup: boolean;
  /** [auth] site_url and additional_redirect_urls: where mail links may send the browser. */
  siteUrl: string;
  additionalRedirectUrls: string[];
  /** [auth.email] enable_confirmations = false means sign-ups are confirmed at once (mailer_autoconfirm). */
  mailerAutoconfirm: boolean;
  doubleConfirmChanges: boolean;
  securePasswordChange: boolean;
  otpLength: number;
  /** seconds a mailed link or code stays valid */
  otpExpiry: number;
  /** seconds between two mails of one kind to one user */
  emailMaxFrequency: number;
  /** [auth.email.template.<kind>]: subject and content_path (read relative to the project). */
  templates: Record<string, { subject?: string; contentPath?: string }>;
  /** [auth.rate_limit]: per IP per 5 minutes, except emailSent (per hour, for the whole instance). */
  rateLimit: { emailSent: number | null; tokenRefresh: number; signInSignUps: number; tokenVerifications: number };
  /** Where auth mail goes (devstack's mail catcher) and who it is from ([inbucket] admin_email, sender_name). */
  smtp: { host: string; port: number; adminEmail: string; senderName: string } | null;
  hooks: AuthHooks;
  functionsVerifyJwt: Record<string, boolean>;
}

/** `pg-functions://postgres/<schema>/<function>` → schema and function name. */
export function parseHookUri(uri: unknown): HookConfig | undefined {
  if (typeof uri !== 'string') return undefined;
  const m = /^pg-functions:\/\/[^/]+\/([^/]+)\/([^/]+)$/.exec(uri);
  return m ? { schema: m[1], name: m[2] } : undefined;
}

/** Go duration strings config.toml uses ("1s", "1m30s", "60s") in seconds. */
export function durationSeconds(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
  if (!m || !value.trim()) return fallback;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export function loadConfig(projectDir: string): GatewayConfig {
  const path = join(projectDir, 'supabase', 'config.toml');
  const toml: any = existsSync(path) ? parse(readFileSync(path, 'utf8')) : {};
  const api = toml.api ?? {};
  const auth = toml.auth ?? {};
  const hookSection = auth.hook ?? {};
  const hook = (key: string) =>
    hookSection[key]?.enabled ? parseHookUri(hookSection[key].uri) : undefined;
  const functionsVerifyJwt: Record<string, boolean> = {};
  for (const [name, section] of Object.entries<any>(toml.functions ?? {})) {
    if (section && typeof section.verify_jwt === 'boolean') functionsVerifyJwt[name] = section.verify_jwt;
  }
  return {
    schemas: Array.isArray(api.schemas) ? api.schemas : ['public', 'graphql_public'],
    extraSearchPath: Array.isArray(api.extra_search_path) ? api.extra_search_path : ['public', 'extensions'],
    maxRows: typeof api.max_rows === 'number' ? api.max_rows : null,
    jwtExpiry: typeof auth.jwt_expiry === 'number' ? auth.jwt_expiry : 3600,
    refreshTokenRotation: auth.enable_refresh_token_rotation !== false,
    refreshTokenReuseInterval: typeof auth.refresh_token_reuse_interval === 'number' ? auth.refresh_token_reuse_interval : 10,
    mfaChallengeExpiry: typeof auth.mfa?.challenge_expiry_duration === 'number' ? auth.mfa.challenge_expiry_duration : 300,
    mfaMaxFactors: typeof auth.mfa?.max_enrolled_factors === 'number' ? auth.mfa.max_enrolled_factors : 10,
    totpEnrollEnabled: auth.mfa?.totp?.enroll_enabled !== false,
    totpVerifyEnabled: auth.mfa?.totp?.verify_enabled !== false,
    minPasswordLength: typeof auth.minimum_password_length === 'number' ? auth.minimum_password_length : 6,
    passwordRequirements: typeof auth.password_requirements === 'string' ? auth.password_requirements : '',
    enableSignup: auth.enable_signup !== false && auth.email?.enable_signup !== false,
    siteUrl: typeof auth.site_url === 'string' ? auth.site_url : 'http://127.0.0.1:3000',
    additionalRedirectUrls: Array.isArray(auth.additional_redirect_urls) ? auth.additional_redirect_urls : [],
    mailerAutoconfirm: auth.email?.enable_confirmations !== true,
    doubleConfirmChanges: auth.email?.double_confirm_changes !== false,
    securePasswordChange: auth.email?.secure_password_change === true,
    otpLength: typeof auth.email?.otp_length === 'number' ? auth.email.otp_length : 6,
    otpExpiry: typeof auth.email?.otp_expiry === 'number' ? auth.email.otp_expiry : 3600,
    emailMaxFrequency: durationSeconds(auth.email?.max_frequency, 1),
    templates: Object.fromEntries(Object.entries<any>(auth.email?.template ?? {}).map(([kind, t]) => [kind, {
      subject: typeof t?.subject === 'string' ? t.subject : undefined,
      contentPath: typeof t?.content_path === 'string' ? join(projectDir, t.content_path) : undefined,
    }])),
    // Supabase CLI's defaults; the email limit applies only when config.toml sets it.
    rateLimit: {
      emailSent: typeof auth.rate_limit?.email_sent === 'number' ? auth.rate_limit.email_sent : null,
      tokenRefresh: typeof auth.rate_limit?.token_refresh === 'number' ? auth.rate_limit.token_refresh : 150,
      signInSignUps: typeof auth.rate_limit?.sign_in_sign_ups === 'number' ? auth.rate_limit.sign_in_sign_ups : 30,
      tokenVerifications: typeof auth.rate_limit?.token_verifications === 'number' ? auth.rate_limit.token_verifications : 30,
    },
    smtp: null,
    hooks: {
      customAccessToken: hook('custom_access_token'),
      passwordVerificationAttempt: hook('password_verification_attempt'),
      mfaVerificationAttempt: hook('mfa_verification_attempt'),
    },
    functionsVerifyJwt,
  };
}

/** The From of auth mail: [inbucket] admin_email and sender_name (the Supabase CLI's defaults otherwise). */
export function senderFromConfig(projectDir: string): { adminEmail: string; senderName: string } {
  const path = join(projectDir, 'supabase', 'config.toml');
  const toml: any = existsSync(path) ? parse(readFileSync(path, 'utf8')) : {};
  const box = toml.inbucket ?? toml.local_smtp ?? {};
  return {
    adminEmail: typeof box.admin_email === 'string' ? box.admin_email : 'admin@email.com',
    senderName: typeof box.sender_name === 'string' ? box.sender_name : 'Admin',
  };
}
