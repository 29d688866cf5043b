-- Deletes an announcement (settings.write, aal2, a reason; the audit keeps its content).
CREATE FUNCTION public.delete_announcement(announcement_id uuid, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.delete_announcement(announcement_id, reason) $$;

CREATE FUNCTION private.delete_announcement(announcement_id uuid, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  a public.platform_announcements;
begin
  perform private.assert_permission('settings.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if length(btrim(coalesce(reason, ''))) < 3 then
    perform private.fail('platform.reason_required', 'a reason is required');
  end if;
  delete from public.platform_announcements x where x.id = delete_announcement.announcement_id returning * into a;
  if a.id is null then
    perform private.fail('platform.unknown_announcement', 'no such announcement');
  end if;
  perform audit.record('platform.announcement_delete', 'announcement', a.id::text, to_jsonb(a), null, null, btrim(reason));
end
$$;

REVOKE ALL ON FUNCTION public.delete_announcement(announcement_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.delete_announcement(announcement_id uuid, reason text) TO authenticated, service_role;
COMMENT ON FUNCTION public.delete_announcement(announcement_id uuid, reason text) IS 'Deletes an announcement (settings.write, aal2, with a reason; audited).';

REVOKE ALL ON FUNCTION private.delete_announcement(announcement_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.delete_announcement(announcement_id uuid, reason text) TO authenticated, service_role;
