// DNS rebinding guard: just before connecting, the endpoint's host is resolved and every address it
// answers must be public (the same rule as SQL's private.is_private_host), unless devstack's
// development mode allows private targets. Addresses are checked, then the request goes out.

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified or IPv4-mapped IPv6. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const v6 = ip.toLowerCase().replace(/^\[|\]$/g, '');
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:');
}

export class TargetRefused extends Error {}

export type Resolver = (host: string) => Promise<string[]>;

/** Deno's resolver: every A and AAAA answer (a name with neither is refused). */
export const resolveDns: Resolver = async (host) => {
  const answers = await Promise.allSettled([Deno.resolveDns(host, 'A'), Deno.resolveDns(host, 'AAAA')]);
  return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
};

export async function checkTarget(url: string, allowPrivate: boolean, resolve: Resolver = resolveDns): Promise<void> {
  const u = new URL(url);
  if (u.protocol !== 'https:' && !allowPrivate) throw new TargetRefused('endpoints must use https');
  if (allowPrivate) return;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  const addresses = literal ? [host] : await resolve(host);
  if (!addresses.length) throw new TargetRefused(`${host} does not resolve`);
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw new TargetRefused(`${host} resolves to a private address (${bad})`);
}
