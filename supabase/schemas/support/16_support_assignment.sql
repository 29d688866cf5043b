-- Creates or renames a support group (support.write).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_support_group, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.save_support_group(code text, name jsonb) returns bigint
    language sql
    set search_path to ''
    as $$ select private.save_support_group(code, name) $$;

create function private.save_support_group(code text, name jsonb) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.support_groups;
  after_row public.support_groups;
begin
  perform private.assert_permission('support.write');
  perform private.assert_json_size(name, 'the name');
  if code is null or code !~ '^[a-z][a-z0-9_]{1,39}$' or name is null or jsonb_typeof(name) <> 'object'
     or coalesce(btrim(name ->> 'en'), '') = '' or length(name::text) > 1000 then
    perform private.fail('support.invalid_group', 'a group has a code (a-z, 0-9, _) and a name {"en", "ar"}');
  end if;
  select * into before_row from public.support_groups g where g.code = save_support_group.code for update;
  insert into public.support_groups as g (code, name) values (code, name)
  on conflict on constraint support_groups_code_key do update set name = excluded.name
  returning * into after_row;
  perform audit.record('support.group_save', 'support_group', code, to_jsonb(before_row), to_jsonb(after_row), null, null);
  return after_row.id;
end
$$;

revoke all on function public.save_support_group(text, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.save_support_group(text, jsonb) to authenticated, service_role;
comment on function public.save_support_group(text, jsonb) is 'Creates or renames a support group (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.save_support_group(text, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.save_support_group(text, jsonb) to authenticated, service_role;

-- Adds (member true) or removes a staff member from a group (support.write). Members need
-- support.write themselves: they work the tickets.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_support_group_member, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.set_support_group_member(group_code text, staff_id uuid, member boolean default true) returns void
    language sql
    set search_path to ''
    as $$ select private.set_support_group_member(group_code, staff_id, member) $$;

create function private.set_support_group_member(group_code text, staff_id uuid, member boolean default true) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  g public.support_groups;
begin
  perform private.assert_permission('support.write');
  select * into g from public.support_groups x where x.code = group_code for update;
  if g.id is null then
    perform private.fail('support.unknown_group', 'no such support group');
  end if;
  if coalesce(member, true) then
    if not exists (select from public.platform_staff s join public.role_permissions rp on rp.role_code = s.role_code
                   where s.user_id = staff_id and s.status = 'active' and rp.permission_code = 'support.write') then
      perform private.fail('support.invalid_member', 'only active staff who work tickets (support.write) can join a group');
    end if;
    insert into public.support_group_members (group_id, staff_id) values (g.id, set_support_group_member.staff_id) on conflict do nothing;
  else
    delete from public.support_group_members m where m.group_id = g.id and m.staff_id = set_support_group_member.staff_id;
  end if;
  perform audit.record('support.group_member', 'support_group', g.code, null,
    jsonb_build_object('staff_id', staff_id, 'member', coalesce(member, true)), null, null);
end
$$;

revoke all on function public.set_support_group_member(text, uuid, boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_support_group_member(text, uuid, boolean) to authenticated, service_role;
comment on function public.set_support_group_member(text, uuid, boolean) is 'Adds or removes a staff member (with support.write) from a support group.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.set_support_group_member(text, uuid, boolean) from public, anon, authenticated, service_role;
grant execute on function private.set_support_group_member(text, uuid, boolean) to authenticated, service_role;

-- Assigns a ticket to a group (support.write): to the given member (manual reassignment), or,
-- with no assignee, round-robin to the active member after the group's last assignee (by id,
-- wrapping round). The group row is locked so two simultaneous assignments take turns.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.assign_support_ticket, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.assign_support_ticket(ticket_id bigint, group_code text, assignee_id uuid default null) returns uuid
    language sql
    set search_path to ''
    as $$ select private.assign_support_ticket(ticket_id, group_code, assignee_id) $$;

create function private.assign_support_ticket(ticket_id bigint, group_code text, assignee_id uuid default null) returns uuid
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  t public.support_tickets;
  g public.support_groups;
  chosen uuid;
begin
  perform private.assert_permission('support.write');
  t := private.support_lock_ticket(ticket_id, true);
  select * into g from public.support_groups x where x.code = group_code for update;
  if g.id is null then
    perform private.fail('support.unknown_group', 'no such support group');
  end if;
  if assignee_id is not null then
    if not exists (select from public.support_group_members m where m.group_id = g.id and m.staff_id = assignee_id) then
      perform private.fail('support.not_in_group', 'the assignee is not a member of the group');
    end if;
    chosen := assignee_id;
  else
    select m.staff_id into chosen from public.support_group_members m
    join public.platform_staff s on s.user_id = m.staff_id and s.status = 'active'
    where m.group_id = g.id
    order by (m.staff_id <= coalesce(g.last_assignee_id, '00000000-0000-0000-0000-000000000000'::uuid)), m.staff_id
    limit 1;
    if chosen is null then
      perform private.fail('support.group_empty', format('group %s has no active members', g.code));
    end if;
    update public.support_groups x set last_assignee_id = chosen where x.id = g.id;
  end if;
  update public.support_tickets x set group_id = g.id, assignee_id = chosen, updated_at = private.now() where x.id = t.id;
  perform audit.record('support.ticket_assign', 'support_ticket', t.id::text,
    jsonb_build_object('group_id', t.group_id, 'assignee_id', t.assignee_id),
    jsonb_build_object('group_id', g.id, 'assignee_id', chosen), t.tenant_id, null);
  return chosen;
end
$$;

revoke all on function public.assign_support_ticket(bigint, text, uuid) from public, anon, authenticated, service_role;
grant execute on function public.assign_support_ticket(bigint, text, uuid) to authenticated, service_role;
comment on function public.assign_support_ticket(bigint, text, uuid) is
  'Assigns a ticket to a support group and a member of it: the given one, or round-robin (support.write); returns the assignee.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.assign_support_ticket(bigint, text, uuid) from public, anon, authenticated, service_role;
grant execute on function private.assign_support_ticket(bigint, text, uuid) to authenticated, service_role;
