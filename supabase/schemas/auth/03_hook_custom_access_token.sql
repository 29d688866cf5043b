CREATE FUNCTION private.hook_custom_access_token(event jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  claims jsonb := coalesce(event -> 'claims', '{}');
  uid uuid := nullif(event ->> 'user_id', '')::uuid;
begin
  if jsonb_typeof(claims) <> 'object' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'claims must be an object'));
  end if;
  claims := jsonb_set(claims, '{platform_role}',
    coalesce((select to_jsonb(s.role_code) from public.platform_staff s where s.user_id = uid and s.status <> 'disabled'), 'null'));
  -- HQ staff run as hq_staff (the staff arms of the row policies are `to hq_staff`); a disabled
  -- member and everyone else keep the role GoTrue gave (authenticated).
  if claims ->> 'role' = 'authenticated'
     and exists (select from public.platform_staff s where s.user_id = uid and s.status <> 'disabled') then
    claims := jsonb_set(claims, '{role}', '"hq_staff"');
  end if;
  claims := jsonb_set(claims, '{tenant_memberships}',
    coalesce((select jsonb_agg(jsonb_build_object('tenant_id', m.tenant_id, 'role', m.role) order by m.created_at)
              from public.tenant_members m where m.user_id = uid), '[]'));
  return jsonb_build_object('claims', claims);
end
$$;

REVOKE ALL ON FUNCTION private.hook_custom_access_token(event jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.hook_custom_access_token(event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.hook_custom_access_token(event jsonb) TO supabase_auth_admin;
