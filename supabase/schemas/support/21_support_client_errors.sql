-- Replaces personal data in free text: e-mail addresses, bearer tokens and JWTs, card-like numbers
-- (13–19 digits, spaces or dashes allowed) and phone-like numbers (7+ digits, optional +).
-- Order matters: cards before phones (a card number is also digits).
create function private.support_scrub_pii(value text) returns text
    language sql immutable
    set search_path to ''
    as $$
  select regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(value,
    '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[email]', 'g'),
    'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?', '[token]', 'g'),
    '(bearer|token|password|secret|api[_-]?key)(["'':= ]+)[^\s"'',&]+', '\1\2[secret]', 'gi'),
    '\m\d(?:[ -]?\d){12,18}\M', '[card]', 'g'),
    '\+?\d(?:[ -]?\d){6,}', '[phone]', 'g')
$$;

revoke all on function private.support_scrub_pii(text) from public, anon, authenticated, service_role;

-- Records an error a tenant app saw (the tenant's users): at most 30 a minute per tenant
-- (support.error_rate_limited), fields cut to their caps (truncated = true), PII scrubbed, the
-- URL's query string and fragment dropped.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.report_client_error, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.report_client_error(tenant_id uuid, app text, message text, stack text default null,
    url text default null, context jsonb default '{}') returns bigint
    language sql
    set search_path to ''
    as $$ select private.report_client_error(tenant_id, app, message, stack, url, context) $$;

create function private.report_client_error(tenant_id uuid, app text, message text, stack text default null,
    url text default null, context jsonb default '{}') returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  now_at timestamptz := private.now();
  recent integer;
  cut boolean := false;
  ctx text;
  clean_ctx jsonb;
  new_id bigint;
begin
  if not tenant_id in (select private.my_tenant_ids()) then
    perform private.fail('support.forbidden', 'you may not report errors for this tenant');
  end if;
  if app is null or app !~ '^[a-z][a-z0-9_-]{1,39}$' or message is null or btrim(message) = ''
     or (context is not null and jsonb_typeof(context) <> 'object') then
    perform private.fail('support.invalid_error_report', 'an error report has an app code, a message and optionally an object of context');
  end if;
  perform pg_advisory_xact_lock(hashtext('support.client_error'), hashtext(tenant_id::text));
  select count(*) into recent from public.support_client_errors e
  where e.tenant_id = report_client_error.tenant_id and e.occurred_at > now_at - interval '1 minute';
  if recent >= 30 then
    perform private.fail('support.error_rate_limited', 'too many error reports from this organisation in the last minute');
  end if;
  cut := length(message) > 1000 or coalesce(length(stack) > 8000, false) or coalesce(length(url) > 1000, false);
  ctx := coalesce(context, '{}')::text;
  if length(ctx) > 4096 then
    ctx := '{}';
    cut := true;
  end if;
  begin
    clean_ctx := private.support_scrub_pii(ctx)::jsonb;
  exception when others then
    clean_ctx := jsonb_build_object('scrubbed', left(private.support_scrub_pii(ctx), 4096));
  end;
  insert into public.support_client_errors (tenant_id, user_id, app, message, stack, url, context, truncated, occurred_at)
  values (tenant_id, auth.uid(), app, left(private.support_scrub_pii(left(message, 2000)), 1000),
          left(private.support_scrub_pii(left(stack, 16000)), 8000),
          left(private.support_scrub_pii(split_part(split_part(url, '#', 1), '?', 1)), 1000), clean_ctx, cut, now_at)
  returning id into new_id;
  return new_id;
end
$$;

revoke all on function public.report_client_error(uuid, text, text, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.report_client_error(uuid, text, text, text, text, jsonb) to authenticated, service_role;
comment on function public.report_client_error(uuid, text, text, text, text, jsonb) is
  'Records an error a tenant app saw (its users; 30 a minute per tenant), size-capped and scrubbed of e-mails, phones, card numbers and tokens.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.report_client_error(uuid, text, text, text, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.report_client_error(uuid, text, text, text, text, jsonb) to authenticated, service_role;

-- Links a reported error to a ticket of the same tenant (support.write).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.link_client_error, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.link_client_error(error_id bigint, ticket_id bigint) returns void
    language sql
    set search_path to ''
    as $$ select private.link_client_error(error_id, ticket_id) $$;

create function private.link_client_error(error_id bigint, ticket_id bigint) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  e public.support_client_errors;
  t public.support_tickets;
begin
  perform private.assert_permission('support.write');
  t := private.support_lock_ticket(ticket_id, true);
  select * into e from public.support_client_errors x where x.id = error_id for update;
  if e.id is null or e.tenant_id <> t.tenant_id then
    perform private.fail('support.unknown_error_report', 'no such error report for this ticket''s tenant');
  end if;
  update public.support_client_errors x set ticket_id = t.id where x.id = e.id;
  perform audit.record('support.error_link', 'support_ticket', t.id::text, null, jsonb_build_object('error_id', e.id), t.tenant_id, null);
end
$$;

revoke all on function public.link_client_error(bigint, bigint) from public, anon, authenticated, service_role;
grant execute on function public.link_client_error(bigint, bigint) to authenticated, service_role;
comment on function public.link_client_error(bigint, bigint) is 'Links a reported client error to a ticket of the same tenant (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.link_client_error(bigint, bigint) from public, anon, authenticated, service_role;
grant execute on function private.link_client_error(bigint, bigint) to authenticated, service_role;
