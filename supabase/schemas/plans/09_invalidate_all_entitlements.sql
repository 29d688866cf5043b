CREATE FUNCTION private.invalidate_all_entitlements(cause text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  update public.tenant_entitlements set stale = true, version = version + 1 where not stale;
  perform pg_notify('entitlements', jsonb_build_object('tenant_id', null, 'cause', cause)::text);
  perform private.enqueue('maintenance', 'entitlements.refresh_stale', '{}'::jsonb);
end
$$;

REVOKE ALL ON FUNCTION private.invalidate_all_entitlements(cause text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.invalidate_all_entitlements(cause text) FROM PUBLIC;
