-- The RLS matrix of the plans, entitlements and flags tables (issue 6), in the style of
-- rls_matrix.test.sql: select / insert / update / delete as anon, tenant users of A and B, each
-- staff role at aal1 and aal2, and staff in read-only, full and expired impersonations of A.
-- Every table here changes only through functions, so no persona may write any of them.
begin;
select plan(16);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
create temp table persona (name text primary key, user_id uuid, aal text);
grant select on persona to public;
select tests.create_tenant('ent-rls-a') as a \gset
select tests.create_tenant('ent-rls-b') as b \gset
insert into persona values
  ('anon', null, null),
  ('tenant_a', tests.create_user('owner@ent-a.test'), 'aal1'),
  ('tenant_b', tests.create_user('owner@ent-b.test'), 'aal1');
select tests.add_member(:'a', (select user_id from persona where name = 'tenant_a'), 'owner');
select tests.add_member(:'b', (select user_id from persona where name = 'tenant_b'), 'owner');
insert into persona
select r || '_' || l, null, l from unnest(array['super_admin', 'tech_admin', 'biz_admin', 'support', 'auditor']) r,
  unnest(array['aal1', 'aal2']) l;
update persona p set user_id = tests.create_staff(split_part(p.name, '_aal', 1) || '@ent-hq.test', regexp_replace(p.name, '_aal[12]$', ''))
where p.name like '%_aal1';
update persona p set user_id = (select q.user_id from persona q where q.name = regexp_replace(p.name, 'aal2$', 'aal1'))
where p.name like '%_aal2';
insert into persona values
  ('imp_ro', tests.create_staff('ro@ent-hq.test', 'support'), 'aal2'),
  ('imp_full', tests.create_staff('full@ent-hq.test', 'super_admin'), 'aal2'),
  ('imp_expired', tests.create_staff('expired@ent-hq.test', 'support'), 'aal2');
insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at) values
  ((select user_id from persona where name = 'imp_ro'), :'a', 'read_only', 'matrix read-only', now(), now() + interval '10 minutes'),
  ((select user_id from persona where name = 'imp_full'), :'a', 'full', 'matrix full', now(), now() + interval '10 minutes'),
  ((select user_id from persona where name = 'imp_expired'), :'a', 'read_only', 'matrix expired', now() - interval '20 minutes', now() - interval '5 minutes');
-- exactly one row per tenant in every tenant-scoped table
select public.change_plan(t, 'starter'), public.set_tenant_add_on(t, 'extra_branch', 1, 'matrix'),
       public.grant_feature(t, 'module.delivery', 'matrix grant'),
       private.increment_usage(t, 'storage_mb', 2500)
from unnest(array[:'a', :'b']::uuid[]) t;
select public.save_flag('matrix.flag', '{"default_enabled": true}');

-- ── the probe ───────────────────────────────────────────────────────────────────────────────
-- What a persona can do to a table: "s=<rows seen in scope> i=<ok|deny> u=<ok|deny> d=<ok|deny>".
-- Writes run in subtransactions and are undone; "ok" means the write got past grants and RLS
-- (a unique violation on the copied row counts as ok: it was only stopped by the data).
create function pg_temp.act_as(who text) returns void language plpgsql as $$
declare p record;
begin
  select * into p from persona where name = who;
  if who = 'anon' then perform tests.authenticate_as_anon();
  else perform tests.authenticate_as(p.user_id, p.aal); end if;
end $$;

create function pg_temp.probe(who text, tbl text, scope text, target text, upd text, sample jsonb) returns text
language plpgsql as $$
declare
  seen text; ins text; up text; del text; n bigint;
begin
  perform pg_temp.act_as(who);
  begin
    execute format('select count(*) from %s where %s', tbl, scope) into n; seen := n::text;
  exception when insufficient_privilege then seen := 'denied';
  end;
  begin
    execute format('insert into %s overriding system value select * from jsonb_populate_record(null::%s, $1)', tbl, tbl) using sample;
    ins := 'ok'; raise sqlstate 'XX999';
  exception when sqlstate 'XX999' then null;
            when unique_violation then ins := 'ok';
            when insufficient_privilege or sqlstate 'PT403' then ins := 'deny';
  end;
  begin
    execute format('update %s set %s = %s where %s', tbl, upd, upd, target);
    get diagnostics n = row_count; up := case when n > 0 then 'ok' else 'deny' end;
    if n > 0 then raise sqlstate 'XX999'; end if;
  exception when sqlstate 'XX999' then null;
            when insufficient_privilege or sqlstate 'PT403' then up := 'deny';
  end;
  begin
    execute format('delete from %s where %s', tbl, target);
    get diagnostics n = row_count; del := case when n > 0 then 'ok' else 'deny' end;
    if n > 0 then raise sqlstate 'XX999'; end if;
  exception when sqlstate 'XX999' then null;
            when insufficient_privilege or sqlstate 'PT403' then del := 'deny';
  end;
  perform tests.clear_authentication();
  return format('s=%s i=%s u=%s d=%s', seen, ins, up, del);
