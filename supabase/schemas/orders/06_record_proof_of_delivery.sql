-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.record_proof_of_delivery, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.record_proof_of_delivery(order_id uuid, reference text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.record_proof_of_delivery(order_id, reference) $$;

CREATE FUNCTION private.record_proof_of_delivery(order_id uuid, reference text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
begin
  o := private.order_for_fact(record_proof_of_delivery.order_id, 'proof of delivery');
  perform private.assert_text_size(reference, 'the proof reference', 'reference');
  update public.orders x set proof_of_delivery = true where x.id = o.id;
  perform audit.record('order.record_proof_of_delivery', 'order', o.id::text, jsonb_build_object('proof_of_delivery', o.proof_of_delivery),
    jsonb_build_object('proof_of_delivery', true), o.tenant_id, nullif(btrim(reference), ''));
  return jsonb_build_object('order_id', o.id, 'proof_of_delivery', true);
end
$$;

REVOKE ALL ON FUNCTION public.record_proof_of_delivery(order_id uuid, reference text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.record_proof_of_delivery(order_id uuid, reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_proof_of_delivery(order_id uuid, reference text) TO authenticated;
GRANT ALL ON FUNCTION public.record_proof_of_delivery(order_id uuid, reference text) TO service_role;

COMMENT ON FUNCTION public.record_proof_of_delivery(order_id uuid, reference text) IS 'Records that an order was delivered with proof.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.record_proof_of_delivery(order_id uuid, reference text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_proof_of_delivery(order_id uuid, reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_proof_of_delivery(order_id uuid, reference text) TO authenticated;
GRANT ALL ON FUNCTION private.record_proof_of_delivery(order_id uuid, reference text) TO service_role;
