-- The console's inbox: the SLA state of a ticket (one definition, used by the inbox and its counts,
-- never re-computed by the console), the inbox rows of a view with filters, and the counts per view,
-- group and agent (the workload shown when assigning).

-- Where a ticket stands against its SLA at now_at:
--   done (solved or closed), paused (clock stopped: pending on the customer),
--   breached (the next target has passed), breaching_soon (due within the 60 minutes the escalation
--   job warns at), on_track. The next target is the first response until staff replied, then resolution.
create function private.support_sla_state(t public.support_tickets, now_at timestamptz) returns text
    language sql stable
    set search_path to ''
    as $$
  select case
    when t.status in ('solved', 'closed') then 'done'
    when t.sla_paused_at is not null then 'paused'
    when private.support_next_due(t) is null then 'on_track'
    when private.support_next_due(t) <= now_at then 'breached'
    when private.support_next_due(t) <= now_at + interval '60 minutes' then 'breaching_soon'
    else 'on_track'
  end
$$;

-- The ticket's next SLA target: the first response while staff have not replied, else resolution.
create function private.support_next_due(t public.support_tickets) returns timestamptz
    language sql immutable
    set search_path to ''
    as $$
  select case when t.first_responded_at is null then least(t.first_response_due_at, t.resolution_due_at)
              else t.resolution_due_at end
$$;

revoke all on function private.support_sla_state(public.support_tickets, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.support_sla_state(public.support_tickets, timestamptz) to authenticated, service_role;
revoke all on function private.support_next_due(public.support_tickets) from public, anon, authenticated, service_role;
grant execute on function private.support_next_due(public.support_tickets) to authenticated, service_role;

-- The inbox (support.read). view: mine (assigned to me), unassigned, group (group_code required),
-- breaching (breached or breaching soon), open (every unsolved ticket), all (every ticket, solved
-- and closed too; with ticket_id: that one ticket, for the ticket page's SLA state). Every view
-- but all shows unsolved tickets unless statuses are given. Filters are ANDed; the most urgent first (next due time), then the newest.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.support_inbox, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.support_inbox(view text default 'open', statuses text[] default null, priority text default null,
                                     category text default null, tenant_id uuid default null, assignee_id uuid default null,
                                     group_code text default null, tag text default null, max_results integer default 200,
                                     ticket_id bigint default null)
    returns table (id bigint, tenant_id uuid, tenant_slug text, tenant_name jsonb, subject text, category text, priority text,
                   status text, group_code text, assignee_id uuid, tags text[], created_at timestamptz, updated_at timestamptz,
                   next_due_at timestamptz, sla_state text)
    language sql stable
    set search_path to ''
    as $$ select * from private.support_inbox(view, statuses, priority, category, tenant_id, assignee_id, group_code, tag, max_results, ticket_id) $$;

create function private.support_inbox(view text, statuses text[], priority text, category text, tenant_id uuid,
                                      assignee_id uuid, group_code text, tag text, max_results integer, ticket_id bigint)
    returns table (id bigint, tenant_id uuid, tenant_slug text, tenant_name jsonb, subject text, category text, priority text,
                   status text, group_code text, assignee_id uuid, tags text[], created_at timestamptz, updated_at timestamptz,
                   next_due_at timestamptz, sla_state text)
    language sql stable security definer
    set search_path to ''
    -- SQL, not PL/pgSQL: the result columns share names with the filters (PL/pgSQL refuses that);
    -- the filters are referred to qualified (support_inbox.x), the columns through t.
    as $$
  select private.assert_permission('support.read');
  select private.fail('support.invalid_view', 'view is mine, unassigned, group (with group_code), breaching, open or all; at most 500 rows')
  where coalesce(view, 'open') not in ('mine', 'unassigned', 'group', 'breaching', 'open', 'all')
     or (view = 'group' and support_inbox.group_code is null) or coalesce(max_results, 1) not between 1 and 500;
  select t.id, t.tenant_id, tn.slug, tn.name, t.subject, t.category, t.priority, t.status, g.code, t.assignee_id, t.tags,
         t.created_at, t.updated_at, private.support_next_due(t), s.state
  from public.support_tickets t
  cross join lateral (select private.support_sla_state(t, private.now()) as state) s
  join public.tenants tn on tn.id = t.tenant_id
  left join public.support_groups g on g.id = t.group_id
  where (case when support_inbox.statuses is not null then t.status = any (support_inbox.statuses)
              when coalesce(view, 'open') = 'all' then true
              else t.status not in ('solved', 'closed') end)
    and (view is distinct from 'mine' or t.assignee_id = auth.uid())
    and (view is distinct from 'unassigned' or t.assignee_id is null)
    and (view is distinct from 'breaching' or s.state in ('breached', 'breaching_soon'))
    and (support_inbox.group_code is null or g.code = support_inbox.group_code)
    and (support_inbox.priority is null or t.priority = support_inbox.priority)
    and (support_inbox.category is null or t.category = support_inbox.category)
    and (support_inbox.tenant_id is null or t.tenant_id = support_inbox.tenant_id)
    and (support_inbox.assignee_id is null or t.assignee_id = support_inbox.assignee_id)
    and (support_inbox.tag is null or t.tags @> array[lower(support_inbox.tag)])
    and (support_inbox.ticket_id is null or t.id = support_inbox.ticket_id)
  order by private.support_next_due(t) nulls last, t.id desc
  limit coalesce(max_results, 200);
$$;

revoke all on function public.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) from public, anon, authenticated, service_role;
grant execute on function public.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) to authenticated, service_role;
comment on function public.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) is
  'The support inbox (support.read): a view (mine, unassigned, group, breaching, open, all) with filters, each ticket with its next SLA due time and state (done, paused, breached, breaching_soon, on_track).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) from public, anon, authenticated, service_role;
