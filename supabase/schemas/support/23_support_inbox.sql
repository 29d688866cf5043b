-- The console's inbox: the SLA state of a ticket (one definition, used by the inbox and its counts,
-- never re-computed by the console), the inbox rows of a view with filters, and the counts per view,
-- group and agent (the workload shown when assigning).

-- One inbox row (the result of support_inbox, wrapper and body alike: a named type, because a
-- PL/pgSQL body cannot have result columns named like its filters, e.g. tenant_id).
create type public.support_inbox_row as (
  id bigint,
  tenant_id uuid,
  tenant_slug text,
  tenant_name jsonb,
  subject text,
  category text,
  priority text,
  status text,
  group_code text,
  assignee_id uuid,
  tags text[],
  created_at timestamptz,
  updated_at timestamptz,
  next_due_at timestamptz,
  sla_state text
);
comment on type public.support_inbox_row is 'A row of the support inbox: the ticket, its tenant and group, its next SLA due time and state.';

-- Every ticket with where it stands against its SLA: the ONE definition the inbox, its counts and
-- the ticket page read (the console never computes it). next_due_at is the next target: the first
-- response until staff replied publicly, then resolution. sla_state:
--   done (solved or closed), paused (clock stopped: pending on the customer),
--   breached (the next target has passed), breaching_soon (due within the 60 minutes the escalation
--   job warns at), on_track.
-- A view, not a function: functions pin their search_path, so the planner cannot inline them and a
-- per-row call cost the inbox most of its time at 100,000 tickets (bench/support_inbox.bench.ts);
-- (select private.now()) is evaluated once per query. Read only by the definer bodies below.
create view private.support_ticket_sla as
select t.*, d.next_due_at,
       case when t.status in ('solved', 'closed') then 'done'
            when t.sla_paused_at is not null then 'paused'
            when d.next_due_at is null then 'on_track'
            when d.next_due_at <= (select private.now()) then 'breached'
            when d.next_due_at <= (select private.now()) + interval '60 minutes' then 'breaching_soon'
            else 'on_track' end as sla_state
from public.support_tickets t
cross join lateral (select case when t.first_responded_at is null then least(t.first_response_due_at, t.resolution_due_at)
                                else t.resolution_due_at end as next_due_at) d;

revoke all on table private.support_ticket_sla from public, anon, authenticated, service_role;

-- The inbox (support.read). view: mine (assigned to me), unassigned, group (group_code required),
-- breaching (breached or breaching soon), open (every unsolved ticket), all (every ticket, solved
-- and closed too, the newest first; with ticket_id: that one ticket, for the ticket page's SLA
-- state). Every view but all shows unsolved tickets unless statuses are given, the most urgent
-- first (next due time), then the newest. Filters are ANDed.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.support_inbox, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.support_inbox(view text default 'open', statuses text[] default null, priority text default null,
                                     category text default null, tenant_id uuid default null, assignee_id uuid default null,
                                     group_code text default null, tag text default null, max_results integer default 200,
                                     ticket_id bigint default null)
    returns setof public.support_inbox_row
    language sql stable
    set search_path to ''
    as $$ select * from private.support_inbox(view, statuses, priority, category, tenant_id, assignee_id, group_code, tag, max_results, ticket_id) $$;

create function private.support_inbox(view text, statuses text[], priority text, category text, tenant_id uuid,
                                      assignee_id uuid, group_code text, tag text, max_results integer, ticket_id bigint)
    returns setof public.support_inbox_row
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  v text := coalesce(view, 'open');
  conds text[] := array['true'];
