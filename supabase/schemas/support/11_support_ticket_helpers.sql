-- Which status moves are allowed (docs/support.md). closed -> open is a reopen: only within the
-- reopen window, checked by the caller.
create function private.support_transition_allowed(from_status text, to_status text) returns boolean
    language sql immutable
    set search_path to ''
    as $$
  select coalesce(case from_status
    when 'new' then to_status in ('open', 'pending_customer', 'on_hold', 'solved', 'closed')
    when 'open' then to_status in ('pending_customer', 'on_hold', 'solved', 'closed')
    when 'pending_customer' then to_status in ('open', 'on_hold', 'solved', 'closed')
    when 'on_hold' then to_status in ('open', 'pending_customer', 'solved', 'closed')
    when 'solved' then to_status in ('open', 'closed')
    when 'closed' then to_status = 'open'
  end, false)
$$;

revoke all on function private.support_transition_allowed(text, text) from public, anon, authenticated, service_role;

-- The ticket, locked, if the caller may act on it: support staff (support.write) on any ticket,
-- a tenant's users on their tenant's. Anyone else gets the answer an unknown ticket gets.
create function private.support_lock_ticket(ticket_id bigint, staff boolean) returns public.support_tickets
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  t public.support_tickets;
begin
  select * into t from public.support_tickets x where x.id = support_lock_ticket.ticket_id for update;
  if t.id is null or not (staff or t.tenant_id in (select private.my_tenant_ids())) then
    perform private.fail('support.unknown_ticket', 'no such ticket');
  end if;
  return t;
end
$$;

revoke all on function private.support_lock_ticket(bigint, boolean) from public, anon, authenticated, service_role;

-- Records one SLA event at the project clock.
create function private.support_sla_event(ticket_id bigint, kind text, detail jsonb default '{}') returns void
    language sql security definer
    set search_path to ''
    as $$
  insert into public.support_sla_events (ticket_id, kind, at, detail) values (ticket_id, kind, private.now(), coalesce(detail, '{}'))
$$;

revoke all on function private.support_sla_event(bigint, text, jsonb) from public, anon, authenticated, service_role;

-- Moves a locked ticket to a status and keeps its SLA clock: entering pending_customer, solved or
-- closed pauses it; leaving them resumes it, pushing each unmet due time by the business minutes
-- that were left when the clock stopped. Solving records whether the resolution target was met.
-- Leaving pending_customer (to any status) adds the business minutes spent there to
-- customer_wait_minutes: counted once, when the clock changes, not at every report.
create function private.support_move(t public.support_tickets, new_status text) returns public.support_tickets
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  paused constant text[] := array['pending_customer', 'solved', 'closed'];
  now_at timestamptz := private.now();
  ten public.tenants;
  stopped_at timestamptz;
begin
  select * into ten from public.tenants x where x.id = t.tenant_id;
  stopped_at := coalesce(t.sla_paused_at, now_at);
  if new_status = 'solved' and t.resolution_due_at is not null then
    perform private.support_sla_event(t.id, case when stopped_at <= t.resolution_due_at then 'resolution_met' else 'resolution_breached' end,
      jsonb_build_object('due_at', t.resolution_due_at, 'at', stopped_at));
  end if;
  -- pending_customer is only entered from a running clock, so sla_paused_at is when the wait began
  if t.status = 'pending_customer' and new_status <> 'pending_customer' and t.sla_paused_at is not null then
    t.customer_wait_minutes := t.customer_wait_minutes
      + private.support_business_minutes(t.sla_paused_at, now_at, ten.region, ten.timezone);
  end if;
  if not (t.status = any (paused)) and new_status = any (paused) then
    t.sla_paused_at := now_at;
    perform private.support_sla_event(t.id, 'paused', jsonb_build_object('status', new_status));
  elsif t.status = any (paused) and not (new_status = any (paused)) and t.sla_paused_at is not null then
    if t.first_responded_at is null and t.first_response_due_at > t.sla_paused_at then
      t.first_response_due_at := private.support_business_due(now_at,
        private.support_business_minutes(t.sla_paused_at, t.first_response_due_at, ten.region, ten.timezone), ten.region, ten.timezone);
    end if;
    if t.resolution_due_at > t.sla_paused_at then
      t.resolution_due_at := private.support_business_due(now_at,
        private.support_business_minutes(t.sla_paused_at, t.resolution_due_at, ten.region, ten.timezone), ten.region, ten.timezone);
    end if;
    t.sla_paused_at := null;
    perform private.support_sla_event(t.id, 'resumed', jsonb_build_object('status', new_status,
      'first_response_due_at', t.first_response_due_at, 'resolution_due_at', t.resolution_due_at));
  end if;
  t.solved_at := case when new_status = 'solved' then now_at else t.solved_at end;
  t.closed_at := case when new_status = 'closed' then now_at when new_status = 'solved' then t.closed_at else null end;
  t.status := new_status;
  t.updated_at := now_at;
  update public.support_tickets x
  set status = t.status, sla_paused_at = t.sla_paused_at, first_response_due_at = t.first_response_due_at,
      resolution_due_at = t.resolution_due_at, solved_at = t.solved_at, closed_at = t.closed_at, updated_at = t.updated_at,
      customer_wait_minutes = t.customer_wait_minutes
  where x.id = t.id;
  return t;
end
$$;

revoke all on function private.support_move(public.support_tickets, text) from public, anon, authenticated, service_role;

-- Refuses to reopen a solved or closed ticket once the reopen window (from solving) has passed.
create function private.support_assert_reopenable(t public.support_tickets) returns void
    language plpgsql stable
    set search_path to ''
    as $$
begin
  if t.merged_into is not null then
    perform private.fail('support.ticket_merged', format('ticket %s was merged into %s', t.id, t.merged_into),
      format('continue on ticket %s', t.merged_into));
  end if;
  if private.now() > coalesce(t.solved_at, t.closed_at) + make_interval(days => private.support_limit('reopen_days')) then
    perform private.fail('support.reopen_window_passed', format('ticket %s can no longer be reopened', t.id),
      format('tickets reopen within %s days of solving: open a new ticket', private.support_limit('reopen_days')));
  end if;
end
$$;

revoke all on function private.support_assert_reopenable(public.support_tickets) from public, anon, authenticated, service_role;
