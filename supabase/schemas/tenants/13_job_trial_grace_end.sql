CREATE FUNCTION private.job_trial_grace_end(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$ begin perform private.end_trial_grace(private.job_payload_tenant(payload, 'lifecycle.trial_grace_end')); end $$;

REVOKE ALL ON FUNCTION private.job_trial_grace_end(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_trial_grace_end(payload jsonb, job jsonb) FROM PUBLIC;