grant execute on function private.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) to authenticated, service_role;

-- The inbox counts (support.read): unsolved tickets per view, per group, and per agent (the
-- workload shown when assigning, members of every group listed even with none).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.support_inbox_counts, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.support_inbox_counts() returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.support_inbox_counts() $$;

create function private.support_inbox_counts() returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  now_at timestamptz := private.now();
  views jsonb;
begin
  perform private.assert_permission('support.read');
  select jsonb_build_object(
           'mine', count(*) filter (where t.assignee_id = auth.uid()),
           'unassigned', count(*) filter (where t.assignee_id is null),
           'breaching', count(*) filter (where private.support_sla_state(t, now_at) in ('breached', 'breaching_soon')),
           'open', count(*))
    into views
  from public.support_tickets t where t.status not in ('solved', 'closed');
  return jsonb_build_object(
    'views', views || jsonb_build_object('all', (select count(*) from public.support_tickets)),
    'groups', coalesce((select jsonb_agg(jsonb_build_object('code', g.code, 'name', g.name,
                          'open', (select count(*) from public.support_tickets t
                                   where t.group_id = g.id and t.status not in ('solved', 'closed'))) order by g.code)
                        from public.support_groups g), '[]'),
    'agents', coalesce((select jsonb_agg(jsonb_build_object('group_code', g.code, 'staff_id', m.staff_id,
                          'name', s.display_name, 'email', s.email, 'active', s.status = 'active',
                          'open', (select count(*) from public.support_tickets t
                                   where t.assignee_id = m.staff_id and t.status not in ('solved', 'closed')))
                          order by g.code, s.display_name, m.staff_id)
                        from public.support_group_members m
                        join public.support_groups g on g.id = m.group_id
                        join public.platform_staff s on s.user_id = m.staff_id), '[]'));
end
$$;

revoke all on function public.support_inbox_counts() from public, anon, authenticated, service_role;
grant execute on function public.support_inbox_counts() to authenticated, service_role;
comment on function public.support_inbox_counts() is
  'Unsolved tickets per inbox view, per support group and per group member (their workload) (support.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.support_inbox_counts() from public, anon, authenticated, service_role;
grant execute on function private.support_inbox_counts() to authenticated, service_role;
