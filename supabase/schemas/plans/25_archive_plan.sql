CREATE FUNCTION public.archive_plan(code text, reason text) RETURNS void
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
