CREATE FUNCTION audit.record(action text, entity_type text, entity_id text, before jsonb DEFAULT NULL::jsonb, after jsonb DEFAULT NULL::jsonb, tenant_id uuid DEFAULT NULL::uuid, reason text DEFAULT NULL::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  entry audit.log;
  raw_headers text := current_setting('request.headers', true);
  headers jsonb;
begin
  if record.action is null or record.action !~ '^[a-z_]+(\.[a-z_]+)+$' then
    perform private.fail('audit.invalid_action', format('invalid audit action %L', record.action));
  end if;
  if record.entity_type is null or record.entity_type = '' then
    perform private.fail('audit.invalid_entity', 'audit entity_type is required');
  end if;

  -- Everything that does not depend on the chain is computed before taking the lock.
  entry.actor_id := auth.uid();
  entry.actor_role := private.current_actor_role();
  entry.impersonation_id := private.current_impersonation_id(record.tenant_id);
  entry.tenant_id := record.tenant_id;
  entry.action := record.action;
  entry.entity_type := record.entity_type;
  entry.entity_id := record.entity_id;
  entry.reason := record.reason;
  entry.before := record.before;
  entry.after := record.after;
  entry.diff := case when record.before is not null and record.after is not null
                     then audit.jsonb_diff(record.before, record.after) end;
  entry.trace_id := private.current_trace_id();
  if raw_headers is not null and raw_headers <> '' then
    headers := raw_headers::jsonb;
    -- Only the first address of X-Forwarded-For (the client); cut to keep log lines bounded.
    entry.ip := left(trim(split_part(headers ->> 'x-forwarded-for', ',', 1)), 64);
    entry.user_agent := left(headers ->> 'user-agent', 512);
  end if;
  entry.hash_version := 2;

  perform pg_advisory_xact_lock(hashtext('audit.log chain'));
  select l.seq, l.hash into entry.seq, entry.prev_hash from audit.log l order by l.seq desc limit 1;
  entry.seq := coalesce(entry.seq, 0) + 1;
  entry.prev_hash := coalesce(entry.prev_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  entry.id := nextval('audit.log_id_seq'::regclass);
  -- Taken under the lock, so time never goes backwards along the chain.
  entry.occurred_at := clock_timestamp();
  entry.hash := audit.chain_hash(entry.prev_hash, entry);

  insert into audit.log overriding system value select entry.*;
  return entry.id;
end
$_$;

REVOKE ALL ON FUNCTION audit.record(action text, entity_type text, entity_id text, before jsonb, after jsonb, tenant_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.record(action text, entity_type text, entity_id text, before jsonb, after jsonb, tenant_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.record(action text, entity_type text, entity_id text, before jsonb, after jsonb, tenant_id uuid, reason text) TO service_role;
