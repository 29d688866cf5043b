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
insert into private.auth_throttle (user_id, source, kind, failures) select user_id, 'ip:203.0.113.9', 'password', 1 from persona where name = 'tenant_a';


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
  ('private.auth_throttle', 'true', 'true', 'failures', 'nobody', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

-- RLS is on for every table in the matrix (private.auth_throttle too: no policy, no grant).
select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every table in the matrix has RLS enabled');

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select * from finish();
rollback;
