CREATE FUNCTION public.audit_chain_status(published jsonb DEFAULT NULL::jsonb, full_chain boolean DEFAULT false) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.audit_chain_status(published, coalesce(full_chain, false)) $$;

REVOKE ALL ON FUNCTION public.audit_chain_status(published jsonb, full_chain boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.audit_chain_status(published jsonb, full_chain boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_chain_status(published jsonb, full_chain boolean) TO authenticated;
GRANT ALL ON FUNCTION public.audit_chain_status(published jsonb, full_chain boolean) TO service_role;

COMMENT ON FUNCTION public.audit_chain_status(published jsonb, full_chain boolean) IS 'Verifies the audit chain (audit.read): incrementally from the last verified checkpoint, or fully with full_chain => true (compliance.export). published: the head last read from the external sink ({seq, hash}); a chain cut short or rewritten below it is reported with the first missing seq.';
