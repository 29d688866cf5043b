CREATE FUNCTION private.register_workflow_guard(key text, name jsonb, checker regprocedure, description jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not exists (select from pg_catalog.pg_proc p where p.oid = checker
                 and p.proargtypes = pg_catalog.format('%s %s', 'public.orders'::regtype::oid, 'text'::regtype::oid)::pg_catalog.oidvector
                 and p.prorettype = 'text'::regtype) then
    perform private.fail('workflow.invalid_guard', format('%s is not a workflow guard', checker));
  end if;
  insert into public.workflow_guards as g (key, name, description, checker)
  values (key, name, description, checker::regproc::text)
  on conflict on constraint workflow_guards_pkey do update
    set name = excluded.name, description = excluded.description, checker = excluded.checker;
end
$$;

REVOKE ALL ON FUNCTION private.register_workflow_guard(key text, name jsonb, checker regprocedure, description jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.register_workflow_guard(key text, name jsonb, checker regprocedure, description jsonb) FROM PUBLIC;
