// Identity & tenancy costs. (1) RLS overhead: one tenant's rows listed by a tenant user through
// RLS, against the same query as the service role (no RLS) with the same explicit filter, at 10k
// tenants and 1M tenant-scoped rows (tenant_status_history). Both sides run PostgREST's request
// wrapper (transaction, role, claims), so the ratio is what the policy costs. The unfiltered form
// (RLS alone picks the rows, as a tenant app that forgets .eq('tenant_id', …) does) is measured against
// the filtered one by the same user: what forgetting the filter costs (issue 15 §4). HQ staff
// (role hq_staff) list the same rows, filtered and not, against the service role in the same chunks.
// (2) Audit write cost: a state change with its audit entry against the same change without.
import pg from 'pg';
import { benchPool } from './pool.ts';
import { size } from './size.ts';

const TENANTS = size(10_000, 20);  // at least WRITES: each write changes another tenant
const ROWS_PER_TENANT = size(100, 60);  // at least the 50 rows a page lists
const RLS_QUERIES = size(2400, 16);
const WRITES = size(1600, 16);
const CHUNKS = 8;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return n / ((performance.now() - t0) / 1000);
}

async function asRequest(c: pg.PoolClient, role: string, claims: object, sql: string, params: unknown[]) {
  await c.query('begin');
  await c.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [role, JSON.stringify(claims)]);
  const res = await c.query(sql, params);
  await c.query('commit');
  return res;
}

