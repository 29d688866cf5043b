// Webhook secrets: the platform's from the function env (comma-separated to hold the old and new
// secret while rolling), a tenant merchant account's from Vault through
// public.gateway_webhook_secret(account_id, gateway) when the webhook URL carries ?account=<id>.
import type { Gateway } from './events.ts';
import { env, HttpError } from './http.ts';
import { rpc, RpcError, serviceClient } from './supabase.ts';

export const SECRET_ENV: Record<Gateway, string> = {
  stripe: 'STRIPE_WEBHOOK_SECRET',
  paytabs: 'PAYTABS_SERVER_KEY',
  hyperpay: 'HYPERPAY_WEBHOOK_SECRET',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CACHE_MS = 60_000;
const cache = new Map<string, { secrets: string[]; at: number }>();

export function platformSecrets(gateway: Gateway): string[] {
  return (env(SECRET_ENV[gateway]) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The secrets to verify a webhook with, and the merchant account they belong to (null: the platform's). */
export interface WebhookKeys { secrets: string[]; account: string | null }

export async function webhookSecrets(gateway: Gateway, url: URL): Promise<WebhookKeys> {
  const account = url.searchParams.get('account');
  if (account === null) {
    const secrets = platformSecrets(gateway);
    if (!secrets.length) throw new HttpError(500, 'not_configured', `${SECRET_ENV[gateway]} is not set`);
    return { secrets, account: null };
  }
  if (!UUID.test(account)) throw new HttpError(401, 'unknown_account', 'account must be a gateway account id');
  const key = `${gateway}:${account.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return { secrets: hit.secrets, account: account.toLowerCase() };
  try {
    const secret = await rpc<string>(serviceClient(), 'gateway_webhook_secret', { account_id: account, gateway });
    const secrets = String(secret ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!secrets.length) throw new HttpError(401, 'unknown_account', 'the merchant account has no secret');
    cache.set(key, { secrets, at: Date.now() });
    return { secrets, account: account.toLowerCase() };
  } catch (err) {
    if (err instanceof RpcError && err.failure.status < 500) {
      throw new HttpError(401, 'unknown_account', 'no active merchant account with that id for this gateway');
    }
    throw err;
  }
}
