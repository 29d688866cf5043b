-- Ticket attachments: who may upload where (the storage.objects policies, as the Storage gateway
-- runs them: the caller's role inserting the object row), who reads what (an internal note's file
-- never reaches the tenant, not even by its guessed path), and attach_support_file's happy path.
begin;
select plan(17);

select tests.create_tenant('att-a') as a \gset
select tests.create_tenant('att-b') as b \gset
select tests.create_user('owner@att-a.test') as owner \gset
select tests.create_user('owner@att-b.test') as owner_b \gset
select tests.add_member(:'a', :'owner', 'owner');
select tests.add_member(:'b', :'owner_b', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset

-- An upload as the gateway does it: the caller inserts the object row (owner_id = the caller).
create function tests.upload(path text, mime text default 'image/png', size bigint default 1000) returns text language sql as $$
  select tests.error_of(format($q$ insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
    values ('support-attachments', %L, auth.uid(), auth.uid()::text, jsonb_build_object('size', %s, 'mimetype', %L)) $q$, path, size, mime))
$$;

select tests.authenticate_as(:'owner_b', 'aal1');
select public.open_support_ticket(:'b', 'Other tenant', 'Theirs.') as kb \gset
select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'a', 'Receipt printer', 'Photo attached.') as k \gset
select id as m0 from public.support_messages where ticket_id = :k \gset
select format('%s/%s/%s-receipt.png', :'a', :k, gen_random_uuid()) as p1 \gset

select is(tests.upload(:'p1'), 'ok', 'a tenant user uploads under their own ticket''s folder');
select is(tests.upload(format('%s/%s/%s-x.png', :'b', :kb, gen_random_uuid())), '42501 ',
  'but not under another tenant''s ticket');
select is(tests.upload(format('%s/%s/%s-x.png', :'a', :kb, gen_random_uuid())), '42501 ',
  'nor under their own tenant''s folder naming another tenant''s ticket');
select is(tests.upload(format('%s/%s/../%s-x.png', :'a', :k, gen_random_uuid())), '42501 ',
  'nor with .. or an extra folder in the path');
select is(tests.upload(format('%s/%s/x.png', :'a', :k)), '42501 ', 'nor without the uuid prefix');

select is((public.attach_support_file(:k, :m0, :'p1', 'إيصال الطابعة.png')).internal, false, 'the upload is attached to the owner''s message');
select is((select file_name || ' ' || size_bytes || ' ' || content_type from public.support_attachments where ticket_id = :k),
  'إيصال الطابعة.png 1000 image/png', 'with its shown name, size and type as Storage recorded them');

-- Staff: an internal note with a file.
select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:k, 'Logs from the printer.', true) as note \gset
select format('%s/%s/%s-printer-log.txt', :'a', :k, gen_random_uuid()) as p2 \gset
select is(tests.upload(:'p2', 'text/plain'), 'ok', 'support staff upload to the ticket''s folder');
select is((public.attach_support_file(:k, :note, :'p2', 'printer-log.txt')).internal, true, 'the note''s file is internal');
select is(tests.error_of(format($$ select public.attach_support_file(%s, %s, %L, 'again.txt') $$, :k, :m0, :'p2')),
  'PT409 support.attachment_exists', 'the note''s file cannot be attached again to a public message');

select tests.authenticate_as(:'owner', 'aal1');
select results_eq(format($$ select file_name from public.support_attachments where ticket_id = %s $$, :k),
  $$ values ('إيصال الطابعة.png'::text) $$, 'the owner sees the public reply''s file only');
select is((select count(*) from storage.objects where name = :'p2'), 0::bigint, 'the note''s file is hidden even by its exact path');
select is((select count(*) from storage.objects where name = :'p1'), 1::bigint, 'the public file is readable');

select tests.authenticate_as(:'owner_b', 'aal1');
select is((select count(*) from storage.objects where bucket_id = 'support-attachments' and name like :'a' || '/%'), 0::bigint,
  'another tenant reads none of the tenant''s files');
select is(tests.error_of(format($$ select public.attach_support_file(%s, %s, %L, 'x.png') $$, :k, :m0, :'p1')),
  'PT404 support.unknown_ticket', 'nor attaches to its ticket');

select tests.authenticate_as(:'auditor', 'aal2');
select is((select count(*) from public.support_attachments where ticket_id = :k), 2::bigint, 'support.read staff see both files');

select tests.clear_authentication();
select is((select count(*) from audit.log where action = 'support.attachment' and entity_id = :'k'), 2::bigint, 'each attachment is audited');

select * from finish();
rollback;
