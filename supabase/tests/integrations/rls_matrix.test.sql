-- The RLS matrix of the integrations tables (same personas and probe as the identity matrix): the
-- event catalogue is read by every signed-in user; events, endpoints, deliveries, attempts and keys
-- and sandbox flags by the tenant's owners and admins (their tenant's row) and by HQ with settings.read; the API
-- changelog's published entries by every signed-in user, scheduled and retracted ones by HQ with settings.read.
-- Nobody writes any of them directly (writes go through the functions).
begin;
select plan(9);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
insert into public.integration_events (type, tenant_id, payload) values
  ('tenant.created', :'a', '{"probe": "a"}'), ('tenant.created', :'b', '{"probe": "b"}');
insert into public.webhook_endpoints (tenant_id, url, event_types, description) values
  (:'a', 'https://a.example.com', '{*}', 'matrix a'), (:'b', 'https://b.example.com', '{*}', 'matrix b');
insert into public.webhook_deliveries (endpoint_id, event_id, tenant_id)
select e.id, ev.id, e.tenant_id from public.webhook_endpoints e join public.integration_events ev on ev.tenant_id = e.tenant_id
where e.tenant_id in (:'a', :'b');
insert into public.webhook_attempts (delivery_id, endpoint_id, tenant_id, attempt, succeeded, status_code)
select d.id, d.endpoint_id, d.tenant_id, 1, true, 200 from public.webhook_deliveries d where d.tenant_id in (:'a', :'b');
insert into public.api_keys (tenant_id, name, key_prefix, key_hash, scopes) values
  (:'a', 'matrix a', 'cmx_live_aaaaaaaa', '\x01', '{orders:read}'), (:'b', 'matrix b', 'cmx_live_bbbbbbbb', '\x02', '{orders:read}');
insert into public.sandbox_tenants (tenant_id) values (:'a'), (:'b');
insert into public.api_changelog_entries (published_on, version, kind, title, body, retracted_at, retract_reason) values
  ('2020-01-01', 'matrix-pub', 'added', '{"en": "p", "ar": "p"}', '{"en": "p", "ar": "p"}', null, null),
  ('2999-01-01', 'matrix-future', 'added', '{"en": "f", "ar": "f"}', '{"en": "f", "ar": "f"}', null, null),
  ('2020-01-01', 'matrix-retracted', 'added', '{"en": "r", "ar": "r"}', '{"en": "r", "ar": "r"}', now(), 'matrix');

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.integration_event_types', 'true', $$type = 'order.ready'$$, 'sample', 'signed_in', '{}'),
  ('public.integration_events', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'payload',
     'permission_or_tenant:settings.read', '{}'),
  ('public.webhook_endpoints', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'description',
     'permission_or_tenant:settings.read', '{}'),
  ('public.webhook_deliveries', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'attempts',
     'permission_or_tenant:settings.read', '{}'),
  ('public.webhook_attempts', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'error',
     'permission_or_tenant:settings.read', '{}'),
  ('public.api_keys', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'name',
     'permission_or_tenant:settings.read', '{}'),
  ('public.sandbox_tenants', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'sample',
     'permission_or_tenant:settings.read', '{}'),
  ('public.api_changelog_entries', $$version = 'matrix-pub'$$, $$version = 'matrix-pub'$$, 'kind', 'signed_in', '{}'),
  ('public.api_changelog_entries', $$version in ('matrix-future', 'matrix-retracted')$$, $$version = 'matrix-future'$$, 'kind',
     'permission:settings.read', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ' where ' || left(m.scope, 40) || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl, m.scope;

select * from finish();
rollback;
