CREATE FUNCTION private.job_trial_end(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$ begin perform private.end_tenant_trial(private.job_payload_tenant(payload, 'lifecycle.trial_end')); end $$;

REVOKE ALL ON FUNCTION private.job_trial_end(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_trial_end(payload jsonb, job jsonb) FROM PUBLIC;
