CREATE FUNCTION private.feature_value_error(f public.features, value jsonb) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case
    when f.key is null then 'unknown feature'
    when value is null then 'a value is required'
    when f.type = 'boolean' and jsonb_typeof(value) <> 'boolean' then 'must be true or false'
    when f.type = 'limit' and not (jsonb_typeof(value) = 'null' or (jsonb_typeof(value) = 'number' and value::numeric >= 0))
      then 'must be a number ≥ 0 or null (unlimited)'
    when f.type = 'enum' and not (jsonb_typeof(value) = 'string' and (value #>> '{}') = any (f.enum_values))
      then format('must be one of %s', array_to_string(f.enum_values, ', '))
  end
$$;

REVOKE ALL ON FUNCTION private.feature_value_error(f public.features, value jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.feature_value_error(f public.features, value jsonb) FROM PUBLIC;
