CREATE FUNCTION private.job_dunning_tick(payload jsonb, job jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select private.dunning_tick() $$;

REVOKE ALL ON FUNCTION private.job_dunning_tick(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_dunning_tick(payload jsonb, job jsonb) FROM PUBLIC;
