-- Opens a ticket: a tenant's user for their tenant (rate-limited per tenant), or support staff
-- (support.write) on a tenant's behalf. Starts the SLA clock from the tenant's calendar and plan.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.open_support_ticket, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.open_support_ticket(tenant_id uuid, subject text, body text, category text default 'general',
    priority text default 'normal', requester_id uuid default null) returns bigint
    language sql
    set search_path to ''
    as $$ select private.open_support_ticket(tenant_id, subject, body, category, priority, requester_id) $$;

create function private.open_support_ticket(tenant_id uuid, subject text, body text, category text default 'general',
    priority text default 'normal', requester_id uuid default null) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  staff boolean := private.has_permission('support.write');
  now_at timestamptz := private.now();
  due record;
  t public.support_tickets;
  recent integer;
begin
  if not (staff or tenant_id in (select private.my_tenant_ids())) then
    perform private.fail('support.forbidden', 'you may not open tickets for this tenant');
  end if;
  if not exists (select from public.tenants x where x.id = open_support_ticket.tenant_id) then
    perform private.fail('support.unknown_tenant', 'no such tenant');
  end if;
  perform private.assert_not_in_maintenance(tenant_id);
  if subject is null or btrim(subject) = '' or length(subject) > private.support_limit('subject') then
    perform private.fail('support.invalid_subject', format('the subject is 1–%s characters', private.support_limit('subject')));
  end if;
  if body is null or btrim(body) = '' or length(body) > private.support_limit('body') then
    perform private.fail('support.invalid_body', format('a message is 1–%s characters', private.support_limit('body')));
  end if;
  if category is null or category not in ('general', 'billing', 'orders', 'technical', 'account') then
    perform private.fail('support.invalid_category', 'the category is general, billing, orders, technical or account');
  end if;
  if priority is null or priority not in ('low', 'normal', 'high', 'urgent') then
    perform private.fail('support.invalid_priority', 'the priority is low, normal, high or urgent');
  end if;
  if staff then
    if requester_id is not null and not exists (select from public.tenant_members m
        where m.tenant_id = open_support_ticket.tenant_id and m.user_id = open_support_ticket.requester_id) then
      perform private.fail('support.invalid_requester', 'the requester is not a user of the tenant');
    end if;
  else
    requester_id := auth.uid();
    -- one tenant at a time, so two simultaneous opens cannot both pass the count
    perform pg_advisory_xact_lock(hashtext('support.open_ticket'), hashtext(tenant_id::text));
    select count(*) into recent from public.support_tickets x
    where x.tenant_id = open_support_ticket.tenant_id and not x.opened_by_staff and x.created_at > now_at - interval '1 hour';
    if recent >= private.support_limit('tickets_per_hour') then
      perform private.fail('support.rate_limited', format('your organisation opened %s tickets in the last hour', recent));
    end if;
  end if;
  due := private.support_due_times(tenant_id, priority, now_at);
  -- the requester's address as it is now: replies are mailed there (private.support_notify)
  insert into public.support_tickets as x (tenant_id, subject, category, priority, requester_id, requester_email, opened_by,
      opened_by_staff, first_response_due_at, resolution_due_at, created_at, updated_at)
  values (tenant_id, btrim(subject), category, priority, requester_id,
      (select lower(u.email) from auth.users u where u.id = open_support_ticket.requester_id), auth.uid(), staff,
      due.first_response_due_at, due.resolution_due_at, now_at, now_at)
  returning * into t;
  insert into public.support_messages (ticket_id, tenant_id, author_id, from_staff, internal, body, created_at)
  values (t.id, t.tenant_id, auth.uid(), staff, false, body, now_at);
  perform private.support_sla_event(t.id, 'started', jsonb_build_object('priority', priority,
    'first_response_due_at', t.first_response_due_at, 'resolution_due_at', t.resolution_due_at));
  perform audit.record('support.ticket_open', 'support_ticket', t.id::text, null, to_jsonb(t), t.tenant_id, null);
  return t.id;
end
$$;

revoke all on function public.open_support_ticket(uuid, text, text, text, text, uuid) from public, anon, authenticated, service_role;
grant execute on function public.open_support_ticket(uuid, text, text, text, text, uuid) to authenticated, service_role;
comment on function public.open_support_ticket(uuid, text, text, text, text, uuid) is
  'Opens a support ticket for a tenant (its users, rate-limited per tenant; or support.write staff on its behalf) and starts its SLA clock.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.open_support_ticket(uuid, text, text, text, text, uuid) from public, anon, authenticated, service_role;
grant execute on function private.open_support_ticket(uuid, text, text, text, text, uuid) to authenticated, service_role;
