CREATE FUNCTION private.staff_json(member public.platform_staff) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select to_jsonb(member) - 'updated_at'
$$;

REVOKE ALL ON FUNCTION private.staff_json(member public.platform_staff) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.staff_json(member public.platform_staff) FROM PUBLIC;
