CREATE FUNCTION audit.verify_checkpoints() RETURNS TABLE(checkpoint_id bigint, last_log_id bigint, matches boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select c.id, c.last_log_id, l.hash is not distinct from c.head_hash
  from audit.checkpoints c left join audit.log l on l.id = c.last_log_id
  order by c.id
$$;

REVOKE ALL ON FUNCTION audit.verify_checkpoints() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.verify_checkpoints() FROM PUBLIC;
