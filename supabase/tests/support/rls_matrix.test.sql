-- The RLS matrix of the support tables (same personas and probe as the identity matrix): who
-- reads what, and that nobody writes any of them directly (writes go through the functions).
-- Internal notes: tenant users never see them (the scope holds one public reply per tenant and
-- one internal note of tenant a).
begin;
select plan(19);

select tests.create_tenant('tenant-a') as a \gset
select tests.create_tenant('tenant-b') as b \gset
select tests.create_rls_personas(:'a', :'b');
insert into public.support_groups (code, name) values ('billing', '{"en": "Billing"}');
insert into public.support_holidays (calendar_code, starts_on, ends_on, name) values ('GCC-OM', '2026-11-18', '2026-11-19', '{"en": "National Day"}');
insert into public.support_tickets (tenant_id, subject) values (:'a', 'matrix a'), (:'b', 'matrix b');
insert into public.support_messages (ticket_id, tenant_id, from_staff, internal, body)
select id, tenant_id, false, false, 'public' from public.support_tickets where subject like 'matrix %'
union all select id, tenant_id, true, true, 'internal' from public.support_tickets where subject = 'matrix a';
-- one file on each public reply and one on tenant a's internal note (the note's file: staff only)
insert into public.support_attachments (ticket_id, message_id, tenant_id, internal, object_path, file_name, size_bytes, content_type)
select ticket_id, id, tenant_id, internal, format('%s/%s/%s-f.png', tenant_id, ticket_id, gen_random_uuid()), 'f.png', 1, 'image/png'
from public.support_messages where body in ('public', 'internal');
insert into public.support_sla_events (ticket_id, kind, at) select id, 'started', now() from public.support_tickets where subject = 'matrix a';
insert into public.support_group_members (group_id, staff_id)
select (select id from public.support_groups where code = 'billing'), user_id from persona where name = 'support_aal1';

insert into public.support_kb_articles (slug, title, body, version, published_at) values
  ('published', '{"en": "t", "ar": "ع"}', '{"en": "b", "ar": "ن"}', 1, now());
insert into public.support_kb_articles (slug) values ('draft-only');
insert into public.support_kb_drafts (article_id, title, body) select id, '{"en": "t"}', '{"en": "b"}' from public.support_kb_articles;
insert into public.support_macros (code, title, body) values ('hello', '{"en": "Hello"}', '{"en": "Hello", "ar": "مرحبا"}');

insert into public.support_client_errors (tenant_id, app, message) values (:'a', 'pos', 'boom'), (:'b', 'pos', 'boom');

insert into public.support_inbound_mails (message_id, from_address, subject, body, outcome, reason)
values ('matrix@mail.test', 'someone@mail.test', 'matrix', 'unmatched mail', 'unmatched', 'unknown_sender');

insert into public.support_csat (ticket_id, tenant_id, rating) select id, tenant_id, 5 from public.support_tickets where subject like 'matrix %';

insert into private.support_survey_keys (id) values (1);   -- the CSAT link signing key: nobody reads it

create temp table matrix (tbl text, scope text, target text, upd text, readers text, writers text[]);
insert into matrix values
  ('public.support_tickets', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'subject',
     'permission_or_tenant:support.read', '{}'),
  ('public.support_messages', format('tenant_id in (%L, %L) and not internal', :'a', :'b'), format('tenant_id = %L and not internal', :'a'), 'body',
     'permission_or_tenant:support.read', '{}'),
  ('public.support_messages', 'internal', 'internal', 'body', 'permission:support.read', '{}'),
  ('public.support_attachments', format('tenant_id in (%L, %L) and not internal', :'a', :'b'), format('tenant_id = %L and not internal', :'a'), 'file_name',
     'permission_or_tenant:support.read', '{}'),
  ('public.support_attachments', 'internal', 'internal', 'file_name', 'permission:support.read', '{}'),
  ('public.support_client_errors', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'message',
     'permission_or_tenant:support.read', '{}'),
  ('public.support_csat', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'rating',
     'permission_or_tenant:support.read', '{}'),
  ('public.support_sla_events', 'true', 'true', 'detail', 'permission:support.read', '{}'),
  ('public.support_inbound_mails', 'true', 'true', 'subject', 'permission:support.read', '{}'),
  ('public.support_groups', 'true', $$code = 'billing'$$, 'name', 'permission:support.read', '{}'),
  ('public.support_group_members', 'true', 'true', 'added_at', 'permission:support.read', '{}'),
  ('public.support_calendars', 'true', $$code = 'EU'$$, 'opens_at', 'permission:support.read', '{}'),
  ('public.support_holidays', 'true', 'true', 'name', 'permission:support.read', '{}'),
  ('public.support_kb_articles', 'published_at is not null', $$slug = 'published'$$, 'category', 'signed_in', '{}'),
  ('public.support_kb_articles', 'published_at is null', $$slug = 'draft-only'$$, 'category', 'permission:support.read', '{}'),
  ('public.support_kb_drafts', 'true', 'true', 'updated_by', 'permission:support.read', '{}'),
  ('public.support_macros', 'true', $$code = 'hello'$$, 'active', 'permission:support.read', '{}'),
  ('public.support_sla_targets', 'true', $$plan_code = '*' and priority = 'low'$$, 'resolution_minutes', 'permission:support.read', '{}'),
  ('private.support_survey_keys', 'true', 'true', 'created_at', 'nobody', '{}');

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
