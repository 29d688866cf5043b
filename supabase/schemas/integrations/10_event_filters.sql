-- Event type filters of endpoints: exact types, a prefix wildcard (invoice.*) or * for all.
CREATE FUNCTION private.event_type_matches(filter text[], event_type text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select exists (select from unnest(filter) f
                 where f = '*' or f = event_type or (f like '%.*' and event_type like left(f, -1) || '%'))
$$;

REVOKE ALL ON FUNCTION private.event_type_matches(filter text[], event_type text) FROM PUBLIC, anon, authenticated, service_role;

-- A filter as stored: trimmed, lower-cased, deduplicated and sorted; each entry names a known type or
-- a prefix of one; anything else is integrations.invalid_filter.
CREATE FUNCTION private.valid_event_filter(filter text[]) RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v text[];
  bad text;
begin
  if filter is null or cardinality(filter) = 0 or cardinality(filter) > 100 then
    perform private.fail('integrations.invalid_filter', 'subscribe to 1 to 100 event types', 'e.g. order.ready, invoice.*');
  end if;
  select array_agg(distinct lower(btrim(f)) order by lower(btrim(f))) into v from unnest(filter) f;
  select f into bad from unnest(v) f
  where f is null or not (f = '*' or exists (select from public.integration_event_types t
                                  where t.type = f or (f ~ '^[a-z]+(\.[a-z_]+)*\.\*$' and t.type like left(f, -1) || '%')))
  limit 1;
  if found then
    perform private.fail('integrations.invalid_filter', format('unknown event type or pattern: %s', coalesce(bad, 'null')), 'e.g. order.ready, invoice.*');
  end if;
  return v;
end
$$;

REVOKE ALL ON FUNCTION private.valid_event_filter(filter text[]) FROM PUBLIC, anon, authenticated, service_role;
