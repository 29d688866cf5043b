-- The sweep of uploads never attached (support.attachment_sweep): an attached file is never picked,
-- a fresh upload is kept for the grace period, an old orphan is picked and deleted through Storage's
-- API (one DELETE with the service role through pg_net: a row deleted in SQL would leave the bytes).
begin;
select plan(9);

select tests.create_tenant('sweep-a') as a \gset
select tests.create_user('owner@sweep-a.test') as owner \gset
select tests.add_member(:'a', :'owner', 'owner');

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'a', 'Sweep', 'Files follow.') as k \gset
select id as m0 from public.support_messages where ticket_id = :k \gset
select tests.clear_authentication();

-- An object as Storage recorded it, uploaded `age` ago.
create function tests.uploaded(tenant uuid, ticket bigint, owner uuid, age interval, bucket text default 'support-attachments') returns text language sql as $$
  insert into storage.objects (bucket_id, name, owner_id, metadata, created_at)
  values (bucket, format('%s/%s/%s-f.png', tenant, ticket, gen_random_uuid()), owner::text,
          '{"size": 1000, "mimetype": "image/png"}', now() - age) returning name
$$;
create function tests.orphans(tenant uuid) returns setof text language sql as $$
  select n from private.support_attachment_orphans(1000) n where n like tenant::text || '/%'
$$;

select tests.uploaded(:'a', :k, :'owner', '3 days') as attached \gset
select tests.uploaded(:'a', :k, :'owner', '1 hour') as fresh \gset
select tests.uploaded(:'a', :k, :'owner', '25 hours') as old_orphan \gset
select tests.uploaded(:'a', :k, :'owner', '23 hours 59 minutes') as nearly \gset
insert into storage.buckets (id, name, public) values ('sweep-other', 'sweep-other', false);
select tests.uploaded(:'a', :k, :'owner', '3 days', 'sweep-other') as other_bucket \gset
select tests.authenticate_as(:'owner', 'aal1');
select public.attach_support_file(:k, :m0, :'attached', 'f.png');
select tests.clear_authentication();

select results_eq(format('select * from tests.orphans(%L)', :'a'), format('values (%L::text)', :'old_orphan'),
  'only the unattached upload older than 24 hours is picked');
select ok(:'attached' not in (select * from tests.orphans(:'a')), 'an attached file is never picked, however old');
select ok(:'fresh' not in (select * from tests.orphans(:'a')) and :'nearly' not in (select * from tests.orphans(:'a')),
  'uploads younger than the grace period are kept (the client may still attach them)');
select ok(not exists (select from private.support_attachment_orphans(1000) n where n = :'other_bucket'), 'other buckets are not touched');

-- The job: one Storage delete request with the service key, audited.
delete from vault.secrets where name in ('project_url', 'service_role_key');
select vault.create_secret('http://api.test/', 'project_url');
select vault.create_secret('test-service-key', 'service_role_key');
create temp table queued_before as select coalesce(max(id), 0) as id from net.http_request_queue;
-- Only this test's orphans: others the cluster may hold are outside the tenant.
delete from storage.objects where bucket_id = 'support-attachments' and name not like :'a' || '/%';
select private.job_support_attachment_sweep('{}', '{}');
select results_eq(
  $$select method::text, url, headers ->> 'Authorization', headers ->> 'apikey', convert_from(body, 'UTF8')::jsonb
    from net.http_request_queue where id > (select id from queued_before)$$,
  format($$values ('DELETE', 'http://api.test/storage/v1/object/support-attachments', 'Bearer test-service-key', 'test-service-key', %L::jsonb)$$,
    jsonb_build_object('prefixes', jsonb_build_array(:'old_orphan'))),
  'DELETE <project_url>/storage/v1/object/support-attachments {prefixes} with the service role (Storage removes bytes and row)');
select results_eq(
  $$select entity_type, entity_id, (after ->> 'removed')::int, after -> 'tenants' from audit.log where action = 'support.attachment_sweep'$$,
  format($$values ('storage_bucket', 'support-attachments', 1, %L::jsonb)$$, jsonb_build_object(:'a', 1)),
  'the removal is audited with its count per tenant');

-- Nothing to remove: nothing sent, nothing audited.
delete from storage.objects where name = :'old_orphan';
truncate queued_before;
insert into queued_before select coalesce(max(id), 0) from net.http_request_queue;
select private.job_support_attachment_sweep('{}', '{}');
select is((select count(*) from net.http_request_queue where id > (select id from queued_before)), 0::bigint,
  'with no orphans, no request is sent');
select is((select count(*) from audit.log where action = 'support.attachment_sweep'), 1::bigint, 'and nothing more is audited');

select results_eq($$select schedule, command like '%support.attachment_sweep%' from cron.job where jobname = 'support.attachment_sweep'$$,
  $$values ('23 * * * *'::text, true)$$, 'scheduled hourly through the maintenance queue');

select * from finish();
rollback;
