CREATE FUNCTION audit.chain_hash(prev_hash bytea, entry audit.log) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if entry.hash_version = 2 then
    return extensions.digest(prev_hash || convert_to(audit.canonical_v2(entry), 'UTF8'), 'sha256');
  end if;
  return extensions.digest(prev_hash || convert_to(audit.canonical(entry), 'UTF8'), 'sha256');
end
$$;

REVOKE ALL ON FUNCTION audit.chain_hash(prev_hash bytea, entry audit.log) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.chain_hash(prev_hash bytea, entry audit.log) FROM PUBLIC;
