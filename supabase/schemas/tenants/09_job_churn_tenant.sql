CREATE FUNCTION private.job_churn_tenant(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$ begin perform private.churn_archived_tenant(private.job_payload_tenant(payload, 'lifecycle.churn')); end $$;

REVOKE ALL ON FUNCTION private.job_churn_tenant(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_churn_tenant(payload jsonb, job jsonb) FROM PUBLIC;
