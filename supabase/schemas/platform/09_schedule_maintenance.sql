-- Switches maintenance on now (starts_at null) or schedules it (a future starts_at), for the whole
-- platform (region null) or one region, until ends_at (null: until end_maintenance). settings.write
-- in an aal2 session (a setting write, so it stays possible during a maintenance); audited.
CREATE FUNCTION public.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.schedule_maintenance(region, starts_at, ends_at, message, reason) $$;

CREATE FUNCTION private.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  now_at timestamptz := private.now();
  w public.maintenance_windows;
begin
  perform private.assert_permission('settings.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(message, 'the message');
  if length(btrim(coalesce(reason, ''))) < 3 then
    perform private.fail('platform.reason_required', 'a reason is required');
  end if;
  if region is not null and not exists (select from public.regions r where r.code = schedule_maintenance.region) then
    perform private.fail('platform.invalid_region', format('unknown region %s', region));
  end if;
  if jsonb_typeof(message) is distinct from 'object'
     or coalesce(btrim(message ->> 'en'), '') = '' or coalesce(btrim(message ->> 'ar'), '') = ''
     or length(message ->> 'en') > 500 or length(message ->> 'ar') > 500 then
    perform private.fail('platform.invalid_message', 'the message needs an English and an Arabic text of 1–500 characters');
  end if;
  starts_at := greatest(coalesce(starts_at, now_at), now_at);
  if ends_at is not null and ends_at <= starts_at then
    perform private.fail('platform.invalid_window', 'the end must be after the start (and in the future)');
  end if;
  insert into public.maintenance_windows as x (region, starts_at, ends_at, message, reason, created_by, created_at)
  values (region, starts_at, ends_at, jsonb_build_object('en', btrim(message ->> 'en'), 'ar', btrim(message ->> 'ar')),
          btrim(reason), auth.uid(), now_at)
  returning * into w;
  perform audit.record('platform.maintenance_schedule', 'maintenance_window', w.id::text, null, to_jsonb(w), null, w.reason);
  return w.id;
end
$$;

REVOKE ALL ON FUNCTION public.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) TO authenticated, service_role;
COMMENT ON FUNCTION public.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) IS 'Switches maintenance on now or schedules it, globally or for one region, with an en/ar message and a reason (settings.write, aal2; audited).';

REVOKE ALL ON FUNCTION private.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.schedule_maintenance(region text, starts_at timestamptz, ends_at timestamptz, message jsonb, reason text) TO authenticated, service_role;