export default async function run(db: { url: string }) {
  const pool = benchPool(db.url, 2);
  const c = await pool.connect();
  const round = (x: number) => Math.round(x);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  try {
    // ── fixtures ──
    await c.query(`insert into public.tenants (slug, name, country, region, timezone, currency, status)
                   select 'bench-' || g, jsonb_build_object('en', 'Bench ' || g), 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'active'
                   from generate_series(1, ${TENANTS}) g`);
    await c.query(`insert into public.tenant_status_history (tenant_id, from_status, to_status, action, reason, changed_at)
                   select t.id, 'trial', 'active', 'activate', 'bench', now() - make_interval(mins => g)
                   from (select id from public.tenants where slug like 'bench-%') t, generate_series(1, ${ROWS_PER_TENANT}) g`);
    await c.query('analyze public.tenants, public.tenant_members, public.tenant_status_history');
    const userId = (await c.query(`select extensions.gen_random_uuid() as id`)).rows[0].id as string;
    await c.query(`insert into auth.users (id, aud, role, email, created_at, updated_at) values ($1, 'authenticated', 'authenticated', 'bench@owner.test', now(), now())`, [userId]);
    const tenantId = (await c.query(`select id from public.tenants where slug = $1`, [`bench-${Math.ceil(TENANTS / 2)}`])).rows[0].id as string;
    await c.query(`insert into public.tenant_members (tenant_id, user_id, role) values ($1, $2, 'owner')`, [tenantId, userId]);
    const userClaims = { sub: userId, role: 'authenticated', aal: 'aal1' };
    const serviceClaims = { role: 'service_role' };
    const list = 'select id, from_status, to_status, action, changed_at from public.tenant_status_history where tenant_id = $1 order by id desc limit 50';
    const listUnfiltered = 'select id, from_status, to_status, action, changed_at from public.tenant_status_history order by id desc limit 50';

    // Both sides must see the same rows, or the comparison means nothing.
    const seen = await asRequest(c, 'authenticated', userClaims, list, [tenantId]);
    const base = await asRequest(c, 'service_role', serviceClaims, list, [tenantId]);
    if (seen.rowCount !== 50 || JSON.stringify(seen.rows) !== JSON.stringify(base.rows)) throw new Error('RLS and service role disagree');

    // ── RLS overhead: alternate baseline and RLS chunks; the median of the pair ratios resists
    // the machine's noise better than one long run of each ──
    await timed(200, () => asRequest(c, 'authenticated', userClaims, list, [tenantId]).then(() => undefined));
    const rlsPairs: { bare: number; rls: number }[] = [];
    for (let k = 0; k < CHUNKS; k++) {
      const bare = await timed(RLS_QUERIES / CHUNKS, () => asRequest(c, 'service_role', serviceClaims, list, [tenantId]).then(() => undefined));
      const rls = await timed(RLS_QUERIES / CHUNKS, () => asRequest(c, 'authenticated', userClaims, list, [tenantId]).then(() => undefined));
      rlsPairs.push({ bare, rls });
    }
    const unfiltered = await timed(60, () => asRequest(c, 'authenticated', userClaims, listUnfiltered, []).then(() => undefined));

    // ── HQ staff (role hq_staff, tenants.read): the same lists, against the service role in the same
    // chunks, so a policy change that slows staff down shows here (docs/rls-performance.md) ──
    const staffId = (await c.query(`select extensions.gen_random_uuid() as id`)).rows[0].id as string;
    await c.query(`insert into auth.users (id, aud, role, email, created_at, updated_at) values ($1, 'authenticated', 'authenticated', 'bench@hq.test', now(), now())`, [staffId]);
    await c.query(`insert into public.platform_staff (user_id, email, role_code, status) values ($1, 'bench@hq.test', 'super_admin', 'active')`, [staffId]);
    const staffClaims = { sub: staffId, role: 'hq_staff', aal: 'aal2' };
    const staffSeen = await asRequest(c, 'hq_staff', staffClaims, list, [tenantId]);
    if (JSON.stringify(staffSeen.rows) !== JSON.stringify(base.rows)) throw new Error('HQ staff and the service role disagree');
    const staffPairs: { bare: number; staff: number; unfiltered: number }[] = [];
    for (let k = 0; k < CHUNKS / 2; k++) {
      const bare = await timed(RLS_QUERIES / CHUNKS, () => asRequest(c, 'service_role', serviceClaims, list, [tenantId]).then(() => undefined));
      const staff = await timed(RLS_QUERIES / CHUNKS, () => asRequest(c, 'hq_staff', staffClaims, list, [tenantId]).then(() => undefined));
      const staffUnfiltered = await timed(RLS_QUERIES / CHUNKS, () => asRequest(c, 'hq_staff', staffClaims, listUnfiltered, []).then(() => undefined));
      staffPairs.push({ bare, staff, unfiltered: staffUnfiltered });
    }

    // ── audit write cost ──
    const ids = (await c.query(`select id from public.tenants where slug like 'bench-%' order by slug limit ${WRITES}`)).rows.map((r) => r.id);
    const change = `update public.tenants set legal_name = $2 where id = $1`;
    // The baseline is the same change with only the audit trigger off (validation still runs).
    const auditPairs: { unaudited: number; audited: number }[] = [];
    const perChunk = WRITES / CHUNKS;
    for (let k = 0; k < CHUNKS; k++) {
      const chunk = ids.slice(k * perChunk, (k + 1) * perChunk);
      await c.query('alter table public.tenants disable trigger tenants_audit_profile_update');
      const unaudited = await timed(perChunk, (i) => c.query(change, [chunk[i], `Bench ${k}.${i} A`]).then(() => undefined));
      await c.query('alter table public.tenants enable trigger tenants_audit_profile_update');
      const audited = await timed(perChunk, (i) => c.query(change, [chunk[i], `Bench ${k}.${i} B`]).then(() => undefined));
      auditPairs.push({ unaudited, audited });
    }
    const auditedRows = Number((await c.query(`select count(*) from audit.log where action = 'tenant.update'`)).rows[0].count);
    if (auditedRows !== WRITES) throw new Error(`expected ${WRITES} audit entries, found ${auditedRows}`);
    const verify = (await c.query('select ok, checked from audit.verify_chain()')).rows[0];
    if (!verify.ok) throw new Error('the audit chain does not verify after the bench');

    return {
      figures: {
        tenants: TENANTS,
        tenant_scoped_rows: TENANTS * ROWS_PER_TENANT,
        rls_list_per_s: round(median(rlsPairs.map((p) => p.rls))),
        service_role_list_per_s: round(median(rlsPairs.map((p) => p.bare))),
        rls_list_without_tenant_filter_per_s: round(unfiltered),
        staff_list_per_s: round(median(staffPairs.map((p) => p.staff))),
        staff_list_without_tenant_filter_per_s: round(median(staffPairs.map((p) => p.unfiltered))),
        unaudited_changes_per_s: round(median(auditPairs.map((p) => p.unaudited))),
        audited_changes_per_s: round(median(auditPairs.map((p) => p.audited))),
        audit_chain_rows_verified: Number(verify.checked),
      },
      ratios: {
        rls_overhead_x: ratio(median(rlsPairs.map((p) => p.bare / p.rls)), 1),
        rls_without_filter_overhead_x: ratio(median(rlsPairs.map((p) => p.bare)), unfiltered),
        rls_unfiltered_vs_filtered_x: ratio(median(rlsPairs.map((p) => p.rls)), unfiltered),
        staff_overhead_x: ratio(median(staffPairs.map((p) => p.bare / p.staff)), 1),
        staff_unfiltered_overhead_x: ratio(median(staffPairs.map((p) => p.bare / p.unfiltered)), 1),
        audit_write_cost_x: ratio(median(auditPairs.map((p) => p.unaudited / p.audited)), 1),
      },
      goals: {
        rls_overhead_x: "<= 1.3 (issue 5): one tenant's rows, with the tenant filter",
        rls_unfiltered_vs_filtered_x: "<= 3 (issue 15 §4): the same list by the same tenant user without the tenant filter",
        audit_write_cost_x: '<= 1.3 (issue 12 §3): an audited tenant update against the same update without its audit entry',
      },
    };
  } finally {
    c.release();
    await pool.end();
  }
}
