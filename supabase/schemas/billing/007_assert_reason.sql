CREATE FUNCTION private.assert_reason(reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if reason is null or length(trim(reason)) < 3 then
    perform private.billing_fail('22023', 'reason_required', 'a reason of at least 3 characters is required', 'say why, for the audit log');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_reason(reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_reason(reason text) FROM PUBLIC;
