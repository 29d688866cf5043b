-- Rates a solved or closed ticket (the tenant's users), once; not a merged duplicate.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.rate_support_ticket, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.rate_support_ticket(ticket_id bigint, rating integer, comment text default null) returns void
    language sql
    set search_path to ''
    as $$ select private.rate_support_ticket(ticket_id, rating, comment) $$;

create function private.rate_support_ticket(ticket_id bigint, rating integer, comment text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  t public.support_tickets;
begin
  t := private.support_lock_ticket(ticket_id, false);
  if rating is null or rating not between 1 and 5 or length(comment) > 2000 then
    perform private.fail('support.invalid_rating', 'a rating is 1 to 5, with an optional comment of at most 2000 characters');
  end if;
  if t.status not in ('solved', 'closed') or t.merged_into is not null then
    perform private.fail('support.not_solved', 'only solved tickets are rated');
  end if;
  insert into public.support_csat (ticket_id, tenant_id, group_id, assignee_id, rating, comment, rated_by, rated_at)
  values (t.id, t.tenant_id, t.group_id, t.assignee_id, rating, comment, auth.uid(), private.now())
  on conflict on constraint support_csat_pkey do nothing;
  if not found then
    perform private.fail('support.already_rated', 'this ticket was already rated');
  end if;
  perform audit.record('support.ticket_rate', 'support_ticket', t.id::text, null, jsonb_build_object('rating', rating), t.tenant_id, null);
end
$$;

revoke all on function public.rate_support_ticket(bigint, integer, text) from public, anon, authenticated, service_role;
grant execute on function public.rate_support_ticket(bigint, integer, text) to authenticated, service_role;
comment on function public.rate_support_ticket(bigint, integer, text) is
  'Rates a solved ticket 1–5 with an optional comment (the tenant''s users; once per ticket).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.rate_support_ticket(bigint, integer, text) from public, anon, authenticated, service_role;
grant execute on function private.rate_support_ticket(bigint, integer, text) to authenticated, service_role;

-- CSAT per group and agent over a period (support.read): ratings, average, share of 4–5.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.support_csat_report, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.support_csat_report(from_at timestamptz, to_at timestamptz)
    returns table (group_code text, assignee_id uuid, ratings bigint, average numeric, satisfied_share numeric)
    language sql stable
    set search_path to ''
    as $$ select * from private.support_csat_report(from_at, to_at) $$;

create function private.support_csat_report(from_at timestamptz, to_at timestamptz)
    returns table (group_code text, assignee_id uuid, ratings bigint, average numeric, satisfied_share numeric)
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('support.read');
  perform private.support_report_period(from_at, to_at);
  return query
    select g.code, c.assignee_id, count(*), round(avg(c.rating), 2),
           round(count(*) filter (where c.rating >= 4)::numeric / count(*), 3)
    from public.support_csat c left join public.support_groups g on g.id = c.group_id
    where c.rated_at >= from_at and c.rated_at < to_at
    group by rollup (g.code, c.assignee_id)
    order by 1 nulls last, 2 nulls last;
end
$$;

revoke all on function public.support_csat_report(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.support_csat_report(timestamptz, timestamptz) to authenticated, service_role;
comment on function public.support_csat_report(timestamptz, timestamptz) is
  'CSAT per support group and agent over a period (support.read): count, average rating, share of 4–5 (rollup rows: group total, overall).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.support_csat_report(timestamptz, timestamptz) from public, anon, authenticated, service_role;
grant execute on function private.support_csat_report(timestamptz, timestamptz) to authenticated, service_role;
