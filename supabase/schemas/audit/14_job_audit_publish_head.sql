CREATE FUNCTION private.job_audit_publish_head(payload jsonb, job jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select audit.publish_head() $$;

REVOKE ALL ON FUNCTION private.job_audit_publish_head(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_audit_publish_head(payload jsonb, job jsonb) FROM PUBLIC;
