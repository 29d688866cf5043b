// CPU time per request, the load-independent figure behind bench/gateway.bench.ts: on a shared host
// requests/s follow whatever else runs, CPU time per request does not (much). For GET by key and the
// filtered list, through the gateway and over a raw pool: the Node process's CPU (client and gateway,
// as in the bench) and the database backends' CPU (from /proc, so Linux only), per request.
// `tsx bench/gateway-cost.ts <db url> [requests]` against a migrated cluster (e.g. `npx devstack up`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BenchHttpClient } from './http-client.ts';
import { gatewayBenchDataSql } from './gateway.bench.ts';
import { startGateway } from '../devstack/src/gateway/index.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../devstack/src/gateway/keys.ts';

const ROWS = 20_000;
const CLIENTS = 16;
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TICK_US = 1e6 / 100; // USER_HZ

/** utime + stime of every child of the postmaster (the backends), in µs. */
function backendsCpu(postmaster: number): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== postmaster) continue;
      total += (Number(fields[11]) + Number(fields[12])) * TICK_US;
    } catch { /* gone */ }
  }
  return total;
}

async function cost(n: number, op: () => Promise<void>, postmaster: number) {
  let left = n;
  const cpu0 = process.cpuUsage();
  const db0 = backendsCpu(postmaster);
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => { while (left-- > 0) await op(); }));
  const cpu = process.cpuUsage(cpu0);
  const ms = Date.now() - t0;
  return { node: Math.round((cpu.user + cpu.system) / n), db: Math.round((backendsCpu(postmaster) - db0) / n), rps: Math.round(n / (ms / 1000)) };
}

const url = process.argv[2] ?? process.env.DEVSTACK_DB_URL;
if (!url) throw new Error('usage: tsx bench/gateway-cost.ts <postgres url> [requests]');
const N = Number(process.argv[3] ?? 20_000);
const only = process.argv[4]; // one of ops' names
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const postmaster = Number((await admin.query(`select pg_postmaster_start_time(), (select pid from pg_stat_activity where backend_type = 'checkpointer') as c`)).rows[0].c);
const ppid = Number(fs.readFileSync(`/proc/${postmaster}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
await admin.query(gatewayBenchDataSql(ROWS));
await admin.end();

const gateway = await startGateway({
  port: 0, dbUrl: url, jwtSecret: DEMO_JWT_SECRET, anonKey: DEMO_ANON_KEY, serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
  projectDir, extraSchemas: ['bench_gw'], authHooks: {}, netWorker: false,
});
const { port } = new URL(gateway.url);
// One keep-alive connection per concurrent client, through a lean client (bench/http-client.ts).
const client = await BenchHttpClient.open(Number(port), 16, {
  apikey: DEMO_ANON_KEY, Authorization: `Bearer ${DEMO_ANON_KEY}`, 'Accept-Profile': 'bench_gw' });
const get = async (pathAndQuery: string) => {
  const res = await client.get(pathAndQuery);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
  JSON.parse(res.body.toString());
};
const raw = new pg.Pool({ connectionString: url, max: 20 });
const randomId = () => 1 + Math.floor(Math.random() * ROWS);
const randomTenant = () => Math.floor(Math.random() * 200);
const ops = {
  get_by_pk: {
    gateway: () => get(`/rest/v1/items?id=eq.${randomId()}&select=*`),
    pg: async () => { await raw.query('select * from bench_gw.items where id = $1', [randomId()]); },
  },
  filtered_list: {
    gateway: () => get(`/rest/v1/items?select=id,status,total,created_at&tenant_id=eq.${randomTenant()}&status=eq.new&order=created_at.desc&limit=20`),
    pg: async () => {
      await raw.query('select id, status, total, created_at from bench_gw.items where tenant_id = $1 and status = $2 order by created_at desc limit 20',
        [randomTenant(), 'new']);
    },
  },
};
try {
  for (const op of Object.values(ops)) { await cost(N / 4, op.gateway, ppid); await cost(N / 4, op.pg, ppid); }
  for (const [name, op] of Object.entries(ops)) {
    if (only && name !== only) continue;
    const g = await cost(N, op.gateway, ppid);
    const p = await cost(N, op.pg, ppid);
    console.log(`${name.padEnd(14)} µs/request  gateway: node ${g.node} + db ${g.db} = ${g.node + g.db} (${g.rps}/s)   pg: node ${p.node} + db ${p.db} = ${p.node + p.db} (${p.rps}/s)   cost ratio ${((p.node + p.db) / (g.node + g.db)).toFixed(2)}`);
  }
} finally {
  client.close();
  await raw.end();
  await gateway.close();
}
