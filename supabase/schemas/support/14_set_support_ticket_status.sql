-- Moves a ticket to another status (allowed moves: support_transition_allowed). Support staff
-- (support.write) make any allowed move; a tenant's users may only mark their ticket solved or
-- reopen it (open) within the reopen window.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_support_ticket_status, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.set_support_ticket_status(ticket_id bigint, status text, reason text default null) returns void
    language sql
    set search_path to ''
    as $$ select private.set_support_ticket_status(ticket_id, status, reason) $$;

create function private.set_support_ticket_status(ticket_id bigint, status text, reason text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  staff boolean := private.has_permission('support.write');
  t public.support_tickets;
  after_row public.support_tickets;
  action text;
begin
  t := private.support_lock_ticket(ticket_id, staff);
  if status is null or status not in ('new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed') then
    perform private.fail('support.invalid_status', 'the status is new, open, pending_customer, on_hold, solved or closed');
  end if;
  if not staff and status not in ('open', 'solved') then
    perform private.fail('support.forbidden', 'you may only mark your ticket solved or reopen it');
  end if;
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if t.status = status then
    return;
  end if;
  if t.merged_into is not null then
    perform private.fail('support.ticket_merged', format('a %s ticket cannot become %s', t.status, status));
  end if;
  if not private.support_transition_allowed(t.status, status) then
    perform private.fail('support.invalid_transition', format('a %s ticket cannot become %s', t.status, status),
      'see the allowed moves in docs/support.md');
  end if;
  if t.status in ('solved', 'closed') and status = 'open' then
    perform private.support_assert_reopenable(t);
  end if;
  after_row := private.support_move(t, status);
  action := case when t.status in ('solved', 'closed') and status = 'open' then 'support.ticket_reopen' else 'support.ticket_status' end;
  perform audit.record(action, 'support_ticket', t.id::text, jsonb_build_object('status', t.status),
    jsonb_build_object('status', after_row.status), t.tenant_id, reason);
  -- Solving mails the tenant the CSAT survey (an anonymous, signed link: 28_support_csat_survey.sql);
  -- the key is the solve (a re-solve after a reopen mails again).
  if after_row.status = 'solved' then
    perform private.support_notify('support.ticket_solved', t, format('%s:solved:%s', t.id, after_row.solved_at),
      jsonb_build_object('ticket_id', t.id::text, 'subject', t.subject, 'survey_url', private.support_survey_url(t.id)));
  end if;
end
$$;

revoke all on function public.set_support_ticket_status(bigint, text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_support_ticket_status(bigint, text, text) to authenticated, service_role;
comment on function public.set_support_ticket_status(bigint, text, text) is
  'Moves a ticket to an allowed status (staff: any allowed move; tenant users: solved, or reopen within the window); pauses/resumes the SLA clock.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.set_support_ticket_status(bigint, text, text) from public, anon, authenticated, service_role;
grant execute on function private.set_support_ticket_status(bigint, text, text) to authenticated, service_role;
