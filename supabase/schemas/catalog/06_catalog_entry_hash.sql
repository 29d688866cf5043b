-- The content hash that decides whether an entry changed between releases.
create function private.catalog_entry_hash(name jsonb, description jsonb, sort_order integer, active boolean,
    icon text, colour text, attributes jsonb, retired boolean) returns text
    language sql immutable
    set search_path to ''
    as $$
  select md5(jsonb_build_array(name, description, sort_order, active, icon, colour, attributes, retired)::text)
$$;

revoke all on function private.catalog_entry_hash(jsonb, jsonb, integer, boolean, text, text, jsonb, boolean) from public, anon, authenticated, service_role;
grant execute on function private.catalog_entry_hash(jsonb, jsonb, integer, boolean, text, text, jsonb, boolean) to authenticated, service_role;
