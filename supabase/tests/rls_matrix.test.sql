-- The RLS matrix of the identity & tenancy tables: for every table, select / insert / update /
-- delete as anon, a tenant user of A, a tenant user of B, each staff role at aal1 and aal2, and
-- staff in a read-only, a full and an expired impersonation of A. One assertion per table
-- compares what each persona could do with what it should; a leak names the persona.
begin;
select plan(21);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
create temp table persona (name text primary key, user_id uuid, aal text);
grant select on persona to public;
select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
insert into persona values
  ('anon', null, null),
  ('tenant_a', tests.create_user('owner@a.test'), 'aal1'),
  ('tenant_b', tests.create_user('owner@b.test'), 'aal1');
select tests.add_member(:'a', (select user_id from persona where name = 'tenant_a'), 'owner');
select tests.add_member(:'b', (select user_id from persona where name = 'tenant_b'), 'owner');
insert into persona
select r || '_' || l, null, l from unnest(array['super_admin', 'tech_admin', 'biz_admin', 'support', 'auditor']) r,
  unnest(array['aal1', 'aal2']) l;
update persona p set user_id = tests.create_staff(split_part(p.name, '_aal', 1) || '@hq.test', regexp_replace(p.name, '_aal[12]$', ''))
where p.name like '%_aal1';
update persona p set user_id = (select q.user_id from persona q where q.name = regexp_replace(p.name, 'aal2$', 'aal1'))
where p.name like '%_aal2';
insert into persona values
  ('imp_ro', tests.create_staff('ro@hq.test', 'support'), 'aal2'),
  ('imp_full', tests.create_staff('full@hq.test', 'super_admin'), 'aal2'),
  ('imp_expired', tests.create_staff('expired@hq.test', 'support'), 'aal2');
insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at) values
  ((select user_id from persona where name = 'imp_ro'), :'a', 'read_only', 'matrix read-only', now(), now() + interval '10 minutes'),
  ((select user_id from persona where name = 'imp_full'), :'a', 'full', 'matrix full', now(), now() + interval '10 minutes'),
  ((select user_id from persona where name = 'imp_expired'), :'a', 'read_only', 'matrix expired', now() - interval '20 minutes', now() - interval '5 minutes');
insert into public.tenant_status_history (tenant_id, to_status, action) values (:'a', 'active', 'seed'), (:'b', 'active', 'seed');
select private.provision_tenant(:'a'), private.provision_tenant(:'b');
select private.compute_tenant_health(:'a'), private.compute_tenant_health(:'b');
select audit.record('matrix.probe', 'tenant', :'a', null, null, :'a'), audit.record('matrix.probe', 'tenant', :'b', null, null, :'b');
select audit.checkpoint();
insert into private.auth_attempts (user_id, kind, valid) select user_id, 'password', true from persona where name = 'tenant_a';

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
  ('public.platform_roles', 'true', $$code = 'support'$$, 'description', 'staff', '{}'),
  ('public.permissions', 'true', $$code = 'tenants.read'$$, 'description', 'staff', '{}'),
  ('public.role_permissions', 'true', $$role_code = 'support'$$, 'role_code', 'staff', '{}'),
  ('public.platform_staff', 'true', format('user_id = %L', (select user_id from persona where name = 'support_aal1')), 'display_name', 'self_or_staff.read', '{}'),
  ('public.tenants', format('id in (%L, %L)', :'a', :'b'), format('id = %L', :'a'), 'legal_name', 'tenant',
     '{super_admin_aal2,biz_admin_aal2,tenant_a,imp_full}'),
  ('public.tenant_members', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'role', 'tenant', '{}'),
  ('public.tenant_status_history', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'reason', 'tenant', '{}'),
  ('public.tenant_lifecycle_transitions', 'true', $$action = 'submit'$$, 'permission', 'staff', '{}'),
  ('public.tenant_lifecycle_settings', 'true', 'true', 'churn_after_days', 'staff', '{}'),
  ('public.tenant_custom_field_schema', 'true', 'true', 'schema', 'signed_in', '{}'),
  ('public.impersonations', 'true', $$reason = 'matrix full'$$, 'reason', 'own_or_audit', '{}'),
  ('public.provisioning_steps', 'true', $$code = 'default_settings'$$, 'sort_order', 'staff', '{}'),
  ('public.tenant_provisioning', format($$tenant_id in (%L, %L) and step_code = 'default_settings'$$, :'a', :'b'),
     format($$tenant_id = %L and step_code = 'default_settings'$$, :'a'), 'attempts', 'tenant', '{}'),
  ('public.default_tenant_settings', 'true', 'true', 'version', 'staff', '{}'),
  ('public.tenant_settings', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'settings', 'tenant',
     '{tenant_a,imp_full}'),
  ('public.tenant_health', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'score', 'staff_only_tenant', '{}'),
  ('public.auth_lockout_policy', 'true', 'true', 'max_failures', 'staff.read', '{}'),
  ('audit.log', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'reason', 'audit.read', '{}'),
  ('audit.checkpoints', 'true', 'true', 'last_log_id', 'audit.read', '{}'),
  ('private.auth_attempts', 'true', 'true', 'valid', 'nobody', '{}');

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

-- RLS is on for every table in the matrix (private.auth_attempts too: no policy, no grant).
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
rollback;
