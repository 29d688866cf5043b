-- Attaching uploaded files to ticket messages (docs/support.md, "Attachments"). The client uploads
-- to the bucket support-attachments first (the storage.objects policies decide who may), then
-- attaches the object to a message; the attachment's row is what makes the file readable by others.

-- Attaches one stored object to a locked ticket's message after re-checking everything the upload
-- could not: the path names this ticket of this tenant, the object exists (and, when own_only, was
-- uploaded by the uploader), it is not attached already (an internal note's file cannot be
-- re-attached to a public reply to leak it), its recorded size and type are within the bucket's
-- limits, the message is under its cap. Audited.
create function private.support_attach_object(t public.support_tickets, m public.support_messages, object_path text,
    file_name text, uploader uuid, own_only boolean) returns public.support_attachments
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  o storage.objects;
  b storage.buckets;
  v_size bigint;
  v_type text;
  a public.support_attachments;
begin
  file_name := btrim(coalesce(file_name, ''));
  -- no path separators, control characters or bidi overrides (which disguise "exe.png" as "gnp.exe")
  if file_name = '' or length(file_name) > private.support_limit('attachment_name')
      or file_name ~ '[/\\[:cntrl:]\u200E\u200F\u202A-\u202E\u2066-\u2069]' then
    perform private.fail('support.invalid_attachment', format('a file name is 1–%s characters, without / \ or control characters',
      private.support_limit('attachment_name')));
  end if;
  if object_path is null or private.support_attachment_ticket(object_path) is distinct from t.id then
    perform private.fail('support.invalid_attachment', 'the file is not in this ticket''s folder',
      format('upload it to %s/%s/<uuid>-<name>', t.tenant_id, t.id));
  end if;
  select * into o from storage.objects x where x.bucket_id = 'support-attachments' and x.name = object_path;
  if o.id is null or (own_only and o.owner_id is distinct from uploader::text) then
    perform private.fail('support.attachment_not_found', 'no uploaded file at this path');
  end if;
  if exists (select from public.support_attachments x where x.object_path = support_attach_object.object_path) then
    perform private.fail('support.attachment_exists', 'this file is already attached');
  end if;
  select * into b from storage.buckets x where x.id = 'support-attachments';
  v_size := coalesce((o.metadata ->> 'size')::bigint, 0);
  v_type := lower(btrim(split_part(coalesce(o.metadata ->> 'mimetype', ''), ';', 1)));
  if v_size > b.file_size_limit then
    perform private.fail('support.attachment_too_large', format('the file has %s bytes, at most %s are allowed', v_size, b.file_size_limit));
  end if;
  if v_type = '' or not exists (select from unnest(b.allowed_mime_types) r
      where case when r like '%/*' then starts_with(v_type, lower(left(r, -1))) else v_type = lower(r) end) then
    perform private.fail('support.attachment_type_forbidden', format('files of type %s cannot be attached', coalesce(nullif(v_type, ''), 'unknown')));
  end if;
  -- The tenant's quota counts its attached files; support.write staff are not held to it (an answer
  -- to the customer never fails because of the customer's files); inbound mail is.
  if not private.has_permission('support.write')
      and (select coalesce(sum(x.size_bytes), 0) from public.support_attachments x where x.tenant_id = t.tenant_id) + v_size
          > private.support_limit('tenant_attachment_mib')::bigint * 1048576 then
    perform private.fail('support.attachment_quota', format('the tenant''s attachments would exceed %s MiB',
      private.support_limit('tenant_attachment_mib')));
  end if;
  if (select count(*) from public.support_attachments x where x.message_id = m.id) >= private.support_limit('attachments_per_message') then
    perform private.fail('support.too_many_attachments', format('a message has at most %s attachments', private.support_limit('attachments_per_message')));
  end if;
  insert into public.support_attachments (ticket_id, message_id, tenant_id, internal, object_path, file_name, size_bytes,
      content_type, uploaded_by, created_at)
  values (t.id, m.id, t.tenant_id, m.internal, object_path, file_name, v_size, v_type, uploader, private.now())
  returning * into a;
  perform audit.record('support.attachment', 'support_ticket', t.id::text, null,
    jsonb_build_object('attachment_id', a.id, 'message_id', m.id, 'file_name', a.file_name, 'size_bytes', a.size_bytes,
      'content_type', a.content_type, 'internal', a.internal), t.tenant_id, null);
  return a;
end
$$;

revoke all on function private.support_attach_object(public.support_tickets, public.support_messages, text, text, uuid, boolean)
  from public, anon, authenticated, service_role;

-- The exposed entry point (SECURITY INVOKER): the body below is SECURITY DEFINER.
create function public.attach_support_file(ticket_id bigint, message_id bigint, object_path text, file_name text)
    returns public.support_attachments
    language sql
    set search_path to ''
    as $$ select private.attach_support_file(ticket_id, message_id, object_path, file_name) $$;

-- Tenant users attach files they uploaded to their own public replies; support.write staff any
-- file of the ticket's folder to any message of the ticket. Closed tickets take no attachments.
create function private.attach_support_file(ticket_id bigint, message_id bigint, object_path text, file_name text)
    returns public.support_attachments
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  staff boolean := private.has_permission('support.write');
  t public.support_tickets;
  m public.support_messages;
