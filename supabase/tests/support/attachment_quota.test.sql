-- The per-tenant attachment quota (support_limit('tenant_attachment_mib'), 200 MiB): attaching a file
-- that takes the tenant's attached files over it is refused with support.attachment_quota (tenant
-- users and inbound mail; support.write staff are not held to it), and the upload policy refuses a
-- tenant user's uploads once the tenant's stored files reach it. Other tenants are not affected.
begin;
select plan(8);

select tests.create_tenant('quota-a') as a \gset
select tests.create_tenant('quota-b') as b \gset
select tests.create_user('owner@quota-a.test') as owner \gset
select tests.create_user('owner@quota-b.test') as owner_b \gset
select tests.add_member(:'a', :'owner', 'owner');
select tests.add_member(:'b', :'owner_b', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select (private.support_limit('tenant_attachment_mib')::bigint * 1048576) as quota \gset

create function tests.stored(path text, owner uuid, size bigint default 1000) returns text language sql as $$
  insert into storage.objects (bucket_id, name, owner_id, metadata)
  values ('support-attachments', path, owner::text, jsonb_build_object('size', size, 'mimetype', 'image/png')) returning name
$$;
create function tests.path(tenant uuid, ticket bigint) returns text language sql as $$
  select format('%s/%s/%s-f.png', tenant, ticket, gen_random_uuid())
$$;
-- An upload as the gateway does it: the caller inserts the object row.
create function tests.upload(path text) returns text language sql as $$
  select tests.error_of(format($q$ insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
    values ('support-attachments', %L, auth.uid(), auth.uid()::text, '{"size": 1000, "mimetype": "image/png"}') $q$, path))
$$;

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'a', 'Quota', 'Files follow.') as k \gset
select id as m0 from public.support_messages where ticket_id = :k \gset
select tests.authenticate_as(:'owner_b', 'aal1');
select public.open_support_ticket(:'b', 'Quota b', 'Files follow.') as kb \gset
select tests.clear_authentication();

-- The tenant's earlier files: the quota less 1,500 bytes (one row standing for many attachments).
insert into public.support_attachments (ticket_id, message_id, tenant_id, internal, object_path, file_name, size_bytes, content_type)
values (:k, :m0, :'a', false, tests.stored(tests.path(:'a', :k), :'owner', :quota - 1500), 'earlier.png', :quota - 1500, 'image/png');

select is(tests.error_of(:'owner', 'aal1', format('select public.attach_support_file(%s, %s, %L, %L)', :k, :m0,
    tests.stored(tests.path(:'a', :k), :'owner'), 'fits.png')), 'ok', 'a file that fits in the quota is attached');
select tests.stored(tests.path(:'a', :k), :'owner') as over \gset
select is(tests.error_of(:'owner', 'aal1', format('select public.attach_support_file(%s, %s, %L, %L)', :k, :m0, :'over', 'over.png')),
  'PT413 support.attachment_quota', 'the file that takes the tenant over its quota is refused');
select is(tests.error_of(:'agent', 'aal2', format('select public.attach_support_file(%s, %s, %L, %L)', :k, :m0, :'over', 'over.png')),
  'ok', 'support staff are not held to the tenant''s quota');

-- Inbound mail: the file over the quota is listed in the internal note with its code.
select tests.authenticate_as(:'owner', 'aal1');
select public.reply_support_ticket(:k, 'Sent by mail.') as m1 \gset
select tests.authenticate_as_service_role();
select public.attach_support_mail_files(:m1, jsonb_build_array(jsonb_build_object('path', tests.stored(tests.path(:'a', :k), null), 'file_name', 'scan.png')))
  as mail \gset
select tests.clear_authentication();
select is((:'mail'::jsonb) #>> '{skipped,0,reason}', 'support.attachment_quota', 'an inbound mail''s file over the quota is skipped with the code');

-- Uploads: refused once the tenant's stored files reach the quota; another tenant uploads on.
select tests.authenticate_as(:'owner', 'aal1');
select is(tests.upload(tests.path(:'a', :k)), '42501 ', 'a tenant at its quota cannot upload more');
select tests.authenticate_as(:'owner_b', 'aal1');
select is(tests.upload(tests.path(:'b', :kb)), 'ok', 'another tenant still uploads');
select tests.clear_authentication();
delete from storage.objects where name like :'a' || '/%' and (metadata ->> 'size')::bigint = 1000;
update storage.objects set metadata = metadata || jsonb_build_object('size', :quota - 5000) where name like :'a' || '/%';
select tests.authenticate_as(:'owner', 'aal1');
select is(tests.upload(tests.path(:'a', :k)), 'ok', 'under the quota, the tenant uploads');
select tests.clear_authentication();
select is(private.support_tenant_stored_bytes(:'a'), (:quota - 4000)::bigint, 'the stored bytes count every object under the tenant''s folder');

select * from finish();
rollback;
