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
  hooks: AuthHooks;
  functionsVerifyJwt: Record<string, boolean>;
}

/** `pg-functions://postgres/<schema>/<function>` → schema and function name. */
export function parseHookUri(uri: unknown): HookConfig | undefined {
  if (typeof uri !== 'string') return undefined;
  const m = /^pg-functions:\/\/[^/]+\/([^/]+)\/([^/]+)$/.exec(uri);
  return m ? { schema: m[1], name: m[2] } : undefined;
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
    hooks: {
      customAccessToken: hook('custom_access_token'),
      passwordVerificationAttempt: hook('password_verification_attempt'),
      mfaVerificationAttempt: hook('mfa_verification_attempt'),
    },
    functionsVerifyJwt,
  };
}
