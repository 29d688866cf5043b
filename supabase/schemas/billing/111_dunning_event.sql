CREATE FUNCTION private.dunning_event(c public.dunning_cases, action text, detail jsonb, reason text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  insert into public.dunning_events (case_id, tenant_id, action, detail, at)
  values (c.id, c.tenant_id, dunning_event.action, coalesce(dunning_event.detail, '{}'), private.now());
  perform audit.record('dunning.' || dunning_event.action, 'dunning_case', c.id::text, null,
    jsonb_build_object('invoice_id', c.invoice_id, 'stage', c.stage, 'detail', dunning_event.detail), c.tenant_id,
    dunning_event.reason);
end
$$;

REVOKE ALL ON FUNCTION private.dunning_event(c public.dunning_cases, action text, detail jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_event(c public.dunning_cases, action text, detail jsonb, reason text) FROM PUBLIC;
