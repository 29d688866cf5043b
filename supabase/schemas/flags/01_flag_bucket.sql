CREATE FUNCTION private.flag_bucket(flag_key text, tenant_id uuid) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select (('x' || substr(md5(flag_key || ':' || tenant_id::text), 1, 8))::bit(32)::bigint % 10000) / 100.0
$$;

REVOKE ALL ON FUNCTION private.flag_bucket(flag_key text, tenant_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.flag_bucket(flag_key text, tenant_id uuid) FROM PUBLIC;
