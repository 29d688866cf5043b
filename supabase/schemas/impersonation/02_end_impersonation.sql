CREATE FUNCTION public.end_impersonation() RETURNS boolean
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
