-- Ticket attachments (docs/support.md, "Attachments"). The bytes live in Supabase Storage, in the
-- private bucket support-attachments, at <tenant_id>/<ticket_id>/<uuid>-<safe file name>; a row
-- here makes an uploaded object part of a message (attach_support_file). Who may read a file is
-- who may read its row: tenant users see attachments of their tenant's PUBLIC messages only, never
-- those of internal notes; support.read staff see all. The storage.objects policies below reuse it.

-- The bucket: private (downloads through signed URLs), 10 MiB a file, and only types a browser
-- does not run (no HTML, SVG or scripts): images, PDF, plain text, CSV and Office documents.
INSERT INTO storage.buckets (id, name, public, file_size_limit, allowed_mime_types) VALUES
	('support-attachments', 'support-attachments', false, 10485760, '{image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/msword,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.presentationml.presentation}');

create table public.support_attachments (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references public.support_tickets (id) on delete cascade,
  message_id bigint not null references public.support_messages (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  internal boolean not null,
  object_path text not null unique check (length(object_path) <= 300),
  file_name text not null check (btrim(file_name) <> '' and length(file_name) <= 200),
  size_bytes bigint not null check (size_bytes >= 0),
  content_type text not null check (length(content_type) <= 255),
  uploaded_by uuid,
  created_at timestamptz not null default now()
);
create index support_attachments_tenant_id_idx on public.support_attachments (tenant_id);
create index support_attachments_message_id_idx on public.support_attachments (message_id);
create index support_attachments_ticket_id_idx on public.support_attachments (ticket_id, id);

alter table public.support_attachments enable row level security;
create policy "tenant users see public attachments" on public.support_attachments
  for select to authenticated using (
    not internal and (tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));
create policy "HQ: support readers see every attachment, impersonators the public ones" on public.support_attachments
  for select to hq_staff using (
    (select private.has_permission('support.read'))
    or (not internal and tenant_id = any (array(select private.impersonated_tenant_ids(false)))));
revoke all on table public.support_attachments from public, anon, authenticated, service_role;
grant select on table public.support_attachments to authenticated;
grant all on table public.support_attachments to service_role;

comment on table public.support_attachments is 'Files attached to ticket messages (bytes in the Storage bucket support-attachments); an internal note''s files are never visible to the tenant.';
comment on column public.support_attachments.id is 'Attachment id.';
comment on column public.support_attachments.ticket_id is 'The ticket.';
comment on column public.support_attachments.message_id is 'The reply or note the file belongs to.';
comment on column public.support_attachments.tenant_id is 'The ticket''s tenant (copied for the row policy).';
comment on column public.support_attachments.internal is 'Copied from the message: an internal note''s file, staff only.';
comment on column public.support_attachments.object_path is 'The object''s name in the bucket: <tenant_id>/<ticket_id>/<uuid>-<safe file name>.';
comment on column public.support_attachments.file_name is 'The file name shown (the uploader''s, any script, 1–200 characters).';
comment on column public.support_attachments.size_bytes is 'Size in bytes, as Storage recorded it.';
comment on column public.support_attachments.content_type is 'MIME type, as Storage recorded it.';
comment on column public.support_attachments.uploaded_by is 'Who attached it (null: an e-mail, attached by the system).';
comment on column public.support_attachments.created_at is 'When it was attached.';

-- The ticket an attachment path names: <tenant uuid>/<ticket id>/<uuid>-<safe name> where the
-- ticket belongs to that tenant; null for any other shape (more or fewer folders, "..", characters
-- outside [A-Za-z0-9._-] in the name, another tenant's ticket).
create function private.support_attachment_ticket(path text) returns bigint
    language sql stable security definer
    set search_path to ''
    as $$
  select x.id
  from (select case when path ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9]{1,18}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$'
                     and position('..' in path) = 0 then string_to_array(path, '/') end as part) p
  join public.support_tickets x on x.id = p.part[2]::bigint and x.tenant_id = p.part[1]::uuid
$$;

revoke all on function private.support_attachment_ticket(text) from public, anon, authenticated, service_role;

-- The bytes a tenant keeps in the bucket: every object under <tenant_id>/, attached or not (as
-- Storage recorded their sizes). Read by the upload policy below: the tenant's quota.
create function private.support_tenant_stored_bytes(tenant uuid) returns bigint
    language sql stable security definer
    set search_path to ''
    as $$
  select coalesce(sum((o.metadata ->> 'size')::bigint), 0)::bigint
  from storage.objects o
  where o.bucket_id = 'support-attachments' and o.name like tenant::text || '/%'
$$;

revoke all on function private.support_tenant_stored_bytes(uuid) from public, anon, authenticated, service_role;

-- Whether a tenant user may upload to this path: a well-formed path of a ticket of one of their
-- tenants that is not closed, while the tenant's stored files are under its quota
-- (support_limit('tenant_attachment_mib'); the file that crosses it is refused when attached,
-- support.attachment_quota). (Staff with support.write may upload anywhere in the bucket.)
create function private.support_may_upload(path text) returns boolean
    language sql stable security definer
    set search_path to ''
    as $$
  select exists (select from public.support_tickets x
                 where x.id = private.support_attachment_ticket(path) and x.status <> 'closed'
                   and x.tenant_id = any (array(select private.my_tenant_ids()))
                   and private.support_tenant_stored_bytes(x.tenant_id)
                       < private.support_limit('tenant_attachment_mib')::bigint * 1048576)
$$;

revoke all on function private.support_may_upload(text) from public, anon, authenticated, service_role;
grant execute on function private.support_may_upload(text) to authenticated;

-- Storage access (Storage runs every statement as the caller, so these decide):
-- upload: tenant users under their own tenant's open tickets' folders, support.write staff anywhere;
-- read: the attachment's row is visible to the caller (an internal note's file stays hidden even with
-- its path guessed), or the caller uploaded it (a file not attached yet; Storage's insert returns it).
-- No update or delete policy: an attached file is never replaced or removed through the API.
create policy "support attachments: upload" on storage.objects
  for insert to authenticated with check (
    bucket_id = 'support-attachments' and private.support_may_upload(name));
create policy "HQ: support attachments: upload" on storage.objects
  for insert to hq_staff with check (
    bucket_id = 'support-attachments' and (select private.has_permission('support.write')));
create policy "support attachments: read" on storage.objects
  for select to authenticated using (
    bucket_id = 'support-attachments'
    and (owner_id = (select auth.uid())::text
         or exists (select from public.support_attachments a where a.object_path = name)));
