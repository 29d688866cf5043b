-- The anonymous CSAT survey (issue 19 §7): the solved-ticket mail carries a link
-- <public_url>/csat?token=<ticket>.<expires>.<signature> that lets the customer rate without an
-- account, the way the unsubscribe link works (the link in the mail is the credential; the console's
-- public /csat page calls these functions signed out). The token is ticket-scoped and expiring,
-- signed with HMAC-SHA256 under a key only the database reads; a token that is malformed, tampered
-- with, expired, or names a ticket that no longer exists gets one and the same refusal
-- (support.invalid_survey_link), so it reveals nothing.
-- Limits (anon has no identity, so they hang on the survey, i.e. the ticket): the link takes the first
-- answer and at most 2 changes (support_limit('survey_answers') = 3 answers; then
-- support.survey_answer_limit), so one leaked or scripted link writes at most 3 ratings and audit
-- entries. A refused call (bad token, bad rating, limit) writes nothing and takes no lock: the
-- ticket row is locked only once the answer is valid. A rating given by a signed-in user
-- (rated_by set) is not changed through the link (support.already_rated).

-- The signing key: one row, made on first use (so each database has its own random key).
create table private.support_survey_keys (
  id smallint primary key default 1 check (id = 1),
  secret bytea not null default extensions.gen_random_bytes(32) check (length(secret) >= 32),
  created_at timestamptz not null default now()
);
alter table private.support_survey_keys enable row level security;
revoke all on table private.support_survey_keys from public, anon, authenticated, service_role;
comment on table private.support_survey_keys is 'The key that signs CSAT survey links (one row, made on first use); never readable by clients.';

-- The signature of (ticket, expiry): hex HMAC-SHA256 under the survey key.
create function private.support_survey_signature(ticket_id bigint, expires bigint, key bytea) returns text
    language sql immutable
    set search_path to ''
    as $$ select encode(extensions.hmac(convert_to(format('support.csat:%s:%s', ticket_id, expires), 'UTF8'), key, 'sha256'), 'hex') $$;

revoke all on function private.support_survey_signature(bigint, bigint, bytea) from public, anon, authenticated, service_role;

-- The survey link of a ticket, valid for support_limit('survey_days') days from now (the solve).
create function private.support_survey_url(ticket_id bigint) returns text
    language plpgsql
    set search_path to ''
    as $$
declare
  v_key bytea;
  v_expires bigint := extract(epoch from private.now() + make_interval(days => private.support_limit('survey_days')))::bigint;
begin
  insert into private.support_survey_keys (id) values (1) on conflict (id) do nothing;
  select k.secret into v_key from private.support_survey_keys k where k.id = 1;
  return private.notification_public_url() || '/csat?token='
    || format('%s.%s.%s', ticket_id, v_expires, private.support_survey_signature(ticket_id, v_expires, v_key));
end
$$;

revoke all on function private.support_survey_url(bigint) from public, anon, authenticated, service_role;

-- The ticket a survey token names, or the one refusal for every bad token (malformed, tampered,
-- expired, unknown ticket). Signatures are compared through a second HMAC so the comparison's
-- time does not depend on how many leading characters match.
create function private.support_survey_ticket(token text) returns public.support_tickets
    language plpgsql stable
    set search_path to ''
    as $$
declare
  v_key bytea;
  v_parts text[];
  v_ticket bigint;
  v_expires bigint;
  t public.support_tickets;
begin
  select k.secret into v_key from private.support_survey_keys k where k.id = 1;
  if token is not null and length(token) <= 120 and token ~ '^[0-9]{1,18}\.[0-9]{1,12}\.[0-9a-f]{64}$' and v_key is not null then
    v_parts := string_to_array(token, '.');
    v_ticket := v_parts[1]::bigint;
    v_expires := v_parts[2]::bigint;
    if extensions.hmac(convert_to(v_parts[3], 'UTF8'), v_key, 'sha256')
         = extensions.hmac(convert_to(private.support_survey_signature(v_ticket, v_expires, v_key), 'UTF8'), v_key, 'sha256')
       and v_expires > extract(epoch from private.now()) then
      select * into t from public.support_tickets x where x.id = v_ticket;
    end if;
  end if;
  if t.id is null then
    perform private.fail('support.invalid_survey_link', 'this survey link is not valid or has expired');
  end if;
  return t;
end
$$;

revoke all on function private.support_survey_ticket(text) from public, anon, authenticated, service_role;

-- What the public /csat page shows: the ticket's subject (nothing else about the tenant) and whether
-- it is rated already. Reading changes nothing (link scanners open links).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.support_survey, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.support_survey(p_token text) returns table (subject text, rated boolean, rating integer, changes_left integer)
    language sql stable
    set search_path to ''
    as $$ select * from private.support_survey(p_token) $$;