end $$;

-- Expected outcomes: who sees what ("all" = every row in scope, "a"/"b" = the tenant's rows,
-- "self" = their own row, "none"), and who may update the target row of tenant A.
create function pg_temp.expected(who text, tbl text, scope text, readers text, writers text[]) returns text
language plpgsql as $$
declare
  total bigint;
  seen text;
  staff_aal2 boolean := who like '%_aal2' or who like 'imp_%';
  support boolean := who in ('support_aal2', 'imp_ro', 'imp_expired');
begin
  execute format('select count(*) from %s where %s', tbl, scope) into total;
  seen := case
    -- anon holds no grant on any of these tables: the query itself is refused
    when who = 'anon' or readers = 'nobody' then 'denied'
    when readers = 'signed_in' then total::text
    when readers = 'staff' then case when staff_aal2 then total::text else '0' end
    when readers = 'staff.read' then case when staff_aal2 and not support then total::text else '0' end
    when readers = 'audit.read' then case when who in ('super_admin_aal2', 'auditor_aal2', 'imp_full') then total::text else '0' end
    -- tenant data: staff at aal2 see every tenant's rows, a tenant user only their tenant's
    when readers = 'tenant' then case when who in ('tenant_a', 'tenant_b') then '1' when staff_aal2 then total::text else '0' end
    when readers = 'staff_only_tenant' then case when staff_aal2 then total::text else '0' end
    when readers = 'self_or_staff.read' then case when staff_aal2 and not support then total::text
                                                   when who like '%_aal%' or who like 'imp_%' then '1' else '0' end
    when readers = 'own_or_audit' then case when who in ('super_admin_aal2', 'auditor_aal2', 'imp_full') then total::text
                                             when who in ('imp_ro', 'imp_expired') then '1' else '0' end
  end;
  return format('s=%s i=deny u=%s d=deny', seen, case when who = any (writers) then 'ok' else 'deny' end);
end $$;

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.modules', 'true', $$code = 'orders'$$, 'sort_order', 'signed_in', '{}'),
  ('public.features', 'true', $$key = 'module.orders'$$, 'sort_order', 'signed_in', '{}'),
  ('public.plans', 'true', $$code = 'starter'$$, 'tier', 'signed_in', '{}'),
  ('public.plan_prices', 'true', $$currency = 'OMR' and interval = 'month'$$, 'amount', 'signed_in', '{}'),
  ('public.plan_features', 'true', $$feature_key = 'max_users'$$, 'value', 'signed_in', '{}'),
  ('public.add_ons', 'true', $$code = 'extra_pos'$$, 'prices', 'signed_in', '{}'),
  ('public.add_on_features', 'true', $$add_on_code = 'extra_pos'$$, 'value', 'signed_in', '{}'),
  ('public.tenant_plans', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'billing_interval', 'tenant', '{}'),
  ('public.tenant_add_ons', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'quantity', 'tenant', '{}'),
  ('public.entitlement_overrides', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'reason', 'tenant', '{}'),
  ('public.usage_counters', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'used', 'tenant', '{}'),
  ('public.limit_breaches', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'requested', 'tenant', '{}'),
  ('public.plan_changes', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'reason', 'tenant', '{}'),
  ('public.tenant_entitlements', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'stale', 'tenant', '{}'),
  -- flags.read: every staff role but support
  ('public.feature_flags', $$key = 'matrix.flag'$$, $$key = 'matrix.flag'$$, 'killed', 'staff.read', '{}');

-- A sample row per table (taken as the superuser) for the insert probe.
alter table matrix add column sample jsonb;
do $$
declare m record; s jsonb;
begin
  for m in select * from matrix loop
    execute format('select to_jsonb(x) from %s x where %s limit 1', m.tbl, m.target) into s;
    update matrix set sample = s where tbl = m.tbl;
  end loop;
end $$;

-- RLS is on for every table in the matrix (the probe runs only on tables that have it).
select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every table in the matrix has RLS enabled');

select results_eq(
  format($q$ select p.name, pg_temp.probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, pg_temp.expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select * from finish();
