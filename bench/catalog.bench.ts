// Catalog registry costs (C9). (1) Publishing a 600-entry release to 10,000 tenants: the time from
// publish until every tenant runs it (publish, then the catalog_sync jobs drained by the
// dispatcher), against one set-based INSERT of the rows a per-tenant copy of the catalog would
// write (600 × 10,000) in the same run. (2) A tenant user reading its effective catalog through the
// tenant_catalog_entries view (release entries + its shadow labels, RLS) against a plain select of the same
// release rows by the same user.
import pg from 'pg';
import { size } from './size.ts';

const TENANTS = size(10_000, 20);
const ENTRIES = size(600, 120);
const READS = size(300, 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function run(db: { url: string }) {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const r2 = (x: number) => Math.round(x * 100) / 100;
  try {
    // ── fixtures: a draft of ENTRIES entries, tenants running the current release, some labels ──
    const have = Number((await c.query(`select count(*) from public.catalog_entries`)).rows[0].count);
    await c.query(`insert into public.catalog_entries (family, code, name, sort_order)
                   select 'fabrics', 'BENCH_' || g, jsonb_build_object('en', 'Bench fabric ' || g, 'ar', 'قماش ' || g), 1000 + g
                   from generate_series(1, ${Math.max(ENTRIES - have, 0)}) g`);
    await c.query(`select public.publish_catalog_release('bench base')`);
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status)
                   select 'cat-' || g, jsonb_build_object('en', 'Catalog bench ' || g), 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'active'
                   from generate_series(1, ${TENANTS}) g`);
    await c.query(`select private.provision_catalog(id) from public.tenants where slug like 'cat-%'`);
    await c.query(`insert into public.tenant_catalog_overrides (tenant_id, family, code, label, base_hash)
                   select t.id, r.family, r.code, jsonb_build_object('en', 'Label ' || r.code), r.entry_hash
                   from public.tenants t join public.tenant_catalog_state s on s.tenant_id = t.id
                   join public.catalog_release_entries r on r.release_no = s.release_no and r.family = 'fabrics' and r.code in ('BENCH_1', 'BENCH_2', 'BENCH_3')
                   where t.slug like 'cat-%'`);
    await c.query(`update public.catalog_entries set sort_order = sort_order + 1 where code like 'BENCH_%'`);
    await c.query('analyze');
    const entries = Number((await c.query(`select count(*) from private.catalog_draft_rows((select max(release_no) from public.catalog_releases))`)).rows[0].count);

    // ── (1) publish → every tenant on the new release ──
    const t0 = performance.now();
    const published = (await c.query(`select public.publish_catalog_release('bench release') as r`)).rows[0].r;
    const tPublish = performance.now() - t0;
    // Drain the queue (pg_cron's dispatcher may take some jobs meanwhile: wait for the tenants, not the queue).
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      const ran = Number((await c.query(`select private.dispatch('catalog_sync') as n`)).rows[0].n);
      const pending = Number((await c.query(`select count(*) from public.tenant_catalog_state s join public.tenants t on t.id = s.tenant_id
                                             where t.slug like 'cat-%' and s.release_no <> $1`, [published.release_no])).rows[0].count);
      if (pending === 0) break;
      if (ran === 0) await new Promise((r) => setTimeout(r, 200));
    }
    const tAll = performance.now() - t0;
    const behind = Number((await c.query(`select count(*) from public.tenant_catalog_state s join public.tenants t on t.id = s.tenant_id
                                          where t.slug like 'cat-%' and s.release_no <> $1`, [published.release_no])).rows[0].count);
    // Baseline: one set-based INSERT of a per-tenant copy of the release.
    await c.query(`create table bench_catalog_copy (tenant_id uuid, family text, code text, name jsonb, sort_order int, primary key (tenant_id, family, code))`);
    const t1 = performance.now();
    await c.query(`insert into bench_catalog_copy select t.id, r.family, r.code, r.name, r.sort_order
                   from public.tenants t cross join public.catalog_release_entries r
                   where t.slug like 'cat-%' and r.release_no = $1`, [published.release_no]);
    const tCopy = performance.now() - t1;
    await c.query('drop table bench_catalog_copy');

    // ── (2) a tenant user's effective catalog vs a plain select of the same rows ──
    const tenant = (await c.query(`select id from public.tenants where slug = 'cat-1'`)).rows[0].id as string;
    const user = (await c.query(`insert into auth.users (instance_id, id, aud, role, email) values
                   ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', 'bench-catalog@cat-1.test')
                   returning id`)).rows[0].id as string;
    await c.query(`insert into public.tenant_members (tenant_id, user_id, role) values ($1, $2, 'owner')`, [tenant, user]);
    const claims = JSON.stringify({ sub: user, role: 'authenticated', aal: 'aal1' });
    const asUser = async (sql: string, params: unknown[]) => {
      await c.query('begin');
      await c.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [claims]);
      const t = performance.now();
      const res = await c.query(sql, params);
      const ms = performance.now() - t;
      await c.query('commit');
      return { ms, rows: res.rowCount ?? 0 };
    };
    const effective: number[] = []; const plain: number[] = [];
    let rows = 0;
    for (let i = 0; i < READS; i++) {
      const a = await asUser(`select * from public.tenant_catalog_entries e where e.tenant_id = $1 order by e.family, e.sort_order, e.code`, [tenant]);
      const b = await asUser(`select r.* from public.catalog_release_entries r where r.release_no = $1 order by r.family, r.sort_order, r.code`,
        [published.release_no]);
      if (i > 2) { effective.push(a.ms); plain.push(b.ms); }
      rows = a.rows;
    }
    return {
      figures: {
        tenants: TENANTS, entries, publish_ms: Math.round(tPublish), publish_to_all_tenants_s: r2(tAll / 1000),
        tenants_behind: behind, per_tenant_copy_insert_s: r2(tCopy / 1000), effective_rows: rows,
        effective_read_median_ms: r2(median(effective)), plain_read_median_ms: r2(median(plain)),
      },
      ratios: { publish_to_all_vs_set_based_copy: r2(tAll / tCopy), effective_read_vs_plain_select: r2(median(effective) / median(plain)) },
      goals: { every_tenant_on_the_release: behind === 0, under_2_minutes: tAll < 120_000, effective_read_within_2x: median(effective) / median(plain) <= 2 },
    };
  } finally {
    await c.end();
  }
}
