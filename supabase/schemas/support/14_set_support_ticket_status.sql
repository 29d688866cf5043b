-- Moves a ticket to another status (allowed moves: support_transition_allowed). Support staff
-- (support.write) make any allowed move; a tenant's users may only mark their ticket solved or
-- reopen it (open) within the reopen window.
create function public.set_support_ticket_status(ticket_id bigint, status text, reason text default null) returns void
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
    raise exception using errcode = '22023', message = 'the status is new, open, pending_customer, on_hold, solved or closed',
      detail = 'support.invalid_status';
  end if;
  if not staff and status not in ('open', 'solved') then
    raise exception using errcode = 'PT403', message = 'you may only mark your ticket solved or reopen it', detail = 'support.forbidden';
  end if;
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if t.status = status then
    return;
  end if;
  if t.merged_into is not null or not private.support_transition_allowed(t.status, status) then
    raise exception using errcode = 'PT409', message = format('a %s ticket cannot become %s', t.status, status),
      detail = case when t.merged_into is not null then 'support.ticket_merged' else 'support.invalid_transition' end,
      hint = 'see the allowed moves in docs/support.md';
  end if;
  if t.status in ('solved', 'closed') and status = 'open' then
    perform private.support_assert_reopenable(t);
  end if;
  after_row := private.support_move(t, status);
  action := case when t.status in ('solved', 'closed') and status = 'open' then 'support.ticket_reopen' else 'support.ticket_status' end;
  perform audit.record(action, 'support_ticket', t.id::text, jsonb_build_object('status', t.status),
    jsonb_build_object('status', after_row.status), t.tenant_id, reason);
end
$$;

revoke all on function public.set_support_ticket_status(bigint, text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_support_ticket_status(bigint, text, text) to authenticated, service_role;
comment on function public.set_support_ticket_status(bigint, text, text) is
  'Moves a ticket to an allowed status (staff: any allowed move; tenant users: solved, or reopen within the window); pauses/resumes the SLA clock.';
