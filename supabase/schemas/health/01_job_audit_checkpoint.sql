CREATE FUNCTION private.job_audit_checkpoint(payload jsonb, job jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select audit.checkpoint() $$;

REVOKE ALL ON FUNCTION private.job_audit_checkpoint(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_audit_checkpoint(payload jsonb, job jsonb) FROM PUBLIC;
