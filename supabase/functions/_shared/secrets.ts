// Webhook secrets: the platform's from the function env (comma-separated to hold the old and new
// secret while rolling), a tenant merchant account's from Vault through
// public.gateway_webhook_secret(account_id, gateway) when the webhook URL carries ?account=<id>.
import type { Gateway } from './gateways/contract.ts';
import { env, HttpError } from './http.ts';
import { rpc, RpcError, serviceClient } from './supabase.ts';
import { UUID } from './validation.ts';

/** Which gateway, and the function secret that holds the platform's secret(s) (its spec.ts). */
export interface SecretSource { gateway: Gateway; secretEnv: string }

const CACHE_MS = 60_000;
const cache = new Map<string, { secrets: string[]; at: number }>();

/** `old,new` while a secret rolls: every non-blank one. */
const secretList = (value: unknown): string[] => String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function platformSecrets(source: SecretSource): string[] {
  return secretList(env(source.secretEnv));
}

/** The secrets to verify a webhook with, and the merchant account they belong to (null: the platform's). */
export interface WebhookKeys { secrets: string[]; account: string | null }

export async function webhookSecrets(source: SecretSource, url: URL): Promise<WebhookKeys> {
  const { gateway } = source;
  const account = url.searchParams.get('account');
  if (account === null) {
    const secrets = platformSecrets(source);
    if (!secrets.length) throw new HttpError(500, 'not_configured', `${source.secretEnv} is not set`);
    return { secrets, account: null };
  }
  if (!UUID.test(account)) throw new HttpError(401, 'unknown_account', 'account must be a gateway account id');
  const key = `${gateway}:${account.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return { secrets: hit.secrets, account: account.toLowerCase() };
  try {
    const secret = await rpc<string>(serviceClient(), 'gateway_webhook_secret', { account_id: account, gateway });
    const secrets = secretList(secret);
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
