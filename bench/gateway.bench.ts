// The devstack gateway (/rest/v1) against the limit: the same reads through a raw `pg` pool.
// Requests/s for a GET by primary key and a filtered, ordered list, at 1 and 16 concurrent clients.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchHttpClient } from './http-client.ts';
import { benchPool } from './pool.ts';
import { startGateway } from '../devstack/src/gateway/index.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../devstack/src/gateway/keys.ts';
import { size } from './size.ts';

const ROWS = size(20_000, 100);
const DURATION_MS = Number(process.env.GATEWAY_BENCH_MS ?? size(4000, 200));
const WARMUP_MS = size(1500, 100);
const SLICE_MS = size(250, 50);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Op = () => Promise<void>;

/** Requests/s of `op` with `concurrency` workers for `ms` (the workers finish their last request). */
async function rate(concurrency: number, op: Op, ms: number): Promise<{ done: number; elapsed: number }> {
  const started = Date.now();
  const until = started + ms;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) { await op(); done++; }
  }));
  return { done, elapsed: Date.now() - started };
}

/**
 * Requests/s of the gateway and of raw pg, measured in alternating slices so that both see the same
 * machine: on a shared host other processes' load comes and goes, and two back-to-back runs of a few
 * seconds each can differ by 2x for that reason alone.
 */
async function measurePair(concurrency: number, gateway: Op, pg: Op): Promise<[number, number]> {
  await rate(concurrency, gateway, WARMUP_MS);
  await rate(concurrency, pg, WARMUP_MS);
  const totals = [{ done: 0, elapsed: 0 }, { done: 0, elapsed: 0 }];
  for (let spent = 0; spent < DURATION_MS; spent += SLICE_MS) {
    for (const [i, op] of [gateway, pg].entries()) {
      const r = await rate(concurrency, op, SLICE_MS);
      totals[i].done += r.done;
      totals[i].elapsed += r.elapsed;
    }
  }
  return totals.map((t) => Math.round(t.done / (t.elapsed / 1000))) as [number, number];
}

/** The dataset both gateway tools read: a table of `rows` items over 200 tenants, indexed for the filtered list. */
export function gatewayBenchDataSql(rows: number): string {
  return `
    drop schema if exists bench_gw cascade;
    create schema bench_gw;
    grant usage on schema bench_gw to anon, authenticated, service_role;
    create table bench_gw.items (id bigint primary key, tenant_id int not null, status text not null,
      total numeric(14,3) not null, created_at timestamptz not null);
    insert into bench_gw.items select i, i % 200, (array['new','done','void'])[1 + i % 3], (i % 1000) / 7.0,
      now() - i * interval '1 minute' from generate_series(1, ${rows}) i;
    create index on bench_gw.items (tenant_id, status, created_at desc);
    grant select on bench_gw.items to anon, service_role;
    analyze bench_gw.items;`;
}

export default async function bench(db: { url: string }) {
  const admin = benchPool(db.url, 2);
  await admin.query(gatewayBenchDataSql(ROWS));
  await admin.end();

  // In-process: a separate gateway process measured slower here (each extra hop costs syscalls).
  const gateway = await startGateway({
    port: 0, dbUrl: db.url, jwtSecret: DEMO_JWT_SECRET, anonKey: DEMO_ANON_KEY, serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
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
  const raw = benchPool(db.url, 20);
  const randomId = () => 1 + Math.floor(Math.random() * ROWS);
  const randomTenant = () => Math.floor(Math.random() * 200);

  const ops: Record<string, { gateway: Op; pg: Op }> = {
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

  const figures: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  try {
    // Warm every path first (JIT, pooled connections, each backend's catalog caches): the first
    // seconds of a fresh process run several times slower than steady state.
    for (const op of Object.values(ops)) { await rate(16, op.gateway, WARMUP_MS); await rate(16, op.pg, WARMUP_MS); }
    for (const [name, op] of Object.entries(ops)) {
      for (const clients of [1, 16]) {
        const [viaGateway, viaPg] = await measurePair(clients, op.gateway, op.pg);
        figures[`${name}_c${clients}_gateway_rps`] = viaGateway;
        figures[`${name}_c${clients}_pg_rps`] = viaPg;
        ratios[`${name}_c${clients}_gateway_vs_pg`] = Math.round((viaGateway / viaPg) * 100) / 100;
        console.log(`${name} @${clients}: gateway ${viaGateway} req/s, pg ${viaPg} q/s`);
      }
    }
  } finally {
    client.close();
    await raw.end();
    await gateway.close();
  }
  return { figures, ratios, goals: { gateway_vs_pg: '>= 0.5 at 1 and 16 clients' } };
}

// Also runnable on its own against any migrated database: `tsx bench/gateway.bench.ts <db url>`.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.argv[2] ?? process.env.DEVSTACK_DB_URL;
  if (!url) throw new Error('usage: tsx bench/gateway.bench.ts <postgres url>');
  console.log(JSON.stringify(await bench({ url }), null, 2));
}
