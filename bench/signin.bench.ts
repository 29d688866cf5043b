// Sign-in timing must not tell accounts apart (issue 12 §5): the median time of a wrong-password
// sign-in through /auth/v1 (the project's hooks on) for an HQ staff email, a tenant user's email and
// an email with no account, measured interleaved in one run. Each round comes from its own loopback
// source so no lock or wait changes the path. Ratios near 1 mean the timing says nothing.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPool } from './pool.ts';
import { startGateway } from '../devstack/src/gateway/index.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../devstack/src/gateway/keys.ts';

const ROUNDS = Number(process.env.SIGNIN_BENCH_ROUNDS ?? 60);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function bench(db: { url: string }) {
  const admin = benchPool(db.url, 2);
  // GoTrue's cost (10) for both accounts; the tenant user is a tenant owner.
  await admin.query(`
    with u as (
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', '30000000-0000-4000-a000-000000000001', 'authenticated', 'authenticated',
              'bench-staff@hq.test', extensions.crypt('Right-Pass-1!', extensions.gen_salt('bf', 10)), now(), now(), now()),
             ('00000000-0000-0000-0000-000000000000', '30000000-0000-4000-a000-000000000002', 'authenticated', 'authenticated',
              'bench-owner@laundry.test', extensions.crypt('Right-Pass-1!', extensions.gen_salt('bf', 10)), now(), now(), now())
      returning id)
    select count(*) from u;
    insert into public.platform_staff (user_id, email, role_code, status)
    values ('30000000-0000-4000-a000-000000000001', 'bench-staff@hq.test', 'support', 'active');
    insert into public.tenants (id, slug, name, country, region, timezone, currency, contact, status)
    values ('30000000-0000-4000-b000-000000000001', 'bench-signin', '{"en":"Bench"}', 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', '{"email":"b@example.test"}', 'active');
    insert into public.tenant_members (tenant_id, user_id, role)
    values ('30000000-0000-4000-b000-000000000001', '30000000-0000-4000-a000-000000000002', 'owner');`);
  await admin.end();

  const gateway = await startGateway({
    port: 0, dbUrl: db.url, jwtSecret: DEMO_JWT_SECRET, anonKey: DEMO_ANON_KEY, serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
    projectDir, netWorker: false, authHooks: {
      customAccessToken: { schema: 'private', name: 'hook_custom_access_token' },
      passwordVerificationAttempt: { schema: 'private', name: 'hook_password_verification_attempt' },
      mfaVerificationAttempt: { schema: 'private', name: 'hook_mfa_verification_attempt' },
    },
  });
  const { port } = new URL(gateway.url);
  const signIn = (source: string, email: string) => new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, localAddress: source, method: 'POST', path: '/auth/v1/token?grant_type=password',
      headers: { apikey: DEMO_ANON_KEY, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 400 ? resolve(performance.now() - t0) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ email, password: 'Wrong-Pass-0' }));
  });
  const who = { staff: 'bench-staff@hq.test', tenant: 'bench-owner@laundry.test', unknown: 'bench-nobody@nowhere.test' };
  const times: Record<string, number[]> = { staff: [], tenant: [], unknown: [] };
  try {
    for (let i = 0; i < ROUNDS + 5; i++) {
      const source = `127.3.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      // Rotate the order so none always runs first.
      const order = Object.keys(who).map((_, k, all) => all[(k + i) % all.length]) as (keyof typeof who)[];
      for (const k of order) {
        const ms = await signIn(source, who[k]);
        if (i >= 5) times[k].push(ms); // the first rounds warm caches
      }
    }
  } finally {
    await gateway.close();
  }
  const ms = (k: string) => Math.round(median(times[k]) * 10) / 10;
  const ratio = (a: string, b: string) => Math.round((median(times[a]) / median(times[b])) * 100) / 100;
  return {
    figures: { staff_wrong_password_ms: ms('staff'), tenant_wrong_password_ms: ms('tenant'), unknown_email_ms: ms('unknown'), rounds: ROUNDS },
    ratios: { unknown_vs_staff: ratio('unknown', 'staff'), tenant_vs_staff: ratio('tenant', 'staff') },
    goals: { unknown_vs_staff: 'between 0.9 and 1.1', tenant_vs_staff: 'between 0.9 and 1.1' },
  };
}

// Also runnable on its own against any migrated database: `tsx bench/signin.bench.ts <db url>`.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.argv[2] ?? process.env.DEVSTACK_DB_URL;
  if (!url) throw new Error('usage: tsx bench/signin.bench.ts <postgres url>');
  console.log(JSON.stringify(await bench({ url }), null, 2));
}
