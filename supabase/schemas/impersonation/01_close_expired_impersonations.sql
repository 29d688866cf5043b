CREATE FUNCTION private.close_expired_impersonations() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  closed int;
begin
  update public.impersonations i set ended_at = i.expires_at, end_reason = 'expired'
  where i.ended_at is null and i.expires_at <= clock_timestamp();
  get diagnostics closed = row_count;
  return closed;
end
$$;

REVOKE ALL ON FUNCTION private.close_expired_impersonations() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.close_expired_impersonations() FROM PUBLIC;
