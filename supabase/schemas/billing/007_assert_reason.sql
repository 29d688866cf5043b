CREATE FUNCTION private.assert_reason(reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if reason is null or length(trim(reason)) < 3 then
    perform private.fail('billing.reason_required', 'a reason of at least 3 characters is required');
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_reason(reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_reason(reason text) FROM PUBLIC;
