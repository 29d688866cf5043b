-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.archive_plan, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.archive_plan(code text, reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.archive_plan(code, reason) $$;

CREATE FUNCTION private.archive_plan(code text, reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('plans.write');
  update public.plans p set status = 'archived', is_default = false where p.code = archive_plan.code and p.status = 'active';
  if not found then
    perform private.fail('plans.not_found', format('no active plan %s', code));
  end if;
  perform audit.record('plan.archive', 'plan', code, null, null, null, reason);
end
$$;

REVOKE ALL ON FUNCTION public.archive_plan(code text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.archive_plan(code text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.archive_plan(code text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.archive_plan(code text, reason text) TO service_role;

COMMENT ON FUNCTION public.archive_plan(code text, reason text) IS 'Archives a plan: no new subscriptions or changes to it; existing tenants keep it (plans.write, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.archive_plan(code text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.archive_plan(code text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.archive_plan(code text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.archive_plan(code text, reason text) TO service_role;
