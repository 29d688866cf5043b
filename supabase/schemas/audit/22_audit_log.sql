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

REVOKE ALL ON TABLE public.audit_log FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON TABLE public.audit_log TO authenticated;
GRANT ALL ON TABLE public.audit_log TO service_role;

COMMENT ON VIEW public.audit_log IS 'The append-only audit log as readers see it: who did what to which entity, the diff, the reason, its chain position (seq) and hash version (audit.read).';

COMMENT ON COLUMN public.audit_log.seq IS 'Position in the hash chain (1, 2, 3 … without gaps).';

COMMENT ON COLUMN public.audit_log.hash_version IS '1: hash without diff (rows before 2026-12-06); 2: hash over every shown column.';
