// Heavy calls cannot starve everyone (issue 12 §4): a simple GET's latency through /rest/v1 on an
// idle stack, then while 22 clients run maximum-size calls back to back (the largest override patch
// a tenant owner may send, and the largest workflow definition HQ may validate). Figures are
// milliseconds; ratios compare the GET under load with the same GET on the idle stack.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startGateway } from '../devstack/src/gateway/index.ts';
import { signJwt } from '../devstack/src/gateway/jwt.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../devstack/src/gateway/keys.ts';

const HEAVY_CLIENTS = 22;
const LOAD_MS = Number(process.env.STARVATION_BENCH_MS ?? 6000);
const IDLE_GETS = 40;
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Seeded: Al Noor (active, workflows provisioned), its owner, and the tech admin (workflows.read).
const ALNOOR = '10000000-0000-4000-a000-000000000001';
const ALNOOR_OWNER = '20000000-0000-4000-a000-000000000001';
const TECH_ADMIN = '00000000-0000-4000-a000-000000000002';

function token(sub: string, aal: 'aal1' | 'aal2', role = 'authenticated') {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ sub, role, aud: 'authenticated', aal, iat: now, exp: now + 3600,
    amr: [{ method: 'password', timestamp: now }], session_id: crypto.randomUUID() }, DEMO_JWT_SECRET);
}

// The largest patch that passes the caps and still yields a valid workflow: 100 added stages, each
// reached from intake and leaving to cancelled (200 added transitions), SLAs on every stage.
function maxPatch() {
  const codes = Array.from({ length: 100 }, (_, i) => `extra_${i + 1}`);
  return {
    add_stages: codes.map((code, i) => ({ code, kind: 'normal', sla_minutes: 30 + i,
      name: { en: `Extra step ${i + 1}`, ar: `خطوة إضافية ${i + 1}` } })),
    add_transitions: codes.flatMap((code) => [
      { from: 'intake', to: code, roles: ['owner', 'admin', 'operator'], label: { en: `To ${code}` } },
      { from: code, to: 'cancelled', roles: ['owner', 'admin'], guards: ['requires_note'], label: { en: 'Cancel' } },
    ]),
    sla: Object.fromEntries(['intake', 'tagging', 'washing', 'ironing', 'ready'].map((s) => [s, 120])),
  };
}

