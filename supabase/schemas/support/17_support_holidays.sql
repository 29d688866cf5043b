-- Adds a public holiday to a calendar (support.write). Ranges of one calendar never overlap:
-- the calendar row is locked, then any overlap is refused with support.holiday_overlap.
create function public.save_support_holiday(calendar_code text, starts_on date, ends_on date, name jsonb) returns bigint
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
    raise exception using errcode = '22023', message = format('no business-hours calendar %s', left(calendar_code, 20)),
      detail = 'support.unknown_calendar', hint = 'calendars are per region';
  end if;
  if starts_on is null or ends_on is null or ends_on < starts_on or ends_on - starts_on >= 31
     or name is null or jsonb_typeof(name) <> 'object' or coalesce(btrim(name ->> 'en'), '') = '' then
    raise exception using errcode = '22023', message = 'a holiday has a first and last day (at most 31 days) and a name {"en", "ar"}',
      detail = 'support.invalid_holiday';
  end if;
  select * into clash from public.support_holidays h
  where h.calendar_code = save_support_holiday.calendar_code and h.starts_on <= save_support_holiday.ends_on
    and h.ends_on >= save_support_holiday.starts_on
  order by h.starts_on limit 1;
  if clash.id is not null then
    raise exception using errcode = 'PT409', message = format('overlaps %s (%s to %s)', clash.name ->> 'en', clash.starts_on, clash.ends_on),
      detail = 'support.holiday_overlap', hint = 'change the dates or edit the existing holiday';
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

-- Removes a holiday (support.write), e.g. when Eid moves.
create function public.delete_support_holiday(holiday_id bigint) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.support_holidays;
begin
  perform private.assert_permission('support.write');
  delete from public.support_holidays h where h.id = holiday_id returning * into before_row;
  if before_row.id is null then
    raise exception using errcode = 'PT404', message = 'no such holiday', detail = 'support.unknown_holiday';
  end if;
  perform audit.record('support.holiday_delete', 'support_holiday', before_row.id::text, to_jsonb(before_row), null, null, null);
end
$$;

revoke all on function public.delete_support_holiday(bigint) from public, anon, authenticated, service_role;
grant execute on function public.delete_support_holiday(bigint) to authenticated, service_role;
comment on function public.delete_support_holiday(bigint) is 'Removes a public holiday from a calendar (support.write).';
