// The scrape token check: constant time, whatever the lengths (both sides are hashed first, so the
// comparison never stops early and never reveals the expected token's length).
const encoder = new TextEncoder();

async function digest(s: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
}

/** Whether `Authorization: Bearer <token>` carries `expected`. No expected token: nobody passes. */
export async function bearerMatches(authorization: string | null, expected: string | undefined): Promise<boolean> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const given = m?.[1] ?? '';
  const [a, b] = await Promise.all([digest(given), digest(expected ?? '')]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0 && given !== '' && !!expected;
}
