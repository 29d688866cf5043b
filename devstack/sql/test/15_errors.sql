-- What a statement raised, as one value a pgTAP `is()` can compare: the one shared way for tests to
-- look at an error (instead of a copy of a catching function in every test file).
--
--   tests.error_of(query)                   'ok', or '<sqlstate> <detail>'   e.g. 'PT403 auth.permission_denied'
--   tests.error_of(query, template)         the template with {sqlstate} {detail} {message} {hint} filled in
--   tests.error_of(who, aal, query)         the same, run as that user (then back to the superuser)
--   tests.last_error(template)              the parts of the last error error_of caught ({message} by default)
--
-- A part that is absent (no detail, no hint) is filled with ''. Nothing raised gives 'ok'.
-- security invoker, with the caller's search_path: the query runs with the caller's role and claims,
-- as PostgREST would run it.

-- Fills a template from the caught error's parts (kept in the setting tests.last_error as jsonb).
create or replace function tests.error_parts(parts jsonb, template text)
returns text
language sql
immutable
set search_path = ''
as $$
  select replace(replace(replace(replace(template,
           '{sqlstate}', coalesce(parts ->> 'sqlstate', '')),
           '{detail}', coalesce(parts ->> 'detail', '')),
           '{message}', coalesce(parts ->> 'message', '')),
           '{hint}', coalesce(parts ->> 'hint', ''))
$$;

create or replace function tests.error_of(query text, template text default '{sqlstate} {detail}')
returns text
language plpgsql
as $$
declare
  v_state text; v_detail text; v_message text; v_hint text;
begin
  execute query;
  return 'ok';
exception when others then
  get stacked diagnostics v_state = returned_sqlstate, v_detail = pg_exception_detail,
                          v_message = message_text, v_hint = pg_exception_hint;
  perform set_config('tests.last_error',
    jsonb_build_object('sqlstate', v_state, 'detail', nullif(v_detail, ''), 'message', v_message, 'hint', nullif(v_hint, ''))::text, true);
  return tests.error_parts(current_setting('tests.last_error')::jsonb, template);
end
$$;

create or replace function tests.error_of(who uuid, aal text, query text)
returns text
language plpgsql
as $$
declare
  v_result text;
begin
  if who is not null then perform tests.authenticate_as(who, aal); end if;
  v_result := tests.error_of(query);
  perform tests.clear_authentication();
  return v_result;
end
$$;

create or replace function tests.last_error(template text default '{message}')
returns text
language sql
stable
set search_path = ''
as $$
  select tests.error_parts(nullif(current_setting('tests.last_error', true), '')::jsonb, template)
$$;

grant execute on all functions in schema tests to public;
