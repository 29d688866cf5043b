CREATE FUNCTION private.expire_stale_checkouts(max_age interval DEFAULT '24:00:00'::interval) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.cancel_pending_checkouts(null, private.now() - max_age, 'expired',
    format('checkout not completed within %s', max_age))
$$;

REVOKE ALL ON FUNCTION private.expire_stale_checkouts(max_age interval) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.expire_stale_checkouts(max_age interval) FROM PUBLIC;