// The largest definition validate_workflow accepts: 200 stages and 2000 transitions.
function maxDefinition() {
  const n = 200;
  const stages = Array.from({ length: n }, (_, i) => ({ code: `s${i + 1}`, kind: i === 0 ? 'start' : i === n - 1 ? 'terminal' : 'normal',
    name: { en: `Stage ${i + 1}`, ar: `مرحلة ${i + 1}` }, sla_minutes: 60 }));
  const transitions = [];
  for (let i = 1; i < n; i++) transitions.push({ from: `s${i}`, to: `s${i + 1}`, roles: ['owner', 'operator'], guards: ['requires_note'] });
  for (let g = 0; transitions.length < 2000; g++) {
    transitions.push({ from: `s${1 + Math.floor(g / 10)}`, to: `s${3 + Math.floor(g / 10) + (g % 10)}`, roles: ['owner'], label: { en: `Shortcut ${g}` } });
  }
  return { stages, transitions };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

export default async function bench(db: { url: string }) {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const tpl = (await admin.query(`select id from public.workflow_templates where code = 'wash_iron'`)).rows[0].id as string;
  await admin.end();
  const gateway = await startGateway({
    port: 0, dbUrl: db.url, jwtSecret: DEMO_JWT_SECRET, anonKey: DEMO_ANON_KEY, serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
    projectDir, authHooks: {}, netWorker: false,
  });
  const { port } = new URL(gateway.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const owner = token(ALNOOR_OWNER, 'aal1');
  const tech = token(TECH_ADMIN, 'aal2', 'hq_staff');  // HQ staff's role, as the access token hook sets it
  const request = (method: string, p: string, bearer: string, body?: unknown) => new Promise<{ status: number; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, path: p, method, agent, headers: {
      apikey: DEMO_ANON_KEY, Authorization: `Bearer ${bearer}`,
      ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(payload);
  });
  // The simple GET everyone makes: the tenant's own row.
  const simpleGet = () => request('GET', `/rest/v1/tenants?select=id,slug,status&id=eq.${ALNOOR}`, owner);

  const getLatencies = async (until: () => boolean, min: number) => {
    const ms: number[] = [];
    while (ms.length < min || !until()) {
      const r = await simpleGet();
      if (r.status !== 200) throw new Error(`simple GET answered ${r.status}`);
      ms.push(r.ms);
    }
    return ms;
  };

  // One scenario: HEAVY_CLIENTS clients send the heavy call back to back for LOAD_MS while one
  // client measures the simple GET.
  const underLoad = async (heavy: () => Promise<{ status: number; ms: number }>) => {
    const statuses: Record<string, number> = {};
    const heavyMs: number[] = [];
    let stop = false;
    const clients = Array.from({ length: HEAVY_CLIENTS }, async () => {
      while (!stop) {
        const r = await heavy();
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        heavyMs.push(r.ms);
      }
    });
    await new Promise((r) => setTimeout(r, 300)); // let every client have a call in flight
    const until = Date.now() + LOAD_MS;
    const gets = await getLatencies(() => Date.now() >= until, 10);
    stop = true;
    await Promise.all(clients);
    return { gets, statuses, heavyMs };
  };

  try {
    // warm up, then the idle baseline
    for (let i = 0; i < 10; i++) await simpleGet();
    const idle = await getLatencies(() => true, IDLE_GETS);

    const patch = maxPatch();
    const definition = maxDefinition();
    const first = await request('POST', '/rest/v1/rpc/set_tenant_workflow_override', owner, { tenant_id: ALNOOR, template_id: tpl, patch });
    if (first.status !== 200) throw new Error(`the maximum override patch was refused: HTTP ${first.status}`);
    const override = await underLoad(() => request('POST', '/rest/v1/rpc/set_tenant_workflow_override', owner,
      { tenant_id: ALNOOR, template_id: tpl, patch }));
    const validate = await underLoad(() => request('POST', '/rest/v1/rpc/validate_workflow', tech, { definition }));

    const idleMedian = pct(idle, 0.5);
    const idleP95 = pct(idle, 0.95);
    const figures = {
      idle_get_median_ms: r1(idleMedian),
      idle_get_p95_ms: r1(idleP95),
      override_load_get_median_ms: r1(pct(override.gets, 0.5)),
      override_load_get_p95_ms: r1(pct(override.gets, 0.95)),
      override_load_get_max_ms: r1(Math.max(...override.gets)),
      override_call_median_ms: r1(pct(override.heavyMs, 0.5)),
      override_calls: override.heavyMs.length,
      override_calls_200: override.statuses['200'] ?? 0,
      override_calls_503: override.statuses['503'] ?? 0,
      override_calls_500: override.statuses['500'] ?? 0,
      validate_load_get_median_ms: r1(pct(validate.gets, 0.5)),
      validate_load_get_p95_ms: r1(pct(validate.gets, 0.95)),
      validate_load_get_max_ms: r1(Math.max(...validate.gets)),
      validate_call_median_ms: r1(pct(validate.heavyMs, 0.5)),
      validate_calls: validate.heavyMs.length,
      validate_calls_200: validate.statuses['200'] ?? 0,
      validate_calls_503: validate.statuses['503'] ?? 0,
      validate_calls_500: validate.statuses['500'] ?? 0,
      // the machine's 1-minute load when the run ended: other work on the same cores inflates every figure
      load_average_1m: r2(os.loadavg()[0]),
      patch_bytes: JSON.stringify(patch).length,
      definition_bytes: JSON.stringify(definition).length,
    };
    const ratios = {
      get_median_under_override_load_vs_idle: r2(pct(override.gets, 0.5) / idleMedian),
      get_p95_under_override_load_vs_idle: r2(pct(override.gets, 0.95) / idleP95),
      get_median_under_validate_load_vs_idle: r2(pct(validate.gets, 0.5) / idleMedian),
      get_p95_under_validate_load_vs_idle: r2(pct(validate.gets, 0.95) / idleP95),
    };
    const goals = {
      'simple GET under 22 concurrent maximum-size calls answers in under 1 s (max)': Math.max(...override.gets, ...validate.gets) < 1000,
      'no heavy call answers 500': (override.statuses['500'] ?? 0) + (validate.statuses['500'] ?? 0) === 0,
    };
    return { figures, ratios, goals };
  } finally {
    agent.destroy();
    await gateway.close();
  }
}

