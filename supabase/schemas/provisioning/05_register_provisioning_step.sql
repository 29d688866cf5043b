CREATE FUNCTION private.register_provisioning_step(code text, name jsonb, sort_order integer, handler regprocedure, version integer DEFAULT 1, description jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not exists (select from pg_catalog.pg_proc p where p.oid = handler and p.proargtypes = '2950'::pg_catalog.oidvector) then
    perform private.fail('provisioning.invalid_handler', format('%s is not a provisioning step handler', handler));
  end if;
  insert into public.provisioning_steps as s (code, name, description, sort_order, handler, version)
  values (code, name, description, sort_order, handler::regproc::text, version)
  on conflict on constraint provisioning_steps_pkey do update
    set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order,
        handler = excluded.handler, version = excluded.version;
end
$$;

REVOKE ALL ON FUNCTION private.register_provisioning_step(code text, name jsonb, sort_order integer, handler regprocedure, version integer, description jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.register_provisioning_step(code text, name jsonb, sort_order integer, handler regprocedure, version integer, description jsonb) FROM PUBLIC;
