CREATE FUNCTION private.dunning_day_at(due_date date, tz text, day integer) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select ((dunning_day_at.due_date + dunning_day_at.day)::timestamp) at time zone coalesce(dunning_day_at.tz, 'UTC')
$$;

REVOKE ALL ON FUNCTION private.dunning_day_at(due_date date, tz text, day integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_day_at(due_date date, tz text, day integer) FROM PUBLIC;
