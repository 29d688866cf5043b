CREATE FUNCTION private.job_backoff_seconds(p_attempt integer, p_base_seconds integer, p_max_seconds integer) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select ceil(least(p_max_seconds::numeric, p_base_seconds * power(2::numeric, least(greatest(p_attempt, 1) - 1, 40)))
              * (0.75 + random() * 0.5))::int
$$;

REVOKE ALL ON FUNCTION private.job_backoff_seconds(p_attempt integer, p_base_seconds integer, p_max_seconds integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_backoff_seconds(p_attempt integer, p_base_seconds integer, p_max_seconds integer) FROM PUBLIC;
