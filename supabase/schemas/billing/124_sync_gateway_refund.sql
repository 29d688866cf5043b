CREATE FUNCTION private.sync_gateway_refund(gateway text, gateway_refund_id text) RETURNS public.refunds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  r public.refunds;
  v_before public.refunds;
  best public.payment_events;
  v_status text;
  v_claimed text;
  p public.payments;
begin
  select * into best from public.payment_events e
  where e.gateway = sync_gateway_refund.gateway and e.refund_id = sync_gateway_refund.gateway_refund_id
    and e.kind in ('refund_succeeded', 'refund_failed')
  order by private.payment_status_rank(replace(e.kind, 'refund_', '')) desc, e.occurred_at desc nulls last, e.id desc
  limit 1;
  if best.id is null then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('billing.payment:' || best.gateway || ':' || best.object_id));
  v_status := replace(best.kind, 'refund_', '');

  select * into v_before from public.refunds x
  where x.gateway = best.gateway and x.gateway_refund_id = sync_gateway_refund.gateway_refund_id for update;
  if v_before.id is null then
    -- Our refund id as each gateway echoes it: Stripe metadata, PayTabs cart_id / udf2, HyperPay
    -- merchantTransactionId.
    v_claimed := coalesce(best.payload #>> '{data,object,metadata,cmx_refund_id}', best.payload #>> '{metadata,cmx_refund_id}',
                          best.payload #>> '{metadata,refund_id}', best.payload #>> '{user_defined,udf2}', best.payload #>> '{cart_id}',
                          best.payload #>> '{payload,merchantTransactionId}', best.payload #>> '{merchantTransactionId}');
    if not exists (select from public.refunds x where x.id::text = v_claimed and x.gateway = best.gateway
                     and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%') then
      v_claimed := null;
    end if;
    select * into v_before from public.refunds x
    where x.gateway = best.gateway and x.gateway_payment_id = best.object_id and x.gateway_refund_id like 'cmx\_%'
      and (x.id::text = v_claimed or (v_claimed is null and x.amount = best.amount))
    order by x.created_at, x.id
    limit 1
    for update;
    if v_before.id is not null then
      update public.refunds x set gateway_refund_id = sync_gateway_refund.gateway_refund_id, updated_at = now()
      where x.id = v_before.id returning * into v_before;
    end if;
  end if;
  select * into p from public.payments x where x.gateway = best.gateway and x.gateway_payment_id = best.object_id;
  if v_before.id is null then
    insert into public.refunds (payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, amount, currency,
      status, reason)
    values (p.id, best.gateway, sync_gateway_refund.gateway_refund_id, best.object_id, p.invoice_id, p.tenant_id,
      best.amount, best.currency, 'pending', private.reason_code('billing.gateway_event'))
    returning * into v_before;
    perform audit.record('refund.record', 'refund', v_before.id::text, null, to_jsonb(v_before), v_before.tenant_id, private.reason_code('billing.gateway_event'));
  end if;
  if best.amount <= 0 then
    perform private.fail('billing.invalid_amount', 'a refund amount must be > 0', 'check the gateway event');
  end if;
  if private.payment_status_rank(v_status) >= private.payment_status_rank(v_before.status) then
    update public.refunds x
    set status = v_status, amount = best.amount, currency = best.currency,
        failure_code = case when v_status = 'failed' then coalesce(best.failure_code, x.failure_code) end,
        failure_message = case when v_status = 'failed' then coalesce(best.failure_message, x.failure_message) end,
        failed_at = case when v_status = 'failed' then coalesce(x.failed_at, private.now()) end,
        payment_id = coalesce(x.payment_id, p.id), invoice_id = coalesce(x.invoice_id, p.invoice_id),
        tenant_id = coalesce(x.tenant_id, p.tenant_id), updated_at = now()
    where x.id = v_before.id
    returning * into r;
  else
    r := v_before;
  end if;
  if r.status is distinct from v_before.status then
    perform audit.record('refund.' || r.status, 'refund', r.id::text, to_jsonb(v_before), to_jsonb(r), r.tenant_id, private.reason_code('billing.gateway_event'));
  end if;
  if r.payment_id is not null then
    perform private.refresh_payment_refunds(r.payment_id);
  end if;
  perform private.settle_failed_refund_credit(r.id);
  return r;
end
$$;

REVOKE ALL ON FUNCTION private.sync_gateway_refund(gateway text, gateway_refund_id text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.sync_gateway_refund(gateway text, gateway_refund_id text) FROM PUBLIC;
