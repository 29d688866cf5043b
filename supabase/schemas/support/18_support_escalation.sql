-- The support.escalate job (every 5 minutes through pg_cron -> the maintenance queue): tickets whose
-- clock runs and whose next target (first response, else resolution) is due within
-- support_limit('warn_minutes') are warned once (warned_at, a 'warned' event: the console's
-- "breaching soon" view); tickets past it get their priority raised one step once (escalated_at,
-- an 'escalated' event, audited). Rows locked by a user's change are skipped until the next run.
create function private.job_support_escalate(payload jsonb, job jsonb) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  now_at timestamptz := private.now();
  t record;
  raised text;
begin
  for t in
    select x.id, x.tenant_id, x.priority, x.warned_at, x.escalated_at, x.subject, x.assignee_id, x.group_id,
           least(case when x.first_responded_at is null then x.first_response_due_at end, x.resolution_due_at) as next_due
    from public.support_tickets x
    where x.status in ('new', 'open', 'on_hold') and x.sla_paused_at is null and x.escalated_at is null
      and least(case when x.first_responded_at is null then x.first_response_due_at end, x.resolution_due_at)
          <= now_at + make_interval(mins => private.support_limit('warn_minutes'))
    order by x.id
    for update skip locked
  loop
    if t.next_due <= now_at then
      raised := case t.priority when 'low' then 'normal' when 'normal' then 'high' else 'urgent' end;
      update public.support_tickets x set priority = raised, escalated_at = now_at, warned_at = coalesce(x.warned_at, now_at)
      where x.id = t.id;
      perform private.support_sla_event(t.id, 'escalated', jsonb_build_object('due_at', t.next_due, 'from', t.priority, 'to', raised));
      perform audit.record('support.ticket_escalate', 'support_ticket', t.id::text, jsonb_build_object('priority', t.priority),
        jsonb_build_object('priority', raised), t.tenant_id, 'SLA target passed');
      -- Support groups have no lead: the escalation mails every member of the ticket's group (none: no mail).
      perform private.notify('support.sla_escalated', t.tenant_id, format('%s:escalated', t.id),
        jsonb_build_object('ticket_id', t.id::text, 'subject', t.subject, 'priority', raised,
          'due_at', to_char(t.next_due at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), 'ticket_url', private.support_ticket_url(t.id)), m.staff_id)
      from public.support_group_members m where m.group_id = t.group_id;
    elsif t.warned_at is null then
      update public.support_tickets x set warned_at = now_at where x.id = t.id;
      perform private.support_sla_event(t.id, 'warned', jsonb_build_object('due_at', t.next_due));
      -- The assignee is warned by mail once per target (unassigned: the inbox's "breaching soon" view only).
      perform private.notify('support.sla_warning', t.tenant_id, format('%s:warned:%s', t.id, t.next_due),
        jsonb_build_object('ticket_id', t.id::text, 'subject', t.subject, 'priority', t.priority,
          'due_at', to_char(t.next_due at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), 'ticket_url', private.support_ticket_url(t.id)), t.assignee_id)
      where t.assignee_id is not null;
    end if;
  end loop;
end
$$;

revoke all on function private.job_support_escalate(jsonb, jsonb) from public, anon, authenticated, service_role;

select private.register_job_handler('support.escalate', 'private.job_support_escalate(jsonb, jsonb)'::regprocedure, null, null,
  'warns on support tickets close to an SLA target and raises the priority of those past it');

select private.declare_schedule('support.escalate', '*/5 * * * *',
  'select private.enqueue(''maintenance'', ''support.escalate'', ''{}''::jsonb, ''support.escalate:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI''))',
  'every 5 minutes: warns on support tickets close to an SLA target, raises the priority of those past it');
