CREATE FUNCTION private.auth_rejection(kind text, locked_until timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when kind = 'password'
    then jsonb_build_object('decision', 'reject', 'should_logout_user', false, 'message', 'Invalid login credentials')
    else jsonb_build_object('decision', 'reject', 'should_logout_user', false,
      'message', format('Too many failed attempts. Try again after %s UTC.', to_char(locked_until at time zone 'UTC', 'HH24:MI')))
  end
$$;

REVOKE ALL ON FUNCTION private.auth_rejection(kind text, locked_until timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.auth_rejection(kind text, locked_until timestamp with time zone) FROM PUBLIC;
