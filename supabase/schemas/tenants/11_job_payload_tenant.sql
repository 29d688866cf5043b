CREATE FUNCTION private.job_payload_tenant(payload jsonb, job_type text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return (payload ->> 'tenant_id')::uuid;
exception when others then
  perform private.fail('jobs.invalid_payload', format('bad %s payload %s', job_type, payload), '{"tenant_id": uuid}');
end
$$;

REVOKE ALL ON FUNCTION private.job_payload_tenant(payload jsonb, job_type text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_payload_tenant(payload jsonb, job_type text) FROM PUBLIC;
