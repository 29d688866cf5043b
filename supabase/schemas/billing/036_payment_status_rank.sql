CREATE FUNCTION private.payment_status_rank(status text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case payment_status_rank.status when 'pending' then 1 when 'cancelled' then 1 when 'failed' then 2
                                          when 'succeeded' then 3 else 0 end
$$;

REVOKE ALL ON FUNCTION private.payment_status_rank(status text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.payment_status_rank(status text) FROM PUBLIC;
