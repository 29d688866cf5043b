-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.ingest_payment_event, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.ingest_payment_event(event jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.ingest_payment_event(event) $$;

CREATE FUNCTION private.ingest_payment_event(event jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_gateway text;
  v_event_id text;
  v_event_type text;
  v_kind text;
  v_amount numeric;
  v_currency text;
  v_occurred timestamptz;
  v_invoice uuid;
  v_payment uuid;
  v_method jsonb;
  v_id bigint;
  v_account uuid;
  v_account_tenant uuid;
begin
  if not (private.is_trusted_caller() or coalesce(auth.role(), '') = 'service_role') then
    perform private.fail('billing.forbidden', 'only the payment gateway functions may record payment events',
      'call through the payments-<gateway> Edge Function');
  end if;
  if event is null or jsonb_typeof(event) <> 'object' then
    perform private.fail('billing.invalid_event', 'the event must be a JSON object', 'send the normalised event');
  end if;
  v_gateway := event ->> 'gateway';
  if v_gateway is null or v_gateway not in ('stripe', 'paytabs', 'hyperpay') then
    perform private.fail('billing.unknown_gateway', format('unknown gateway %s', coalesce(v_gateway, 'null')));
  end if;
  v_event_id := event ->> 'event_id';
  if v_event_id is null or btrim(v_event_id) = '' or length(v_event_id) > 200 then
    perform private.fail('billing.invalid_event_id', 'the event id must be 1 to 200 characters');
  end if;
  v_event_type := event ->> 'event_type';
  if v_event_type is null or btrim(v_event_type) = '' or length(v_event_type) > 200 then
    perform private.fail('billing.invalid_event', 'the event type must be 1 to 200 characters',
      'use the gateway''s own event type');
  end if;
  v_kind := nullif(event ->> 'kind', '');
  if v_kind is not null and v_kind not in ('payment_succeeded', 'payment_failed', 'payment_pending', 'refund_succeeded', 'refund_failed') then
    perform private.fail('billing.unknown_kind', format('unknown event kind %s', v_kind));
  end if;
  if event -> 'payload' is not null and jsonb_typeof(event -> 'payload') not in ('object', 'array') then
    perform private.fail('billing.invalid_event', 'payload must be the raw event (an object)', 'send the parsed body');
  end if;
  if event ? 'amount' and jsonb_typeof(event -> 'amount') <> 'null' then
    if jsonb_typeof(event -> 'amount') <> 'number' or (event ->> 'amount')::numeric < 0 then
      perform private.fail('billing.invalid_amount', 'amount must be a number ≥ 0 (major units)');
    end if;
    v_amount := (event ->> 'amount')::numeric;
  end if;
  v_currency := nullif(upper(event ->> 'currency'), '');
  if v_currency is not null and not exists (select from public.currencies c where c.code = v_currency) then
    perform private.fail('billing.unknown_currency', format('unknown currency %s', v_currency),
      'one of ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  if v_amount is not null then
    if v_currency is null then
      perform private.fail('billing.invalid_amount', 'an amount needs its currency', 'send currency with amount');
    end if;
    v_amount := private.round_money(v_amount, v_currency);
    if v_amount >= 1e11 then
      perform private.fail('billing.invalid_amount', 'amount is too large', 'major units, below 100 000 000 000');
    end if;
  end if;
  if v_kind is not null then
    if v_amount is null then
      perform private.fail('billing.invalid_amount', format('a %s event needs amount and currency', v_kind),
        'send the amount in major units');
    end if;
    if coalesce(btrim(event ->> 'object_id'), '') = '' or length(event ->> 'object_id') > 200 then
      perform private.fail('billing.invalid_event', format('a %s event needs object_id (the gateway payment id)', v_kind),
        'the payment intent / transaction reference');
    end if;
    if v_kind like 'refund_%' and (coalesce(btrim(event ->> 'refund_id'), '') = '' or length(event ->> 'refund_id') > 200) then
      perform private.fail('billing.invalid_event', 'a refund event needs refund_id (the gateway refund id)',
        'the refund reference');
    end if;
  end if;
  -- An ISO date-time, finite: PostgreSQL alone would also take 'now', 'epoch' and 'infinity'.
  if nullif(event ->> 'occurred_at', '') !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' then
    perform private.fail('billing.invalid_event', 'occurred_at must be an ISO timestamp');
  end if;
  begin
    v_occurred := nullif(event ->> 'occurred_at', '')::timestamptz;
  exception when others then
    perform private.fail('billing.invalid_event', 'occurred_at must be an ISO timestamp');
  end;
  begin
    v_account := nullif(event ->> 'gateway_account_id', '')::uuid;
  exception when others then
    perform private.fail('billing.invalid_gateway_account', 'gateway_account_id must be a gateway account id',
      'the ?account= of the webhook URL, or null for the platform secret');
  end;
  if v_account is not null then
    select a.tenant_id into v_account_tenant from public.gateway_accounts a
    where a.id = v_account and a.gateway = v_gateway and a.active;
    if not found then
      perform private.fail('billing.unknown_gateway_account', format('no active %s merchant account %s', v_gateway, v_account),
        'check the webhook URL''s account parameter');
    end if;
  end if;
  begin
    v_invoice := nullif(event ->> 'invoice_id', '')::uuid;
  exception when others then
    -- Metadata that names no invoice of ours: keep the event, just without an invoice.
    v_invoice := null;
  end;
  begin
    v_payment := nullif(event ->> 'payment_id', '')::uuid;
  exception when others then
    v_payment := null;
  end;

  v_method := private.normalize_payment_method(event -> 'payment_method');

  if v_account_tenant is not null then
    -- HQ invoices are paid to the platform's accounts only. A tenant holds its own account's secret,
    -- so an event it verifies is the tenant's word, not the gateway's: recorded, never applied.
    insert into public.payment_events as e (gateway, event_id, event_type, occurred_at, payload, status, last_error, gateway_account_id)
    values (v_gateway, v_event_id, v_event_type, v_occurred, coalesce(event -> 'payload', '{}'::jsonb), 'ignored',
      'received on a tenant''s own merchant account: HQ billing applies only the platform''s accounts', v_account)
    on conflict (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id) do nothing
    returning e.id into v_id;
    v_kind := null;
  else
    insert into public.payment_events as e (gateway, event_id, event_type, kind, object_id, invoice_id, occurred_at, payload, status,
      amount, currency, refund_id, failure_code, failure_message, payment_id, payment_method, gateway_account_id)
    values (v_gateway, v_event_id, v_event_type, v_kind, nullif(btrim(event ->> 'object_id'), ''), v_invoice, v_occurred,
      coalesce(event -> 'payload', '{}'::jsonb), case when v_kind is null then 'ignored' else 'received' end,
      v_amount, v_currency, nullif(btrim(event ->> 'refund_id'), ''), left(event ->> 'failure_code', 200),
      left(event ->> 'failure_message', 1000), v_payment, v_method, v_account)
    on conflict (gateway, coalesce(gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid), event_id) do nothing
    returning e.id into v_id;
  end if;

  if v_id is null then
    select e.id into v_id from public.payment_events e
    where e.gateway = v_gateway and e.event_id = v_event_id
      and coalesce(e.gateway_account_id, '00000000-0000-0000-0000-000000000000'::uuid)
          = coalesce(v_account, '00000000-0000-0000-0000-000000000000'::uuid);
    return jsonb_build_object('status', 'duplicate', 'id', v_id);
  end if;
  if v_kind is null then
    return jsonb_build_object('status', 'ignored', 'id', v_id);
  end if;
  -- The key names the event (hashed when the id is too long for a job key).
  perform private.enqueue('billing', 'billing.apply_payment_event', jsonb_build_object('payment_event_id', v_id),
    'payment_event:' || v_gateway || ':' || case when length(v_event_id) > 160 then 'md5:' || md5(v_event_id) else v_event_id end);
  return jsonb_build_object('status', 'stored', 'id', v_id);
end
$_$;

REVOKE ALL ON FUNCTION public.ingest_payment_event(event jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.ingest_payment_event(event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.ingest_payment_event(event jsonb) TO service_role;

COMMENT ON FUNCTION public.ingest_payment_event(event jsonb) IS 'Records a verified gateway webhook event once (idempotent on the gateway''s event id) and applies it to payments and invoices (service role only: payment Edge Functions).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.ingest_payment_event(event jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.ingest_payment_event(event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.ingest_payment_event(event jsonb) TO service_role;
