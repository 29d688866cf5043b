CREATE FUNCTION private.job_workflow_aggregate(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_day date;
begin
  begin
    v_day := coalesce((payload ->> 'day')::date, ((private.now() at time zone 'UTC')::date - 1));
  exception when others then
    perform private.fail('workflow.invalid_payload', 'workflow.aggregate_daily needs payload.day as YYYY-MM-DD');
  end;
  perform private.aggregate_workflow_day(v_day);
end
$$;

REVOKE ALL ON FUNCTION private.job_workflow_aggregate(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_workflow_aggregate(payload jsonb, job jsonb) FROM PUBLIC;
