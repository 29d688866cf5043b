CREATE FUNCTION audit.compare_published_head(published jsonb) RETURNS TABLE(ok boolean, kind text, first_missing_seq bigint, reason text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  pub_seq bigint;
  pub_hash bytea;
  row_hash bytea;
  chain_head bigint;
begin
  begin
    pub_seq := (published ->> 'seq')::bigint;
    pub_hash := decode(published ->> 'hash', 'hex');
  exception when others then
    pub_seq := null;
  end;
  if pub_seq is null or pub_seq < 1 or pub_hash is null or length(pub_hash) <> 32 then
    perform private.fail('audit.invalid_published_head', 'a published head is {"seq": <number>, "hash": "<64 hex digits>"}');
  end if;
  select l.hash into row_hash from audit.log l where l.seq = pub_seq;
  if row_hash is null then
    -- The first seq at or below the published head that has no row.
    select coalesce(min(l.seq) + 1, 1) into chain_head
    from audit.log l where l.seq < pub_seq and not exists (select from audit.log n where n.seq = l.seq + 1);
    if not exists (select from audit.log l where l.seq = 1) then
      chain_head := 1;
    end if;
    return query select false, 'cut'::text, chain_head,
      format('the chain ends before the published head (seq %s): rows from seq %s are missing', pub_seq, chain_head);
    return;
  end if;
  if row_hash <> pub_hash then
    return query select false, 'rewritten'::text, pub_seq, format('the row at the published head (seq %s) was rewritten', pub_seq);
    return;
  end if;
  return query select true, 'matches'::text, null::bigint, null::text;
end
$$;

REVOKE ALL ON FUNCTION audit.compare_published_head(published jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.compare_published_head(published jsonb) FROM PUBLIC;
