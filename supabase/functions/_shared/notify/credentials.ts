// Provider credentials from Vault (public.notification_credentials, service role only): the Vault
// secret notifications.<provider> is a JSON object of settings keyed by their env names. Loaded per
// provider, kept NOTIFY_CREDENTIALS_TTL_MS (60 s) per function instance so a rotation in Vault is
// picked up within a minute without one more database call per message; while a send or a
// receipt check runs, contract.ts's setting() / required() read them first and the env after.
import { env } from '../http.ts';
import { rpc, serviceClient } from '../supabase.ts';
import { credentialScope, type Provider } from './contract.ts';

type Settings = Record<string, string>;
const cache = new Map<Provider, { at: number; settings: Settings }>();

function ttlMs(): number {
  const v = Number(env('NOTIFY_CREDENTIALS_TTL_MS', '60000'));
  return Number.isFinite(v) && v >= 0 ? v : 60000;
}

/** The provider's settings held in Vault ({} when none: every setting then comes from the env). */
export async function providerCredentials(provider: Provider, now = Date.now()): Promise<Settings> {
  const hit = cache.get(provider);
  if (hit && now - hit.at < ttlMs()) return hit.settings;
  const settings = (await rpc<Settings | null>(serviceClient(), 'notification_credentials', { p_provider: provider })) ?? {};
  cache.set(provider, { at: now, settings });
  return settings;
}

/** Runs fn with the provider's Vault credentials in force (see contract.ts credentialScope). */
export async function withCredentials<T>(provider: Provider, fn: () => Promise<T>): Promise<T> {
  const settings = await providerCredentials(provider);
  return credentialScope.run(settings, fn);
}

/** Forgets what was loaded (tests). */
export function forgetCredentials() { cache.clear(); }
