CREATE FUNCTION private.assert_name_size(value jsonb, what text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if jsonb_typeof(value) = 'object' then
    perform private.assert_json_count(value, what, 'name.locales');
    if exists (select from jsonb_each(value) e where length(e.value #>> '{}') > private.input_limit('name')) then
      perform private.fail('input.too_long', format('%s is at most %s characters in each language', what, private.input_limit('name')),
        format('shorten %s', what));
    end if;
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_name_size(value jsonb, what text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_name_size(value jsonb, what text) FROM PUBLIC;
