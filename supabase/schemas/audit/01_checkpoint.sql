CREATE FUNCTION audit.checkpoint() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return audit.record_checkpoint('scheduled');
end
$$;

REVOKE ALL ON FUNCTION audit.checkpoint() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.checkpoint() FROM PUBLIC;