begin
  t := private.support_lock_ticket(ticket_id, staff);
  perform private.assert_not_in_maintenance(t.tenant_id);
  if t.status = 'closed' then
    perform private.fail('support.ticket_closed', format('ticket %s is closed', t.id), 'reopen it first');
  end if;
  select * into m from public.support_messages x
  where x.id = attach_support_file.message_id and x.ticket_id = t.id
    and (staff or (x.author_id = auth.uid() and not x.internal));
  if m.id is null then
    perform private.fail('support.unknown_message', 'no such message of yours on this ticket');
  end if;
  return private.support_attach_object(t, m, object_path, file_name, auth.uid(), not staff);
end
$$;

revoke all on function public.attach_support_file(bigint, bigint, text, text) from public, anon, authenticated, service_role;
grant execute on function public.attach_support_file(bigint, bigint, text, text) to authenticated;
comment on function public.attach_support_file(bigint, bigint, text, text) is
  'Attaches a file uploaded to the bucket support-attachments (<tenant_id>/<ticket_id>/<uuid>-<name>) to a message of the ticket: tenant users their own uploads to their own replies, support.write staff any; size and type re-checked against the bucket; at most 10 per message.';

revoke all on function private.attach_support_file(bigint, bigint, text, text) from public, anon, authenticated, service_role;
grant execute on function private.attach_support_file(bigint, bigint, text, text) to authenticated;

-- The inbound-mail side (service role: the support-inbound-mail Edge Function). files: the objects
-- it stored, [{path, file_name}]; skipped: the parts Storage refused, [{file_name, size,
-- content_type, reason}]. Each file is attached to the mail's message; a file the checks refuse
-- joins the skipped ones; the skipped ones are listed in an internal note (nothing lost silently).
create function public.attach_support_mail_files(message_id bigint, files jsonb, skipped jsonb default '[]') returns jsonb
    language sql
    set search_path to ''
    as $$ select private.attach_support_mail_files(message_id, files, skipped) $$;

create function private.attach_support_mail_files(message_id bigint, files jsonb, skipped jsonb default '[]') returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  m public.support_messages;
  t public.support_tickets;
  f jsonb;
  a public.support_attachments;
  v_code text;
  v_attached jsonb := '[]';
  v_skipped jsonb := case when jsonb_typeof(skipped) = 'array' then skipped else '[]' end;
  v_note text;
  v_note_id bigint;
begin
  select * into m from public.support_messages x where x.id = attach_support_mail_files.message_id;
  if m.id is null then
    perform private.fail('support.unknown_message', 'no such message');
  end if;
  select * into t from public.support_tickets x where x.id = m.ticket_id for update;
  for f in select x from jsonb_array_elements(case when jsonb_typeof(files) = 'array' then files else '[]' end) x
      limit 2 * private.support_limit('attachments_per_message') loop
    begin
      a := private.support_attach_object(t, m, f ->> 'path', coalesce(nullif(f ->> 'file_name', ''), 'attachment'), null, false);
      v_attached := v_attached || jsonb_build_object('id', a.id, 'file_name', a.file_name);
    exception when others then
      get stacked diagnostics v_code = pg_exception_detail;
      v_skipped := v_skipped || jsonb_build_object('file_name', f ->> 'file_name', 'path', f ->> 'path', 'reason', v_code);
    end;
  end loop;
  if jsonb_array_length(v_skipped) > 0 then
    v_note := left('Attachments of this e-mail that were not kept:' || E'\n' || (
      select string_agg(format('- %s (%s, %s bytes): %s', coalesce(left(s ->> 'file_name', 200), 'attachment'),
               coalesce(left(s ->> 'content_type', 100), 'type unknown'), coalesce(s ->> 'size', '?'), coalesce(left(s ->> 'reason', 100), 'refused')), E'\n')
      from jsonb_array_elements(v_skipped) s), private.support_limit('body'));
    insert into public.support_messages (ticket_id, tenant_id, author_id, from_staff, internal, body, created_at)
    values (t.id, t.tenant_id, null, true, true, v_note, private.now())
    returning id into v_note_id;
    perform audit.record('support.attachment_skipped', 'support_ticket', t.id::text, null,
      jsonb_build_object('message_id', m.id, 'note_id', v_note_id, 'skipped', jsonb_array_length(v_skipped)), t.tenant_id, null);
  end if;
  return jsonb_build_object('attached', v_attached, 'skipped', v_skipped, 'note_id', v_note_id);
end
$$;

revoke all on function public.attach_support_mail_files(bigint, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.attach_support_mail_files(bigint, jsonb, jsonb) to service_role;
comment on function public.attach_support_mail_files(bigint, jsonb, jsonb) is
  'Attaches the files an inbound e-mail carried (service role: support-inbound-mail) to the message the mail became; the ones refused are listed in an internal note of the ticket.';

revoke all on function private.attach_support_mail_files(bigint, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.attach_support_mail_files(bigint, jsonb, jsonb) to service_role;
