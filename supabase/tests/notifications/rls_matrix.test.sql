-- The RLS matrix of the notifications tables (same personas and probe as the identity matrix):
-- settings.read staff read everything; a tenant's users read their own tenant's messages (the
-- communication log); nobody writes any of them directly (writes go through the functions).
begin;
select plan(7);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
select private.notify('tenant.welcome', :'a', 'matrix', '{}');
select private.notify('tenant.welcome', :'b', 'matrix', '{}');
insert into public.notification_preferences (recipient_kind, recipient_ref, category, channel, enabled)
values ('tenant_contact', :'a', 'other', 'sms', false);
insert into public.notification_suppressions (channel, address, reason) values ('email', 'bounced@matrix.test', 'bounced');

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.notification_outbox', format('tenant_id in (%L, %L) and channel = %L', :'a', :'b', 'email'),
     format('tenant_id = %L and channel = %L', :'a', 'email'), 'last_error', 'permission_or_tenant:settings.read', '{}'),
  ('public.notification_channels', 'true', $$channel = 'sms'$$, 'sender', 'permission:settings.read', '{}'),
  ('public.notification_events', 'true', $$event = 'tenant.welcome'$$, 'sample', 'permission:settings.read', '{}'),
  ('public.notification_templates', 'true', $$event = 'tenant.welcome' and channel = 'sms' and locale = 'ar'$$, 'body_text',
     'permission:settings.read', '{}'),
  ('public.notification_preferences', 'true', 'true', 'enabled', 'permission:settings.read', '{}'),
  ('public.notification_suppressions', 'true', 'true', 'detail', 'permission:settings.read', '{}');

alter table matrix add column sample jsonb;
update matrix set sample = tests.rls_sample(tbl, target);

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.rls_expected(p.name, %L, %L, %L, %L::text[]) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers, m.writers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select is(array(select c.relname::text from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
                and c.relname like 'notification%' and not c.relrowsecurity), '{}'::text[], 'RLS is on for every notifications table');

select * from finish();
rollback;
