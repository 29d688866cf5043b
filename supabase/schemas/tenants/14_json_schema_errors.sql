CREATE FUNCTION private.json_schema_errors(schema jsonb, doc jsonb, path text DEFAULT '$'::text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  errors text[] := '{}';
  expected text := schema ->> 'type';
  actual text := jsonb_typeof(doc);
  key text;
begin
  if expected is not null and not (actual = expected or (expected = 'integer' and actual = 'number' and (doc #>> '{}')::numeric % 1 = 0)) then
    return array[format('%s must be %s, not %s', path, expected, actual)];
  end if;
  if schema ? 'enum' and not (schema -> 'enum') @> jsonb_build_array(doc) then
    errors := errors || format('%s must be one of %s', path, schema -> 'enum');
  end if;
  if actual = 'string' then
    if (schema ->> 'minLength') is not null and length(doc #>> '{}') < (schema ->> 'minLength')::int then
      errors := errors || format('%s must have at least %s characters', path, schema ->> 'minLength');
    end if;
    if (schema ->> 'maxLength') is not null and length(doc #>> '{}') > (schema ->> 'maxLength')::int then
      errors := errors || format('%s must have at most %s characters', path, schema ->> 'maxLength');
    end if;
    if (schema ->> 'pattern') is not null and (doc #>> '{}') !~ (schema ->> 'pattern') then
      errors := errors || format('%s must match %s', path, schema ->> 'pattern');
    end if;
  elsif actual = 'number' then
    if (schema ->> 'minimum') is not null and (doc #>> '{}')::numeric < (schema ->> 'minimum')::numeric then
      errors := errors || format('%s must be at least %s', path, schema ->> 'minimum');
    end if;
    if (schema ->> 'maximum') is not null and (doc #>> '{}')::numeric > (schema ->> 'maximum')::numeric then
      errors := errors || format('%s must be at most %s', path, schema ->> 'maximum');
    end if;
  elsif actual = 'object' then
    for key in select jsonb_array_elements_text(coalesce(schema -> 'required', '[]')) loop
      if not doc ? key then
        errors := errors || format('%s.%s is required', path, key);
      end if;
    end loop;
    for key in select jsonb_object_keys(doc) loop
      if schema -> 'properties' ? key then
        errors := errors || private.json_schema_errors(schema -> 'properties' -> key, doc -> key, path || '.' || key);
      elsif (schema -> 'additionalProperties') = 'false'::jsonb then
        errors := errors || format('%s.%s is not an allowed field', path, key);
      end if;
    end loop;
  end if;
  return errors;
end
$$;

REVOKE ALL ON FUNCTION private.json_schema_errors(schema jsonb, doc jsonb, path text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.json_schema_errors(schema jsonb, doc jsonb, path text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.json_schema_errors(schema jsonb, doc jsonb, path text) TO authenticated;
GRANT ALL ON FUNCTION private.json_schema_errors(schema jsonb, doc jsonb, path text) TO service_role;
