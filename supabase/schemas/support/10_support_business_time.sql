-- Business-time arithmetic for SLAs. Each local working day's window [opens_at, closes_at) is turned
-- into instants with `(day + time) at time zone tz`, so DST days (EU) get their real length and
-- Gulf zones (no DST) are plain. Weekends are the calendar's ISO weekdays; holidays whole local days.

-- The instant `minutes` business minutes after start_at.
create function private.support_business_due(start_at timestamptz, minutes integer, calendar_code text, tz text)
    returns timestamptz
    language plpgsql stable
    set search_path to ''
    as $$
declare
  cal public.support_calendars;
  day date := (start_at at time zone tz)::date;
  remaining interval := make_interval(mins => greatest(minutes, 0));
  win_start timestamptz;
  win_end timestamptz;
  s timestamptz;
begin
  select * into cal from public.support_calendars c where c.code = calendar_code;
  if cal.code is null then
    perform private.fail('support.unknown_calendar', format('no business-hours calendar %s', left(calendar_code, 20)));
  end if;
  for i in 1..1000 loop
    if not (extract(isodow from day)::smallint = any (cal.weekend))
       and not exists (select from public.support_holidays h
                       where h.calendar_code = cal.code and h.starts_on <= day and h.ends_on >= day) then
      win_start := (day + cal.opens_at) at time zone tz;
      win_end := (day + cal.closes_at) at time zone tz;
      s := greatest(start_at, win_start);
      if s < win_end then
        if s + remaining <= win_end then
          return s + remaining;
        end if;
        remaining := remaining - (win_end - s);
      end if;
    end if;
    day := day + 1;
  end loop;
  perform private.fail('support.no_business_time', 'no business time found within 1000 days');
end
$$;

revoke all on function private.support_business_due(timestamptz, integer, text, text) from public, anon, authenticated, service_role;

-- Business minutes between two instants (0 when to_at is not after from_at).
create function private.support_business_minutes(from_at timestamptz, to_at timestamptz, calendar_code text, tz text)
    returns integer
    language plpgsql stable
    set search_path to ''
    as $$
declare
  cal public.support_calendars;
  day date := (from_at at time zone tz)::date;
  total interval := interval '0';
  win_start timestamptz;
  win_end timestamptz;
begin
  select * into cal from public.support_calendars c where c.code = calendar_code;
  if cal.code is null then
    perform private.fail('support.unknown_calendar', format('no business-hours calendar %s', left(calendar_code, 20)));
  end if;
  while to_at > from_at and ((day + cal.opens_at) at time zone tz) < to_at and day < (from_at at time zone tz)::date + 1000 loop
    if not (extract(isodow from day)::smallint = any (cal.weekend))
       and not exists (select from public.support_holidays h
                       where h.calendar_code = cal.code and h.starts_on <= day and h.ends_on >= day) then
      win_start := greatest(from_at, (day + cal.opens_at) at time zone tz);
      win_end := least(to_at, (day + cal.closes_at) at time zone tz);
      if win_end > win_start then
        total := total + (win_end - win_start);
      end if;
    end if;
    day := day + 1;
  end loop;
  return (extract(epoch from total) / 60)::integer;
end
$$;

revoke all on function private.support_business_minutes(timestamptz, timestamptz, text, text) from public, anon, authenticated, service_role;

-- A ticket's due times from the tenant's region calendar, timezone and plan (targets of the plan,
-- else the '*' default), counted from start_at.
create function private.support_due_times(tenant_id uuid, priority text, start_at timestamptz,
    out first_response_due_at timestamptz, out resolution_due_at timestamptz)
    language plpgsql stable
    set search_path to ''
    as $$
declare
  t public.tenants;
  target public.support_sla_targets;
begin
  select * into t from public.tenants x where x.id = support_due_times.tenant_id;
  select g.* into target from public.support_sla_targets g
  where g.priority = support_due_times.priority
    and g.plan_code in ('*', coalesce((select p.code from public.tenant_plans tp join public.plans p on p.id = tp.plan_id
                                       where tp.tenant_id = t.id), '*'))
  order by (g.plan_code = '*') limit 1;
  first_response_due_at := private.support_business_due(start_at, target.first_response_minutes, t.region, t.timezone);
  resolution_due_at := private.support_business_due(start_at, target.resolution_minutes, t.region, t.timezone);
end
$$;

revoke all on function private.support_due_times(uuid, text, timestamptz) from public, anon, authenticated, service_role;
