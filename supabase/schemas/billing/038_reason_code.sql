CREATE FUNCTION private.reason_code(code text, params jsonb DEFAULT NULL::jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
begin
  if code is null or code !~ '^[a-z_]+(\.[a-z_]+)+$' then
    perform private.fail('billing.invalid_input', format('invalid reason code %L', code));
  end if;
  return (jsonb_build_object('code', code)
          || case when params is not null and params <> '{}'::jsonb then jsonb_build_object('params', params) else '{}'::jsonb end)::text;
end
$_$;

REVOKE ALL ON FUNCTION private.reason_code(code text, params jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.reason_code(code text, params jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.reason_code(code text, params jsonb) TO service_role;

COMMENT ON FUNCTION private.reason_code(code text, params jsonb) IS 'A system-written reason as a code with parameters: the text of {"code", "params"}; the console renders it per locale.';
