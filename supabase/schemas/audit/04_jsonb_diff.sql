CREATE FUNCTION audit.jsonb_diff(before jsonb, after jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return (select coalesce(jsonb_object_agg(key, jsonb_build_array(before -> key, after -> key)), '{}'::jsonb)
          from (select jsonb_object_keys(coalesce(before, '{}')) as key
                union
                select jsonb_object_keys(coalesce(after, '{}'))) keys
          where (before -> key) is distinct from (after -> key));
end
$$;

REVOKE ALL ON FUNCTION audit.jsonb_diff(before jsonb, after jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.jsonb_diff(before jsonb, after jsonb) FROM PUBLIC;