-- changes_left: how many more times the link may change the answer (0 once a signed-in user rated).
create function private.support_survey(p_token text) returns table (subject text, rated boolean, rating integer, changes_left integer)
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  t public.support_tickets := private.support_survey_ticket(p_token);
  c public.support_csat;
begin
  select * into c from public.support_csat x where x.ticket_id = t.id;
  return query select t.subject, c.ticket_id is not null, c.rating::int,
    case when c.ticket_id is null then private.support_limit('survey_answers') - 1
         when c.rated_by is not null then 0
         else greatest(private.support_limit('survey_answers') - c.answers, 0) end;
end
$$;

revoke all on function public.support_survey(text) from public, anon, authenticated, service_role;
grant execute on function public.support_survey(text) to anon, authenticated, service_role;
comment on function public.support_survey(text) is
  'CSAT survey link (anyone holding the token, e.g. the console''s public /csat page): the ticket''s subject, whether it is rated (and the rating), and how many changes of the answer the link still takes; support.invalid_survey_link for any bad, tampered or expired token.';
revoke all on function private.support_survey(text) from public, anon, authenticated, service_role;
grant execute on function private.support_survey(text) to anon, authenticated, service_role;

-- Rates the ticket a survey token names (1–5, optional comment); the row's rated_by stays empty (an
-- anonymous answer). Answering again changes the answer, up to support_limit('survey_answers')
-- answers in all. Audited as support.ticket_rate via the link (a change with the rating before).
create function public.rate_support_ticket_by_token(p_token text, p_rating integer, p_comment text default null) returns void
    language sql
    set search_path to ''
    as $$ select private.rate_support_ticket_by_token(p_token, p_rating, p_comment) $$;

create function private.rate_support_ticket_by_token(p_token text, p_rating integer, p_comment text default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  t public.support_tickets := private.support_survey_ticket(p_token);
  v_comment text := nullif(btrim(p_comment), '');
  c public.support_csat;
begin
  -- everything that needs no lock first: a refused call takes none
  if p_rating is null or p_rating not between 1 and 5 or length(v_comment) > private.support_limit('csat_comment') then
    perform private.fail('support.invalid_rating',
      format('a rating is 1 to 5, with an optional comment of at most %s characters', private.support_limit('csat_comment')));
  end if;
  select * into c from public.support_csat x where x.ticket_id = t.id;
  if c.rated_by is not null then
    perform private.fail('support.already_rated', 'this ticket was already rated by a user of the tenant');
  elsif c.answers >= private.support_limit('survey_answers') then
    perform private.fail('support.survey_answer_limit',
      format('this survey took %s answers already', c.answers));
  end if;
  select * into t from public.support_tickets x where x.id = t.id for update;
  if t.status not in ('solved', 'closed') or t.merged_into is not null then
    perform private.fail('support.not_solved', 'only solved tickets are rated');
  end if;
  -- under the ticket's lock: the answer as it is now (a concurrent answer may have come first)
  select * into c from public.support_csat x where x.ticket_id = t.id;
  if c.ticket_id is null then
    insert into public.support_csat (ticket_id, tenant_id, group_id, assignee_id, rating, comment, rated_by, rated_at)
    values (t.id, t.tenant_id, t.group_id, t.assignee_id, p_rating, v_comment, null, private.now());
    perform audit.record('support.ticket_rate', 'support_ticket', t.id::text, null,
      jsonb_build_object('rating', p_rating, 'via', 'survey_link'), t.tenant_id, null);
    return;
  elsif c.rated_by is not null then
    perform private.fail('support.already_rated', 'this ticket was already rated by a user of the tenant');
  elsif c.answers >= private.support_limit('survey_answers') then
    perform private.fail('support.survey_answer_limit', format('this survey took %s answers already', c.answers));
  end if;
  update public.support_csat x set rating = p_rating, comment = v_comment, rated_at = private.now(), answers = x.answers + 1
  where x.ticket_id = t.id;
  perform audit.record('support.ticket_rate', 'support_ticket', t.id::text, jsonb_build_object('rating', c.rating),
    jsonb_build_object('rating', p_rating, 'via', 'survey_link', 'answer', c.answers + 1), t.tenant_id, null);
end
$$;

revoke all on function public.rate_support_ticket_by_token(text, integer, text) from public, anon, authenticated, service_role;
grant execute on function public.rate_support_ticket_by_token(text, integer, text) to anon, authenticated, service_role;
comment on function public.rate_support_ticket_by_token(text, integer, text) is
  'CSAT survey link (anyone holding the token, e.g. the console''s public /csat page): rates the solved ticket 1–5 with an optional comment (at most 2000 characters); answering again changes the answer, 3 answers at most (support.survey_answer_limit); audited.';
revoke all on function private.rate_support_ticket_by_token(text, integer, text) from public, anon, authenticated, service_role;
grant execute on function private.rate_support_ticket_by_token(text, integer, text) to anon, authenticated, service_role;
