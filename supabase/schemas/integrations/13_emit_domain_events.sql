-- The payloads of the other capabilities' events, built here so each of their functions adds one
-- `perform private.emit_…` line in the transaction of its change.
CREATE FUNCTION private.emit_tenant_event(event_type text, tenant public.tenants, from_status text DEFAULT NULL::text, action text DEFAULT NULL::text, reason text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.emit_event(event_type, (tenant).id, jsonb_build_object(
    'tenant_id', (tenant).id, 'slug', (tenant).slug, 'name', (tenant).name ->> 'en', 'status', (tenant).status,
    'country', (tenant).country, 'currency', (tenant).currency) - case when event_type = 'tenant.created' then '{}'::text[]
      else array['slug', 'name', 'status', 'country', 'currency'] end
    || case when event_type = 'tenant.status.changed'
            then jsonb_build_object('from_status', from_status, 'to_status', (tenant).status, 'action', action, 'reason', reason)
            else '{}' end)
$$;

REVOKE ALL ON FUNCTION private.emit_tenant_event(event_type text, tenant public.tenants, from_status text, action text, reason text) FROM PUBLIC, anon, authenticated, service_role;

-- order.created (from_stage null), else order.stage.changed and, entering the ready stage, order.ready.
CREATE FUNCTION private.emit_order_event(order_id uuid, from_stage text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  o public.orders;
  v jsonb;
begin
  select * into o from public.orders x where x.id = emit_order_event.order_id;
  v := jsonb_build_object('order_id', o.id, 'tenant_id', o.tenant_id, 'number', o.number, 'stage', o.current_stage,
    'service_category', o.service_category, 'currency', o.currency, 'amount_total', o.amount_total);
  if from_stage is null then
    perform private.emit_event('order.created', o.tenant_id, v);
    return;
  end if;
  perform private.emit_event('order.stage.changed', o.tenant_id, v || jsonb_build_object('from_stage', from_stage));
  if o.current_stage = 'ready' then
    perform private.emit_event('order.ready', o.tenant_id, v);
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.emit_order_event(order_id uuid, from_stage text) FROM PUBLIC, anon, authenticated, service_role;

CREATE FUNCTION private.emit_invoice_event(event_type text, invoice public.invoices) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.emit_event(event_type, (invoice).tenant_id, jsonb_build_object(
    'invoice_id', (invoice).id, 'tenant_id', (invoice).tenant_id, 'number', (invoice).number, 'status', (invoice).status,
    'currency', (invoice).currency, 'total', (invoice).total, 'amount_due', (invoice).amount_due))
$$;

REVOKE ALL ON FUNCTION private.emit_invoice_event(event_type text, invoice public.invoices) FROM PUBLIC, anon, authenticated, service_role;

-- subscription.created|changed|canceled from the subscription as it is now.
CREATE FUNCTION private.emit_subscription_event(event_type text, subscription_id uuid) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.emit_event(event_type, s.tenant_id, jsonb_build_object(
    'subscription_id', s.id, 'tenant_id', s.tenant_id, 'plan_code', p.code, 'status', s.status, 'interval', s.billing_interval))
  from public.subscriptions s left join public.plans p on p.id = s.plan_id
  where s.id = emit_subscription_event.subscription_id
$$;

REVOKE ALL ON FUNCTION private.emit_subscription_event(event_type text, subscription_id uuid) FROM PUBLIC, anon, authenticated, service_role;

-- payment.succeeded|failed|refunded when a tenant's payment reaches one of those states.
CREATE FUNCTION private.emit_payment_event(payment public.payments) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if (payment).status in ('succeeded', 'failed', 'refunded') and (payment).tenant_id is not null then
    perform private.emit_event('payment.' || (payment).status, (payment).tenant_id, jsonb_build_object(
      'payment_id', (payment).id, 'tenant_id', (payment).tenant_id, 'invoice_id', (payment).invoice_id, 'status', (payment).status,
      'currency', upper((payment).currency), 'amount', (payment).amount, 'gateway', (payment).gateway));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.emit_payment_event(payment public.payments) FROM PUBLIC, anon, authenticated, service_role;

-- tenant.plan.changed when the plan in force changes (at once, a scheduled change falling due, or
-- billing moving the subscription); a tenant's first plan has no from_plan.
CREATE FUNCTION private.emit_plan_event(tenant_id uuid, from_plan_id uuid, to_plan_id uuid, effective_at timestamp with time zone) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select private.emit_event('tenant.plan.changed', emit_plan_event.tenant_id, jsonb_build_object(
    'tenant_id', emit_plan_event.tenant_id,
    'from_plan', (select p.code from public.plans p where p.id = emit_plan_event.from_plan_id),
    'to_plan', (select p.code from public.plans p where p.id = emit_plan_event.to_plan_id),
    'effective_at', emit_plan_event.effective_at))
$$;

REVOKE ALL ON FUNCTION private.emit_plan_event(tenant_id uuid, from_plan_id uuid, to_plan_id uuid, effective_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
