-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.fail_refund, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.fail_refund(refund_id uuid, code text, message text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.fail_refund(refund_id, code, message) $$;

CREATE FUNCTION private.fail_refund(refund_id uuid, code text, message text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.refunds;
  r public.refunds;
  v_credit numeric;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the refund job may fail a refund');
  end if;
  if coalesce(length(btrim(fail_refund.message)), 0) < 3 or length(fail_refund.message) > 1000 then
    perform private.fail('billing.reason_required', 'say why the gateway refused (3 to 1000 characters)',
      'the gateway''s result description');
  end if;
  if length(fail_refund.code) > 200 then
    perform private.fail('billing.invalid_input', 'the failure code must be at most 200 characters',
      'the gateway''s result code');
  end if;
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id;
  if v_before.id is null then
    perform private.fail('billing.refund_not_found', 'no such refund');
  end if;
  -- the lock order of the apply job: the gateway payment's advisory lock, then rows
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || v_before.gateway || ':' || v_before.gateway_payment_id));
  select * into v_before from public.refunds x where x.id = fail_refund.refund_id for update;
  if v_before.status <> 'pending' then
    return jsonb_build_object('refund_id', v_before.id, 'status', v_before.status, 'changed', false, 'credited_to_balance', 0);
  end if;
  update public.refunds x
  set status = 'failed', failure_code = nullif(btrim(fail_refund.code), ''), failure_message = btrim(fail_refund.message),
      failed_at = private.now(), updated_at = now()
  where x.id = v_before.id
  returning * into r;
  perform audit.record('refund.failed', 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, r.failure_message);
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  v_credit := private.settle_failed_refund_credit(r.id);
  return jsonb_build_object('refund_id', r.id, 'status', r.status, 'changed', true, 'credited_to_balance', v_credit);
end
$$;

REVOKE ALL ON FUNCTION public.fail_refund(refund_id uuid, code text, message text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.fail_refund(refund_id uuid, code text, message text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.fail_refund(refund_id uuid, code text, message text) TO service_role;

COMMENT ON FUNCTION public.fail_refund(refund_id uuid, code text, message text) IS 'Marks a pending refund failed with the gateway''s code and message (service role only: payment Edge Functions).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.fail_refund(refund_id uuid, code text, message text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.fail_refund(refund_id uuid, code text, message text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.fail_refund(refund_id uuid, code text, message text) TO service_role;
