CREATE FUNCTION audit.canonical(entry audit.log) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return jsonb_build_object(
    'id', entry.id,
    'occurred_at_us', (extract(epoch from entry.occurred_at) * 1000000)::bigint,
    'actor_id', entry.actor_id,
    'actor_role', entry.actor_role,
    'impersonation_id', entry.impersonation_id,
    'tenant_id', entry.tenant_id,
    'action', entry.action,
    'entity_type', entry.entity_type,
    'entity_id', entry.entity_id,
    'reason', entry.reason,
    'before', entry.before,
    'after', entry.after,
    'trace_id', entry.trace_id,
    'ip', entry.ip,
    'user_agent', entry.user_agent)::text;
end
$$;

REVOKE ALL ON FUNCTION audit.canonical(entry audit.log) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.canonical(entry audit.log) FROM PUBLIC;
