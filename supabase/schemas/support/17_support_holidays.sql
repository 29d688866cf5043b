-- Adds a public holiday to a calendar (support.write). Ranges of one calendar never overlap:
-- the calendar row is locked, then any overlap is refused with support.holiday_overlap.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_support_holiday, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.save_support_holiday(calendar_code text, starts_on date, ends_on date, name jsonb) returns bigint
    language sql
    set search_path to ''
    as $$ select private.save_support_holiday(calendar_code, starts_on, ends_on, name) $$;

create function private.save_support_holiday(calendar_code text, starts_on date, ends_on date, name jsonb) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  clash public.support_holidays;
  after_row public.support_holidays;
begin
  perform private.assert_permission('support.write');
  perform private.assert_json_size(name, 'the name');
  perform from public.support_calendars c where c.code = calendar_code for update;
  if not found then
    perform private.fail('support.unknown_calendar', format('no business-hours calendar %s', left(calendar_code, 20)));
  end if;
  if starts_on is null or ends_on is null or ends_on < starts_on or ends_on - starts_on >= 31
     or name is null or jsonb_typeof(name) <> 'object' or coalesce(btrim(name ->> 'en'), '') = '' then
    perform private.fail('support.invalid_holiday', 'a holiday has a first and last day (at most 31 days) and a name {"en", "ar"}');
  end if;
  select * into clash from public.support_holidays h
  where h.calendar_code = save_support_holiday.calendar_code and h.starts_on <= save_support_holiday.ends_on
    and h.ends_on >= save_support_holiday.starts_on
  order by h.starts_on limit 1;
  if clash.id is not null then
    perform private.fail('support.holiday_overlap', format('overlaps %s (%s to %s)', clash.name ->> 'en', clash.starts_on, clash.ends_on));
  end if;
  insert into public.support_holidays (calendar_code, starts_on, ends_on, name) values (calendar_code, starts_on, ends_on, name)
  returning * into after_row;
  perform audit.record('support.holiday_save', 'support_holiday', after_row.id::text, null, to_jsonb(after_row), null, null);
  return after_row.id;
end
$$;

revoke all on function public.save_support_holiday(text, date, date, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.save_support_holiday(text, date, date, jsonb) to authenticated, service_role;
comment on function public.save_support_holiday(text, date, date, jsonb) is
  'Adds a public holiday (whole local days) to a region''s business-hours calendar (support.write); overlaps are refused.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.save_support_holiday(text, date, date, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.save_support_holiday(text, date, date, jsonb) to authenticated, service_role;

-- Removes a holiday (support.write), e.g. when Eid moves.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.delete_support_holiday, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.delete_support_holiday(holiday_id bigint) returns void
    language sql
    set search_path to ''
    as $$ select private.delete_support_holiday(holiday_id) $$;

create function private.delete_support_holiday(holiday_id bigint) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.support_holidays;
begin
  perform private.assert_permission('support.write');
  delete from public.support_holidays h where h.id = holiday_id returning * into before_row;
  if before_row.id is null then
    perform private.fail('support.unknown_holiday', 'no such holiday');
  end if;
  perform audit.record('support.holiday_delete', 'support_holiday', before_row.id::text, to_jsonb(before_row), null, null, null);
end
$$;

revoke all on function public.delete_support_holiday(bigint) from public, anon, authenticated, service_role;
grant execute on function public.delete_support_holiday(bigint) to authenticated, service_role;
comment on function public.delete_support_holiday(bigint) is 'Removes a public holiday from a calendar (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.delete_support_holiday(bigint) from public, anon, authenticated, service_role;
grant execute on function private.delete_support_holiday(bigint) to authenticated, service_role;
