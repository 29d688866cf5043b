CREATE FUNCTION private.fail(code text, message text DEFAULT NULL::text, hint text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e private.error_codes;
begin
  select * into e from private.error_codes c where c.code = fail.code;
  if e.code is null then
    -- a code missing from the catalogue is a defect (supabase/tests/house/error_catalogue.test.sql finds it)
    raise exception using errcode = 'XX000', message = coalesce(fail.message, fail.code), detail = fail.code,
      hint = format('error code %s is not in private.error_codes', fail.code);
  end if;
  if coalesce(fail.hint, e.hint_en) is null then  -- RAISE refuses a null option
    raise exception using errcode = e.sqlstate, message = coalesce(fail.message, e.title_en), detail = e.code;
  end if;
  raise exception using errcode = e.sqlstate, message = coalesce(fail.message, e.title_en), detail = e.code,
    hint = coalesce(fail.hint, e.hint_en);
end
$$;

COMMENT ON FUNCTION private.fail(code text, message text, hint text) IS 'Raises the catalogued error code (private.error_codes): its SQLSTATE, detail = code, the given message (else the English title) and hint (else the catalogue''s). Security definer so any caller reads the catalogue.';

REVOKE ALL ON FUNCTION private.fail(code text, message text, hint text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.fail(code text, message text, hint text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.fail(code text, message text, hint text) TO authenticated;
GRANT ALL ON FUNCTION private.fail(code text, message text, hint text) TO service_role;
GRANT ALL ON FUNCTION private.fail(code text, message text, hint text) TO supabase_auth_admin;
