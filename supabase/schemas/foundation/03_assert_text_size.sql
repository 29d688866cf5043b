CREATE FUNCTION private.assert_text_size(value text, what text, kind text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_max int := private.input_limit(kind);
begin
  if value is not null and length(value) > v_max then
    perform private.fail('input.too_long', format('%s is at most %s characters (got %s)', what, v_max, length(value)),
      format('shorten %s', what));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_text_size(value text, what text, kind text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_text_size(value text, what text, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_text_size(value text, what text, kind text) TO authenticated;
GRANT ALL ON FUNCTION private.assert_text_size(value text, what text, kind text) TO service_role;
