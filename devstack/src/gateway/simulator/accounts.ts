// Who is calling a simulated gateway: the configured test keys (supabase/functions/.env.local, a
// comma-separated list for more than one account) are the only credentials accepted, as the real
// gateways accept only keys they issued, and each object remembers the account that created it so
// one key never reads, lists or refunds another account's payments.

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
