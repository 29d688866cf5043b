-- A ticket's mail (docs/support.md, "Messages"): the tenant's contact, as every tenant message,
-- and the ticket's requester at their own address (support_tickets.requester_email: the user's
-- sign-in address when the ticket opened, or the sender of an e-mailed ticket) when it is another
-- address, greeted by their name. Both go through private.notify (consent, suppression list,
-- rendering, delivery), idempotent per (event, event key, address).
create function private.support_notify(event text, t public.support_tickets, event_key text, variables jsonb) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  v_contact text := (select x.contact ->> 'email' from public.tenants x where x.id = t.tenant_id);
  n integer := private.notify(event, t.tenant_id, event_key, variables);
begin
  if t.requester_email is null or lower(t.requester_email) = lower(coalesce(v_contact, '')) then
    return n;   -- no address of its own, or the contact's: the contact's mail is theirs
  end if;
  return n + private.notify(event, t.tenant_id, event_key,
    coalesce((select jsonb_strip_nulls(jsonb_build_object('contact_name', nullif(coalesce(u.raw_user_meta_data ->> 'full_name', u.raw_user_meta_data ->> 'name'), '')))
              from auth.users u where u.id = t.requester_id), '{}') || coalesce(variables, '{}'),
    to_email => t.requester_email);
end
$$;

revoke all on function private.support_notify(text, public.support_tickets, text, jsonb) from public, anon, authenticated, service_role;
