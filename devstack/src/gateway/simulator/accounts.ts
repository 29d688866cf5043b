// Who is calling a simulated gateway. As the real gateways accept only keys they issued, the
// simulators accept only the configured test keys (supabase/functions/.env.local):
//   - the platform account: STRIPE_SECRET_KEY; PAYTABS_SERVER_KEY with PAYTABS_PROFILE_ID;
//     HYPERPAY_ACCESS_TOKEN with HYPERPAY_ENTITY_ID (each key setting may list `old,new` while
//     rolling: both keys are the same account);
//   - further merchant accounts, if any: SIMULATOR_STRIPE_ACCOUNTS=`sk_test_…, …`,
//     SIMULATOR_PAYTABS_ACCOUNTS=`<profile>:<server key>, …`, SIMULATOR_HYPERPAY_ACCOUNTS=`<entity>:<token>, …`.
// Each object remembers the account that created it, so a key never reads, lists or refunds
// another account's payments.

export interface Account {
  id: string;
  keys: string[];
  /** PayTabs profile id / HyperPay entity id the keys belong to (none: not checked). */
  scope?: string;
}

type Gateway = 'stripe' | 'paytabs' | 'hyperpay';

const PLATFORM: Record<Gateway, { keys: string; scope?: string }> = {
  stripe: { keys: 'STRIPE_SECRET_KEY' },
  paytabs: { keys: 'PAYTABS_SERVER_KEY', scope: 'PAYTABS_PROFILE_ID' },
  hyperpay: { keys: 'HYPERPAY_ACCESS_TOKEN', scope: 'HYPERPAY_ENTITY_ID' },
};

/** The accounts a simulated gateway knows, from the functions' settings. */
export function gatewayAccounts(gw: Gateway, settings: Record<string, string | undefined>): Account[] {
  const platform = PLATFORM[gw];
  const scope = platform.scope ? settings[platform.scope]?.trim() || undefined : undefined;
  const accounts: Account[] = [{ id: 'platform', keys: keyList(settings[platform.keys]), scope }];
  for (const entry of keyList(settings[`SIMULATOR_${gw.toUpperCase()}_ACCOUNTS`])) {
    if (gw === 'stripe') { accounts.push({ id: entry, keys: [entry] }); continue; }
    const i = entry.indexOf(':');
    if (i > 0) accounts.push({ id: entry, keys: [entry.slice(i + 1).trim()], scope: entry.slice(0, i).trim() });
  }
  return accounts.filter((a) => a.keys.length > 0);
}

/** The account a key belongs to, or undefined. */
export function accountFor(accounts: Account[], key: string | null | undefined): Account | undefined {
  return key ? accounts.find((a) => a.keys.includes(key)) : undefined;
}

/** The values of a comma-separated setting, trimmed, empty ones dropped. */
export function keyList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Stripe takes the secret key as a Bearer token or as the Basic-auth user name. */
export function stripeKeyFrom(authorization: string | undefined): string | null {
  const header = (authorization ?? '').trim();
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] || null;
  return null;
}

/** How Stripe echoes a refused key: its prefix, stars, and the last four characters. */
export function maskStripeKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

/** Remembers which account created each object, without adding a field to what the API answers. */
export class Ownership {
  private owners = new WeakMap<object, string>();

  own<T extends object>(obj: T, account: string): T {
    this.owners.set(obj, account);
    return obj;
  }

  accountOf(obj: object): string | undefined { return this.owners.get(obj); }

  /** Gives obj the account of `like` (what a checkout page creates belongs to the checkout's account). */
  sameAs<T extends object>(obj: T, like: object): T {
    const account = this.owners.get(like);
    if (account !== undefined) this.owners.set(obj, account);
    return obj;
  }

  /** The object when this account owns it; undefined otherwise (the caller answers "not found"). */
  mine<T extends object>(obj: T | undefined, account: string): T | undefined {
    return obj && this.owners.get(obj) === account ? obj : undefined;
  }
}
