CREATE FUNCTION private.assert_json_size(value jsonb, what text, kind text DEFAULT 'json.bytes'::text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_max int := private.input_limit(kind);
  v_size int;
begin
  if value is null then
    return;
  end if;
  v_size := octet_length(value::text);
  if v_size > v_max then
    perform private.fail('input.too_large', format('%s is at most %s bytes of JSON (got %s)', what, v_max, v_size),
      format('send a smaller %s', what));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_json_size(value jsonb, what text, kind text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_json_size(value jsonb, what text, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_json_size(value jsonb, what text, kind text) TO authenticated;
GRANT ALL ON FUNCTION private.assert_json_size(value jsonb, what text, kind text) TO service_role;
