CREATE VIEW public.audit_log WITH (security_invoker='true') AS
 SELECT log.id,
    log.occurred_at,
    log.actor_id,
    log.actor_role,
    log.impersonation_id,
    log.tenant_id,
    log.action,
    log.entity_type,
    log.entity_id,
    log.reason,
    log.before,
    log.after,
    log.diff,
    log.trace_id,
    log.ip,
    log.user_agent,
    encode(log.hash, 'hex'::text) AS hash,
    log.seq,
    log.hash_version
   FROM audit.log;

COMMENT ON COLUMN public.audit_log.id IS 'Identifier of the entry.';
COMMENT ON COLUMN public.audit_log.occurred_at IS 'When the change was made.';
COMMENT ON COLUMN public.audit_log.actor_id IS 'User who made it; null for jobs and the system.';
COMMENT ON COLUMN public.audit_log.actor_role IS 'The actor''s role then (the HQ role code for staff, tenant_user for tenant members, service_role, or system for database jobs).';
COMMENT ON COLUMN public.audit_log.impersonation_id IS 'The impersonation session it was made in, if any.';
COMMENT ON COLUMN public.audit_log.tenant_id IS 'The tenant concerned, if any.';
COMMENT ON COLUMN public.audit_log.action IS 'What was done: entity.verb (tenant.update, invoice.finalize…).';
COMMENT ON COLUMN public.audit_log.entity_type IS 'Kind of object changed (tenant, invoice, staff…).';
COMMENT ON COLUMN public.audit_log.entity_id IS 'Identifier of the object changed, as text.';
COMMENT ON COLUMN public.audit_log.reason IS 'Why, as given by the actor or as a reason code.';
COMMENT ON COLUMN public.audit_log.before IS 'The object''s audited fields before the change.';
COMMENT ON COLUMN public.audit_log.after IS 'The object''s audited fields after the change.';
COMMENT ON COLUMN public.audit_log.diff IS 'Only the fields that changed, each with its old and new value.';
COMMENT ON COLUMN public.audit_log.trace_id IS 'Trace identifier of the request (x-trace-id or traceparent header), to follow one request across entries.';
COMMENT ON COLUMN public.audit_log.ip IS 'Client IP address of the request (first x-forwarded-for address), if known.';
COMMENT ON COLUMN public.audit_log.user_agent IS 'Client user agent of the request, if known.';
COMMENT ON COLUMN public.audit_log.hash IS 'Hash chaining this entry to the previous one (tampering breaks audit.verify_chain).';

REVOKE ALL ON TABLE public.audit_log FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON TABLE public.audit_log TO authenticated;
GRANT ALL ON TABLE public.audit_log TO service_role;

COMMENT ON VIEW public.audit_log IS 'The append-only audit log as readers see it: who did what to which entity, the diff, the reason, its chain position (seq) and hash version (audit.read).';

COMMENT ON COLUMN public.audit_log.seq IS 'Position in the hash chain (1, 2, 3 … without gaps).';

COMMENT ON COLUMN public.audit_log.hash_version IS '1: hash without diff (rows before 2026-12-06); 2: hash over every shown column.';