begin
  perform private.assert_permission('support.read');
  if v not in ('mine', 'unassigned', 'group', 'breaching', 'open', 'all') or (v = 'group' and group_code is null)
     or coalesce(max_results, 1) not between 1 and 500 or cardinality(statuses) > 6 or length(tag) > 40
     or length(group_code) > 40 or length(priority) > 20 or length(category) > 20 then
    perform private.fail('support.invalid_view', 'view is mine, unassigned, group (with group_code), breaching, open or all; at most 500 rows; filters are codes');
  end if;
  -- Only the filters given, as literals: the planner then sees e.g. status not in (solved, closed)
  -- and uses the partial indexes (a one-size plan with every filter optional scanned every ticket).
  if statuses is not null then
    conds := array_append(conds, format('t.status = any (%L::text[])', statuses));
  elsif v <> 'all' then
    conds := array_append(conds, $c$t.status not in ('solved', 'closed')$c$);
  end if;
  if v = 'mine' then conds := array_append(conds, format('t.assignee_id = %L::uuid', auth.uid())); end if;
  if v = 'unassigned' then conds := array_append(conds, 't.assignee_id is null'); end if;
  -- breaching = sla_state breached or breaching_soon, said as a range of the due-time index (the
  -- state itself is a CASE the index cannot search): running, unsolved, due within the hour.
  if v = 'breaching' then
    conds := array_append(conds, $c$t.status not in ('solved', 'closed') and t.sla_paused_at is null
                                    and t.next_due_at <= (select private.now()) + interval '60 minutes'$c$);
  end if;
  if group_code is not null then conds := array_append(conds, format('g.code = %L', group_code)); end if;
  if priority is not null then conds := array_append(conds, format('t.priority = %L', priority)); end if;
  if category is not null then conds := array_append(conds, format('t.category = %L', category)); end if;
  if tenant_id is not null then conds := array_append(conds, format('t.tenant_id = %L::uuid', tenant_id)); end if;
  if assignee_id is not null then conds := array_append(conds, format('t.assignee_id = %L::uuid', assignee_id)); end if;
  if tag is not null then conds := array_append(conds, format('t.tags @> array[%L]', lower(tag))); end if;
  if ticket_id is not null then conds := array_append(conds, format('t.id = %s', ticket_id)); end if;
  return query execute format($q$
    select t.id, t.tenant_id, tn.slug, tn.name, t.subject, t.category, t.priority, t.status, g.code, t.assignee_id, t.tags,
           t.created_at, t.updated_at, t.next_due_at, t.sla_state
    from private.support_ticket_sla t
    join public.tenants tn on tn.id = t.tenant_id
    left join public.support_groups g on g.id = t.group_id
    where %s
    order by %s
    limit %s $q$, array_to_string(conds, ' and '),
    -- all: the newest first (its history has no due times to sort by); any other view: the most urgent first
    case when v = 'all' then 't.id desc' else 't.next_due_at nulls last, t.id desc' end, coalesce(max_results, 200));
end
$$;

revoke all on function public.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) from public, anon, authenticated, service_role;
grant execute on function public.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) to authenticated, service_role;
comment on function public.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) is
  'The support inbox (support.read): a view (mine, unassigned, group, breaching, open, all) with filters, each ticket with its next SLA due time and state (done, paused, breached, breaching_soon, on_track).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) from public, anon, authenticated, service_role;
grant execute on function private.support_inbox(text, text[], text, text, uuid, uuid, text, text, integer, bigint) to authenticated, service_role;

-- The inbox counts (support.read): unsolved tickets per view, per group, and per agent (the
-- workload shown when assigning, members of every group listed even with none). No count of all
-- tickets: it grows with history and would cost more than every other count together.
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
  counts jsonb;
begin
  perform private.assert_permission('support.read');
  -- ONE pass over the unsolved tickets (the partial index's rows), grouped three ways at once:
  -- all of them (the views), per group, per assignee (the workload); every figure exact, bounded by
  -- the backlog, never by history.
  with per as (
    select grouping(t.group_id) = 0 as by_group, grouping(t.assignee_id) = 0 as by_agent, t.group_id, t.assignee_id,
           count(*) as n,
           count(*) filter (where t.assignee_id is null) as unassigned,
           count(*) filter (where t.sla_state in ('breached', 'breaching_soon')) as breaching
    from private.support_ticket_sla t
    where t.status not in ('solved', 'closed')
    group by grouping sets ((), (t.group_id), (t.assignee_id)))
  select jsonb_build_object(
    'views', (select jsonb_build_object(
                'mine', coalesce((select p.n from per p where p.by_agent and p.assignee_id = auth.uid()), 0),
                'unassigned', coalesce(a.unassigned, 0), 'breaching', coalesce(a.breaching, 0), 'open', coalesce(a.n, 0))
              from (select 1) one left join per a on not a.by_group and not a.by_agent),
    'groups', coalesce((select jsonb_agg(jsonb_build_object('code', g.code, 'name', g.name,
                          'open', coalesce((select p.n from per p where p.by_group and p.group_id = g.id), 0)) order by g.code)
                        from public.support_groups g), '[]'),
    'agents', coalesce((select jsonb_agg(jsonb_build_object('group_code', g.code, 'staff_id', m.staff_id,
                          'name', s.display_name, 'email', s.email, 'active', s.status = 'active',
                          'open', coalesce((select p.n from per p where p.by_agent and p.assignee_id = m.staff_id), 0))
                          order by g.code, s.display_name, m.staff_id)
                        from public.support_group_members m
                        join public.support_groups g on g.id = m.group_id
                        join public.platform_staff s on s.user_id = m.staff_id), '[]'))
    into counts;
  return counts;
end
$$;

revoke all on function public.support_inbox_counts() from public, anon, authenticated, service_role;
grant execute on function public.support_inbox_counts() to authenticated, service_role;
comment on function public.support_inbox_counts() is
  'Unsolved tickets per inbox view, per support group and per group member (their workload) (support.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.support_inbox_counts() from public, anon, authenticated, service_role;
grant execute on function private.support_inbox_counts() to authenticated, service_role;
