CREATE FUNCTION private.audit_chain_status(published jsonb, full_chain boolean) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  anchor audit.checkpoints;
  result record;
  compared boolean := false;
  pub_ok boolean;
  pub_kind text;
  pub_missing bigint;
  pub_reason text;
  from_seq bigint;
begin
  perform private.assert_permission('audit.read');
  if full_chain then
    perform private.assert_permission('compliance.export');
  end if;
  if published is not null and jsonb_typeof(published) <> 'null' then
    select c.ok, c.kind, c.first_missing_seq, c.reason into pub_ok, pub_kind, pub_missing, pub_reason
    from audit.compare_published_head(published) c;
    compared := true;
  end if;

  if not full_chain then
    select c.* into anchor from audit.checkpoints c join audit.log l on l.seq = c.head_seq and l.hash = c.head_hash
    where c.kind = 'verified' order by c.id desc limit 1;
  end if;
  from_seq := coalesce(anchor.head_seq + 1, 1);
  select * into result from audit.verify_chain(from_seq);
  if result.ok and result.checked > 0 then
    perform audit.record_checkpoint('verified');
  end if;

  return jsonb_build_object(
    'ok', result.ok and coalesce(pub_ok, true),
    'chain_ok', result.ok,
    'mode', case when full_chain then 'full' else 'incremental' end,
    'from_seq', from_seq,
    'checked', result.checked,
    'head_seq', result.head_seq,
    'first_broken_id', result.first_broken_id,
    'first_broken_seq', result.first_broken_seq,
    'reason', result.reason,
    'checked_at', clock_timestamp(),
    'checkpoints_ok', coalesce((select bool_and(c.matches) from audit.verify_checkpoints() c), true),
    'published', case when compared then jsonb_build_object(
      'seq', (published ->> 'seq')::bigint, 'hash', published ->> 'hash', 'published_at', published ->> 'published_at',
      'ok', pub_ok, 'kind', pub_kind, 'first_missing_seq', pub_missing, 'reason', pub_reason) end);
end
$$;

REVOKE ALL ON FUNCTION private.audit_chain_status(published jsonb, full_chain boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.audit_chain_status(published jsonb, full_chain boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.audit_chain_status(published jsonb, full_chain boolean) TO authenticated;
GRANT ALL ON FUNCTION private.audit_chain_status(published jsonb, full_chain boolean) TO service_role;
