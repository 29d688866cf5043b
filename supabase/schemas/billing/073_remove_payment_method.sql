-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.remove_payment_method, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.remove_payment_method(method_id uuid, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.remove_payment_method(method_id, reason) $$;

CREATE FUNCTION private.remove_payment_method(method_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  m public.payment_methods;
  v_new uuid;
begin
  if coalesce(length(btrim(remove_payment_method.reason)), 0) < 3 then
    perform private.fail('billing.reason_required', 'say why (at least 3 characters)', 'e.g. "card replaced"');
  end if;
  m := private.payment_method_for_change(remove_payment_method.method_id);
  delete from public.payment_methods x where x.id = m.id;
  if m.is_default then
    select x.id into v_new from public.payment_methods x where x.tenant_id = m.tenant_id order by x.created_at desc, x.id limit 1;
    update public.payment_methods x set is_default = true, updated_at = now() where x.id = v_new;
  end if;
  perform audit.record('payment_method.remove', 'payment_method', m.id::text, to_jsonb(m),
    jsonb_build_object('new_default_id', v_new), m.tenant_id, btrim(remove_payment_method.reason));
  return jsonb_build_object('removed', m.id, 'new_default_id', v_new);
end
$$;

REVOKE ALL ON FUNCTION public.remove_payment_method(method_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.remove_payment_method(method_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_payment_method(method_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.remove_payment_method(method_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.remove_payment_method(method_id uuid, reason text) IS 'Removes a stored payment method; another becomes default if it was (the tenant''s owner or admin, or billing staff, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.remove_payment_method(method_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.remove_payment_method(method_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.remove_payment_method(method_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.remove_payment_method(method_id uuid, reason text) TO service_role;
