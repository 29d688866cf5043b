-- attach_support_file's refusals (the attacker's attempts included) and the inbound-mail side:
-- attach_support_mail_files lists the refused files in an internal note the tenant never sees.
begin;
select plan(16);

select tests.create_tenant('attc-a') as a \gset
select tests.create_user('owner@attc-a.test') as owner \gset
select tests.create_user('clerk@attc-a.test') as clerk \gset
select tests.add_member(:'a', :'owner', 'owner');
select tests.add_member(:'a', :'clerk', 'viewer');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

-- Objects as Storage would have recorded them (size, type and owner as given; the bucket's own
-- checks are the gateway's and are tested with supabase-js).
create function tests.stored(path text, owner uuid, mime text default 'image/png', size bigint default 1000) returns text language sql as $$
  insert into storage.objects (bucket_id, name, owner_id, metadata)
  values ('support-attachments', path, owner::text, jsonb_build_object('size', size, 'mimetype', mime)) returning name
$$;
create function tests.path(tenant uuid, ticket bigint, name text default 'f.png') returns text language sql as $$
  select format('%s/%s/%s-%s', tenant, ticket, gen_random_uuid(), name)
$$;

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'a', 'Attachments', 'Files follow.') as k \gset
select public.open_support_ticket(:'a', 'Another one', 'Other.') as k2 \gset
select id as m0 from public.support_messages where ticket_id = :k \gset
select tests.clear_authentication();

create function tests.attach_as(who uuid, aal text, ticket bigint, message bigint, path text, name text default 'f.png') returns text language sql as $$
  select tests.error_of(who, aal, format('select public.attach_support_file(%s, %s, %L, %L)', ticket, message, path, name))
$$;

select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k, 'big.pdf'), :'owner', 'application/pdf', 20000000)),
  'PT413 support.attachment_too_large', 'a file over the bucket''s size limit is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k, 'page.html'), :'owner', 'text/html')),
  'PT415 support.attachment_type_forbidden', 'a type outside the bucket''s list (HTML) is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.path(:'a', :k)),
  'PT404 support.attachment_not_found', 'a path with nothing uploaded is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k), :'clerk')),
  'PT404 support.attachment_not_found', 'a tenant user cannot attach a file another user uploaded');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k2), :'owner')),
  '22023 support.invalid_attachment', 'a file in another ticket''s folder is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(format('%s/%s/../%s/%s-f.png', :'a', :k2, :k, gen_random_uuid()), :'owner')),
  '22023 support.invalid_attachment', 'a path climbing out with .. is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k), :'owner'), '../../etc/passwd'),
  '22023 support.invalid_attachment', 'a file name with slashes is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k), :'owner'), repeat('x', 201)),
  '22023 support.invalid_attachment', 'a file name over 200 characters is refused');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k), :'owner'), 'invoice' || chr(8238) || 'fdp.exe'),
  '22023 support.invalid_attachment', 'a file name with a right-to-left override (a disguised extension) is refused');

select tests.authenticate_as(:'agent', 'aal2');
select public.reply_support_ticket(:k, 'Staff reply.') as staff_reply \gset
select tests.clear_authentication();
select is(tests.attach_as(:'owner', 'aal1', :k, :staff_reply, tests.stored(tests.path(:'a', :k), :'owner')),
  'PT404 support.unknown_message', 'a tenant user attaches only to their own messages');

select count(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k), :'owner'))) from generate_series(1, 10);
select is((select count(*) from public.support_attachments where message_id = :m0), 10::bigint, 'ten files on one message');
select is(tests.attach_as(:'owner', 'aal1', :k, :m0, tests.stored(tests.path(:'a', :k), :'owner')),
  'PT409 support.too_many_attachments', 'the eleventh is refused');

select tests.authenticate_as(:'agent', 'aal2');
select public.set_support_ticket_status(:k2, 'closed');
select tests.clear_authentication();
select id as m2 from public.support_messages where ticket_id = :k2 \gset
select is(tests.attach_as(:'owner', 'aal1', :k2, :m2, tests.stored(tests.path(:'a', :k2), :'owner')),
  'PT409 support.ticket_closed', 'a closed ticket takes no attachments');

-- Inbound mail (service role): one good file, one the checks refuse, one Storage refused.
select tests.authenticate_as(:'owner', 'aal1');
select public.reply_support_ticket(:k, 'Sent by mail.') as m3 \gset
select tests.authenticate_as_service_role();
select public.attach_support_mail_files(:m3, jsonb_build_array(
    jsonb_build_object('path', tests.stored(tests.path(:'a', :k, 'scan.pdf'), null, 'application/pdf'), 'file_name', 'scan.pdf'),
    jsonb_build_object('path', tests.stored(tests.path(:'a', :k, 'run.exe'), null, 'application/x-msdownload'), 'file_name', 'run.exe')),
  jsonb_build_array(jsonb_build_object('file_name', 'video.mp4', 'size', 30000000, 'content_type', 'video/mp4', 'reason', 'support.attachment_too_large')))
  as mail \gset
select is(jsonb_array_length((:'mail'::jsonb) -> 'skipped') || ' skipped, ' || jsonb_array_length((:'mail'::jsonb) -> 'attached') || ' attached', '2 skipped, 1 attached',
  'the mail''s good file is attached, the refused and skipped ones reported');
select tests.clear_authentication();
select matches((select body from public.support_messages where id = ((:'mail'::jsonb) ->> 'note_id')::bigint and internal),
  'video\.mp4.*support\.attachment_too_large.*run\.exe.*support\.attachment_type_forbidden', 'and listed in an internal note of the ticket');

select tests.authenticate_as(:'owner', 'aal1');
select is((select count(*) from public.support_messages where ticket_id = :k and internal), 0::bigint, 'which the tenant does not see');

select * from finish();
rollback;
