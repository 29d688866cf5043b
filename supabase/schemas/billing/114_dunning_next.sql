CREATE FUNCTION private.dunning_next(c public.dunning_cases, pol public.dunning_policy, OUT action text, OUT day integer, OUT at timestamp with time zone) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_retry int;
  v_reminder int;
  v_stage text;
  v_stage_day int;
begin
  if c.closed_at is not null then
    return;
  end if;
  v_retry := pol.retry_days[c.retries_done + 1];
  v_reminder := pol.reminder_days[c.reminders_sent + 1];
  select s.next_stage, s.after_days into v_stage, v_stage_day
  from (values ('retrying', 'warned', pol.warn_after_days), ('warned', 'past_due', pol.past_due_after_days),
               ('past_due', 'suspended', pol.suspend_after_days), ('suspended', 'written_off', pol.uncollectible_after_days))
       as s(stage, next_stage, after_days)
  where s.stage = c.stage;
  select x.a, x.d into action, day
  from (values ('retry', v_retry, 1), (v_stage, v_stage_day, 2), ('reminder', v_reminder, 3)) as x(a, d, o)
  where x.d is not null and x.a is not null
  order by x.d, x.o
  limit 1;
  if action is not null then
    at := private.dunning_day_at(c.due_date, c.timezone, day);
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.dunning_next(c public.dunning_cases, pol public.dunning_policy, OUT action text, OUT day integer, OUT at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_next(c public.dunning_cases, pol public.dunning_policy, OUT action text, OUT day integer, OUT at timestamp with time zone) FROM PUBLIC;
