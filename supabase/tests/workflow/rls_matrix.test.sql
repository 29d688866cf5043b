-- The RLS matrix of the workflow engine's tables (same personas and probe as house/rls_matrix.test.sql).
-- Orders are tenant data: their users and staff impersonating the tenant see them, other staff
-- never do (support searches through search_orders). Templates and HQ versions are readable by
-- workflows.read staff and by any tenant user; every change goes through functions.
begin;
select plan(16);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
select private.provision_tenant(:'a'), private.provision_tenant(:'b');

-- One order per tenant, created by each tenant's owner as a tenant app would.
select tests.authenticate_as((select user_id from persona where name = 'tenant_a'));
select public.create_order(:'a', 'wash_iron', 'A-1', 'Salma Al-Hinai', '+968 9000 0001') ->> 'id' as order_a \gset
select tests.authenticate_as((select user_id from persona where name = 'tenant_b'));
select public.create_order(:'b', 'wash_iron', 'B-1', 'Omar Al-Farsi', '+968 9000 0002') ->> 'id' as order_b \gset
select public.record_order_payment(:'order_b', 1, allow_overpayment => true);
select tests.authenticate_as((select user_id from persona where name = 'tenant_a'));
select public.record_order_payment(:'order_a', 1, allow_overpayment => true);
select tests.clear_authentication();
insert into public.workflow_stage_daily (day, tenant_id, template_id, stage, transitions, total_seconds, sla_breaches)
select current_date, t, (select id from public.workflow_templates limit 1), 'intake', 1, 60, 0 from unnest(array[:'a'::uuid, :'b'::uuid]) t;


create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.orders', format('id in (%L, %L)', :'order_a', :'order_b'), format('id = %L', :'order_a'), 'customer_name', 'tenant_only',
     '{tenant_a,imp_full}'),
  -- the guard inputs: nobody writes them directly (record_order_payment, record_scan, record_proof_of_delivery do)
  ('public.orders', format('id in (%L, %L)', :'order_a', :'order_b'), format('id = %L', :'order_a'), 'paid', 'tenant_only', '{}'),
  ('public.orders', format('id in (%L, %L)', :'order_a', :'order_b'), format('id = %L', :'order_a'), 'amount_paid', 'tenant_only', '{}'),
  ('public.orders', format('id in (%L, %L)', :'order_a', :'order_b'), format('id = %L', :'order_a'), 'scan_status', 'tenant_only', '{}'),
  ('public.orders', format('id in (%L, %L)', :'order_a', :'order_b'), format('id = %L', :'order_a'), 'proof_of_delivery', 'tenant_only', '{}'),
  ('public.order_payments', format('order_id in (%L, %L)', :'order_a', :'order_b'), format('order_id = %L', :'order_a'), 'amount', 'tenant_only', '{}'),
  ('public.order_transitions', format('order_id in (%L, %L)', :'order_a', :'order_b'), format('order_id = %L', :'order_a'), 'note', 'tenant_only', '{}'),
  ('public.tenant_workflows', format('tenant_id in (%L, %L) and template_id = (select id from public.workflow_templates order by code limit 1)', :'a', :'b'),
     format('tenant_id = %L', :'a'), 'upgraded_at', 'tenant_or_workflow_staff', '{}'),
  ('public.workflow_stage_daily', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'transitions', 'tenant_or_workflow_staff', '{}'),
  ('public.workflow_templates', 'true', 'true', 'code', 'workflow_staff_or_tenant_user', '{}'),
  ('public.workflow_versions', 'tenant_id is null', 'tenant_id is null', 'version', 'workflow_staff_or_tenant_user', '{}'),
  ('public.workflow_guards', 'true', 'true', 'key', 'signed_in', '{}');
alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every workflow table has RLS enabled');
select is((select count(*) from public.order_transitions where order_id in (:'order_a', :'order_b')), 2::bigint,
          'the fixtures exist (one transition into the start stage per order)');

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ' (' || m.upd || '): what each persona can do is exactly what it should')
from matrix m
order by m.tbl, m.upd;

-- The functions that record guard inputs: the tenant's own users and a full impersonation of it,
-- nobody else (any staff member, aal1 or aal2, and the other tenant find no order).
create function pg_temp.fact_probe(who text, q text) returns text language plpgsql as $$
declare answer text;
begin
  perform tests.act_as_persona(who);
  answer := split_part(tests.oracle_outcome(q, '{}'), ' |', 1);
  perform tests.clear_authentication();
  return case when answer like 'ok %' then 'ok' else answer end;
end $$;
select results_eq(
  format($q$ select p.name, pg_temp.fact_probe(p.name, %L) from persona p order by p.name $q$,
         format('select public.record_order_payment(%L, 1, allow_overpayment => true)', :'order_a')),
  $q$ select p.name, case when p.name in ('tenant_a', 'imp_full') then 'ok' when p.name = 'anon' then 'error 42501'
                          when p.name = 'imp_ro' then 'error PT403' else 'error PT404' end from persona p order by p.name $q$,
  'record_order_payment: the tenant''s users and a full impersonation only');
select results_eq(
  format($q$ select p.name, pg_temp.fact_probe(p.name, %L) || pg_temp.fact_probe(p.name, %L) from persona p order by p.name $q$,
         format('select public.record_scan(%L, %L)', :'order_a', 'ok'), format('select public.record_proof_of_delivery(%L)', :'order_a')),
  $q$ select p.name, case when p.name in ('tenant_a', 'imp_full') then 'okok' when p.name = 'anon' then 'error 42501error 42501'
                          when p.name = 'imp_ro' then 'error PT403error PT403' else 'error PT404error PT404' end from persona p order by p.name $q$,
  'record_scan and record_proof_of_delivery: the same');

select * from finish();
rollback;
