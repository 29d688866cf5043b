-- The RLS matrix of the platform tables (same personas and probe as the identity matrix): staff
-- with settings.read read them; nobody writes them directly (the functions do); tenants and anon
-- read maintenance and announcements only through platform_status().
begin;
select plan(5);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
insert into public.platform_setting_versions (key, version, value, reason) values ('announcements.max_active', 1, '3', 'matrix');
insert into public.maintenance_windows (starts_at, ends_at, ended_at, message, reason)
values ('2026-01-01', '2026-01-02', '2026-01-01 12:00', '{"en": "matrix", "ar": "مصفوفة"}', 'matrix');
insert into public.platform_announcements (title, body, starts_at, target_tenants)
values ('{"en": "matrix", "ar": "م"}', '{"en": "b", "ar": "ن"}', '2026-01-01', array[:'a'::uuid]);

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.platform_setting_definitions', 'true', $$key = 'announcements.max_active'$$, 'sort', 'permission:settings.read', '{}'),
  ('public.platform_setting_versions', 'true', 'true', 'reason', 'permission:settings.read', '{}'),
  ('public.maintenance_windows', 'true', 'true', 'reason', 'permission:settings.read', '{}'),
  ('public.platform_announcements', 'true', 'true', 'severity', 'permission:settings.read', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every platform table has RLS enabled');

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m;

select * from finish();
rollback;
