-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.end_impersonation, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.end_impersonation() RETURNS boolean
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.end_impersonation() $$;

CREATE FUNCTION private.end_impersonation() RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  ended public.impersonations;
  any_ended boolean := false;
begin
  for ended in update public.impersonations i set ended_at = clock_timestamp(), end_reason = 'ended'
               where i.staff_id = auth.uid() and i.ended_at is null returning * loop
    perform audit.record('impersonation.end', 'impersonation', ended.id::text, null,
                         jsonb_build_object('end_reason', 'ended'), ended.tenant_id);
    any_ended := true;
  end loop;
  return any_ended;
end
$$;

REVOKE ALL ON FUNCTION public.end_impersonation() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.end_impersonation() FROM PUBLIC;
GRANT ALL ON FUNCTION public.end_impersonation() TO authenticated;
GRANT ALL ON FUNCTION public.end_impersonation() TO service_role;

COMMENT ON FUNCTION public.end_impersonation() IS 'Ends the caller''s running impersonation; returns whether one was running (audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.end_impersonation() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.end_impersonation() FROM PUBLIC;
GRANT ALL ON FUNCTION private.end_impersonation() TO authenticated;
GRANT ALL ON FUNCTION private.end_impersonation() TO service_role;
