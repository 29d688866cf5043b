CREATE FUNCTION private.assert_json_count(value jsonb, what text, kind text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_max int := private.input_limit(kind);
  v_count int := case jsonb_typeof(value) when 'array' then jsonb_array_length(value)
                                         when 'object' then (select count(*) from jsonb_object_keys(value)) else 0 end;
begin
  if v_count > v_max then
    perform private.fail('input.too_many', format('%s has at most %s entries (got %s)', what, v_max, v_count),
      format('split or shorten %s', what));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_json_count(value jsonb, what text, kind text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_json_count(value jsonb, what text, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_json_count(value jsonb, what text, kind text) TO authenticated;
GRANT ALL ON FUNCTION private.assert_json_count(value jsonb, what text, kind text) TO service_role;
