-- Sets a ticket's tags (support.write): lower-case words, at most support_limit('tags').
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_support_ticket_tags, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.set_support_ticket_tags(ticket_id bigint, tags text[]) returns void
    language sql
    set search_path to ''
    as $$ select private.set_support_ticket_tags(ticket_id, tags) $$;

create function private.set_support_ticket_tags(ticket_id bigint, tags text[]) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  t public.support_tickets;
  clean text[];
begin
  perform private.assert_permission('support.write');
  t := private.support_lock_ticket(ticket_id, true);
  select coalesce(array_agg(distinct lower(btrim(x)) order by lower(btrim(x))), '{}') into clean from unnest(coalesce(tags, '{}')) x;
  if cardinality(clean) > private.support_limit('tags')
     or exists (select from unnest(clean) x where x !~ '^[a-z0-9][a-z0-9_-]{0,39}$') then
    perform private.fail('support.invalid_tag', format('at most %s tags of 1–40 letters, digits, _ or -', private.support_limit('tags')));
  end if;
  update public.support_tickets x set tags = clean, updated_at = private.now() where x.id = t.id;
  perform audit.record('support.ticket_tags', 'support_ticket', t.id::text, jsonb_build_object('tags', t.tags),
    jsonb_build_object('tags', clean), t.tenant_id, null);
end
$$;

revoke all on function public.set_support_ticket_tags(bigint, text[]) from public, anon, authenticated, service_role;
grant execute on function public.set_support_ticket_tags(bigint, text[]) to authenticated, service_role;
comment on function public.set_support_ticket_tags(bigint, text[]) is
  'Sets a ticket''s tags (support.write; at most 20 lower-case tags).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.set_support_ticket_tags(bigint, text[]) from public, anon, authenticated, service_role;
grant execute on function private.set_support_ticket_tags(bigint, text[]) to authenticated, service_role;

-- Merges a duplicate into another ticket of the same tenant (support.write): the duplicate is
-- closed and points at the target, the target gets the duplicate's tags and an internal note.
-- Messages stay where they were written; both tickets are locked in id order (no deadlock).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.merge_support_tickets, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.merge_support_tickets(source_id bigint, target_id bigint, reason text default null) returns void
    language sql
    set search_path to ''
    as $$ select private.merge_support_tickets(source_id, target_id, reason) $$;

create function private.merge_support_tickets(source_id bigint, target_id bigint, reason text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  src public.support_tickets;
  dst public.support_tickets;
begin
  perform private.assert_permission('support.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if source_id = target_id then
    perform private.fail('support.invalid_merge', 'a ticket cannot be merged into itself');
  end if;
  perform private.support_lock_ticket(least(source_id, target_id), true);
  perform private.support_lock_ticket(greatest(source_id, target_id), true);
  select * into src from public.support_tickets x where x.id = source_id;
  select * into dst from public.support_tickets x where x.id = target_id;
  if src.tenant_id <> dst.tenant_id then
    perform private.fail('support.invalid_merge', 'only tickets of the same tenant can be merged');
  end if;
  if src.status = 'closed' or dst.status = 'closed' or dst.merged_into is not null then
    perform private.fail('support.ticket_closed', 'closed tickets cannot be merged');
  end if;
  src := private.support_move(src, 'closed');
  update public.support_tickets x set merged_into = dst.id where x.id = src.id;
  update public.support_tickets x
  set tags = (select coalesce(array_agg(distinct g order by g), '{}') from unnest(x.tags || src.tags) g)[1:private.support_limit('tags')],
      updated_at = private.now()
  where x.id = dst.id;
  insert into public.support_messages (ticket_id, tenant_id, author_id, from_staff, internal, body, created_at)
  values (dst.id, dst.tenant_id, auth.uid(), true, true,
          format('Merged ticket #%s (%s) into this one.', src.id, src.subject), private.now());
  perform audit.record('support.ticket_merge', 'support_ticket', src.id::text, jsonb_build_object('status', 'open'),
    jsonb_build_object('merged_into', dst.id), src.tenant_id, reason);
end
$$;

revoke all on function public.merge_support_tickets(bigint, bigint, text) from public, anon, authenticated, service_role;
grant execute on function public.merge_support_tickets(bigint, bigint, text) to authenticated, service_role;
comment on function public.merge_support_tickets(bigint, bigint, text) is
  'Merges a duplicate ticket into another of the same tenant (support.write): the duplicate is closed and linked, its tags carried over.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.merge_support_tickets(bigint, bigint, text) from public, anon, authenticated, service_role;
grant execute on function private.merge_support_tickets(bigint, bigint, text) to authenticated, service_role;
