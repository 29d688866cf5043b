-- The RLS matrix of the identity & tenancy tables: for every table, select / insert / update /
-- delete as anon, a tenant user of A, a tenant user of B, each staff role at aal1 and aal2, and
-- staff in a read-only, a full and an expired impersonation of A. One assertion per table
-- compares what each persona could do with what it should; a leak names the persona.
begin;
select plan(21);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
insert into public.tenant_status_history (tenant_id, to_status, action) values (:'a', 'active', 'seed'), (:'b', 'active', 'seed');
select private.provision_tenant(:'a'), private.provision_tenant(:'b');
select private.compute_tenant_health(:'a'), private.compute_tenant_health(:'b');
select audit.record('matrix.probe', 'tenant', :'a', null, null, :'a'), audit.record('matrix.probe', 'tenant', :'b', null, null, :'b');
select audit.checkpoint();
insert into private.auth_attempts (user_id, kind, valid) select user_id, 'password', true from persona where name = 'tenant_a';

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

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

-- RLS is on for every table in the matrix (private.auth_attempts too: no policy, no grant).
select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every table in the matrix has RLS enabled');

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, pg_temp.expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select * from finish();
rollback;
