CREATE FUNCTION audit.record_checkpoint(kind text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  head audit.log;
  new_id bigint;
begin
  select * into head from audit.log order by seq desc limit 1;
  if head.id is null then
    return null;
  end if;
  insert into audit.checkpoints (last_log_id, head_seq, head_hash, kind)
  values (head.id, head.seq, head.hash, record_checkpoint.kind) returning id into new_id;
  return new_id;
end
$$;

REVOKE ALL ON FUNCTION audit.record_checkpoint(kind text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.record_checkpoint(kind text) FROM PUBLIC;
