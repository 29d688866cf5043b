CREATE FUNCTION private.job_apply_plan_changes(payload jsonb, job jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select private.apply_due_plan_changes(); $$;

REVOKE ALL ON FUNCTION private.job_apply_plan_changes(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_apply_plan_changes(payload jsonb, job jsonb) FROM PUBLIC;
