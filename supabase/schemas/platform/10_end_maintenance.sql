-- Switches a running maintenance window off, or cancels a scheduled one (settings.write, aal2, a
-- reason; audited). A window already over or switched off is platform.unknown_window.
CREATE FUNCTION public.end_maintenance(window_id uuid, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.end_maintenance(window_id, reason) $$;

CREATE FUNCTION private.end_maintenance(window_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  before_row public.maintenance_windows;
  after_row public.maintenance_windows;
begin
  perform private.assert_permission('settings.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if length(btrim(coalesce(reason, ''))) < 3 then
    perform private.fail('platform.reason_required', 'a reason is required');
  end if;
  select * into before_row from public.maintenance_windows w
  where w.id = end_maintenance.window_id and w.ended_at is null and (w.ends_at is null or w.ends_at > private.now())
  for update;
  if before_row.id is null then
    perform private.fail('platform.unknown_window', 'no such maintenance window, or it is already over');
  end if;
  update public.maintenance_windows w set ended_at = private.now(), ended_by = auth.uid(), end_reason = btrim(end_maintenance.reason)
  where w.id = end_maintenance.window_id returning * into after_row;
  perform audit.record('platform.maintenance_end', 'maintenance_window', window_id::text,
    to_jsonb(before_row), to_jsonb(after_row), null, btrim(reason));
end
$$;

REVOKE ALL ON FUNCTION public.end_maintenance(window_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.end_maintenance(window_id uuid, reason text) TO authenticated, service_role;
COMMENT ON FUNCTION public.end_maintenance(window_id uuid, reason text) IS 'Switches a maintenance window off, or cancels a scheduled one (settings.write, aal2, with a reason; audited).';

REVOKE ALL ON FUNCTION private.end_maintenance(window_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.end_maintenance(window_id uuid, reason text) TO authenticated, service_role;
