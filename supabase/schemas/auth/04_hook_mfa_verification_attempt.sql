CREATE FUNCTION private.hook_mfa_verification_attempt(event jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
  if coalesce(event ->> 'user_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or jsonb_typeof(event -> 'valid') is distinct from 'boolean' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'malformed hook event'));
  end if;
  -- The MFA hook's answer has no should_logout_user.
  return private.record_auth_attempt((event ->> 'user_id')::uuid, 'mfa', (event ->> 'valid')::boolean, event ->> 'ip')
         - 'should_logout_user';
end
$_$;

REVOKE ALL ON FUNCTION private.hook_mfa_verification_attempt(event jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.hook_mfa_verification_attempt(event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.hook_mfa_verification_attempt(event jsonb) TO supabase_auth_admin;
