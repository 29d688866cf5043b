CREATE FUNCTION audit.verify_chain(from_seq bigint DEFAULT NULL::bigint) RETURNS TABLE(ok boolean, checked bigint, first_broken_id bigint, first_broken_seq bigint, reason text, head_seq bigint, head_hash bytea)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  entry audit.log;
  zero constant bytea := '\x0000000000000000000000000000000000000000000000000000000000000000';
  expected_seq bigint := greatest(coalesce(from_seq, 1), 1);
  expected_prev bytea;
  last_version smallint := 1;
  n bigint := 0;
begin
  if expected_seq > 1 then
    select l.hash, l.hash_version into expected_prev, last_version from audit.log l where l.seq = expected_seq - 1;
    if expected_prev is null then
      return query select false, 0::bigint, null::bigint, expected_seq - 1,
        'the anchor row is missing (rows were deleted)'::text, null::bigint, null::bytea;
      return;
    end if;
  end if;
  expected_prev := coalesce(expected_prev, zero);
  for entry in select * from audit.log l where l.seq >= expected_seq order by l.seq loop
    n := n + 1;
    if entry.seq <> expected_seq then
      return query select false, n, entry.id, expected_seq, 'rows are missing from the chain (a gap in seq)'::text,
        expected_seq - 1, expected_prev;
      return;
    end if;
    if entry.prev_hash is distinct from expected_prev then
      return query select false, n, entry.id, entry.seq, 'prev_hash does not match the previous row''s hash'::text,
        expected_seq - 1, expected_prev;
      return;
    end if;
    if entry.hash_version < last_version then
      return query select false, n, entry.id, entry.seq, 'the hash version goes back'::text, expected_seq - 1, expected_prev;
      return;
    end if;
    if entry.hash is distinct from audit.chain_hash(entry.prev_hash, entry) then
      return query select false, n, entry.id, entry.seq, 'hash does not match the row''s content'::text,
        expected_seq - 1, expected_prev;
      return;
    end if;
    expected_prev := entry.hash;
    last_version := entry.hash_version;
    expected_seq := expected_seq + 1;
  end loop;
  return query select true, n, null::bigint, null::bigint, null::text, expected_seq - 1,
    case when expected_seq > 1 then expected_prev end;
end
$$;

REVOKE ALL ON FUNCTION audit.verify_chain(from_seq bigint) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.verify_chain(from_seq bigint) FROM PUBLIC;
