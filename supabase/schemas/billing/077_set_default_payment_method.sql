-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_default_payment_method, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_default_payment_method(method_id uuid) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_default_payment_method(method_id) $$;

CREATE FUNCTION private.set_default_payment_method(method_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  m public.payment_methods;
  v_after public.payment_methods;
  v_old uuid;
begin
  m := private.payment_method_for_change(set_default_payment_method.method_id);
  if m.is_default then
    return to_jsonb(m);
  end if;
  select x.id into v_old from public.payment_methods x where x.tenant_id = m.tenant_id and x.is_default;
  update public.payment_methods x set is_default = false, updated_at = now() where x.tenant_id = m.tenant_id and x.is_default;
  update public.payment_methods x set is_default = true, updated_at = now() where x.id = m.id returning * into v_after;
  perform audit.record('payment_method.set_default', 'payment_method', m.id::text, jsonb_build_object('default_id', v_old),
    jsonb_build_object('default_id', m.id), m.tenant_id, null);
  return to_jsonb(v_after);
end
$$;

REVOKE ALL ON FUNCTION public.set_default_payment_method(method_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_default_payment_method(method_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_default_payment_method(method_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.set_default_payment_method(method_id uuid) TO service_role;

COMMENT ON FUNCTION public.set_default_payment_method(method_id uuid) IS 'Makes a stored payment method its tenant''s default (the tenant''s owner or admin, or billing staff; audited). Returns the method.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_default_payment_method(method_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_default_payment_method(method_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_default_payment_method(method_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.set_default_payment_method(method_id uuid) TO service_role;
