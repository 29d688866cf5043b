-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_subscription_add_on, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_subscription_add_on(subscription_id, add_on_code, quantity, reason) $$;

CREATE FUNCTION private.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  before_json jsonb;
  cur int;
  price numeric;
  pr jsonb;
  inv public.invoices;
  mrr_before numeric;
  a public.add_ons;
  lbl jsonb;
  balance_credit numeric := 0;
begin
  perform private.assert_permission('billing.write');
  if quantity is null or quantity < 0 or quantity > 1000 then
    perform private.fail('billing.invalid_quantity', format('quantity must be 0–1000, got %s', coalesce(quantity::text, 'null')));
  end if;
  s := private.lock_subscription(set_subscription_add_on.subscription_id);
  if s.status not in ('trialing', 'active', 'past_due') then
    perform private.fail('billing.subscription_not_changeable', format('a %s subscription cannot change add-ons', s.status),
      'only live subscriptions change');
  end if;
  select * into a from public.add_ons x where x.code = set_subscription_add_on.add_on_code;
  if a.code is null or (a.status <> 'active' and quantity > 0) then
    perform private.fail('billing.unknown_add_on', format('no active add-on %s', coalesce(add_on_code, '(null)')));
  end if;
  price := private.add_on_price(a.code, s.currency, s.billing_interval);
  if price is null and quantity > 0 then
    perform private.fail('billing.no_price', format('add-on %s has no price in %s', a.code, s.currency), 'add a price first');
  end if;
  select x.quantity into cur from public.subscription_add_ons x where x.subscription_id = s.id and x.add_on_code = a.code;
  cur := coalesce(cur, 0);
  if cur = quantity then
    perform private.fail('billing.add_on_unchanged', format('the subscription has %s × %s already', cur, a.code));
  end if;
  before_json := private.subscription_json(s.id);
  mrr_before := private.subscription_mrr(s.id);
  if quantity = 0 then
    delete from public.subscription_add_ons x where x.subscription_id = s.id and x.add_on_code = a.code;
  else
    insert into public.subscription_add_ons as x (subscription_id, tenant_id, add_on_code, quantity)
    values (s.id, s.tenant_id, a.code, quantity)
    on conflict on constraint subscription_add_ons_pkey do update set quantity = excluded.quantity;
  end if;
  if quantity < cur then
    -- a decrease: the removed units' unused time goes to the customer balance (with its VAT)
    pr := private.unused_time_credit(s, price * (cur - quantity));
    if pr is not null and -(pr ->> 'total')::numeric > 0 then
      balance_credit := -(pr ->> 'total')::numeric;
      perform private.credit_customer_balance(s.tenant_id, balance_credit, s.currency,
        format('%s × %s add-on removed: unused %s of %s days', cur - quantity, a.code, pr ->> 'days_remaining', pr ->> 'days_in_period'), null);
    end if;
  end if;
  if quantity > cur and s.status in ('active', 'past_due') then
    pr := private.proration(s, 0, price * (quantity - cur));
    if (pr ->> 'charge')::numeric > 0 then
      lbl := private.interval_label(s.billing_interval);
      inv := private.new_invoice(s.tenant_id, s.id, 'subscription_update', s.currency, private.now(), s.current_period_end, null, null);
      insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end, source)
      values (inv.id, s.tenant_id, 1, 'proration',
              jsonb_build_object('en', format('%s × %s add-on (%s): %s of %s days', quantity - cur, a.name ->> 'en', lbl ->> 'en', pr ->> 'days_remaining', pr ->> 'days_in_period'),
                                 'ar', format('%s × إضافة %s (%s): %s من %s يوم', quantity - cur, coalesce(a.name ->> 'ar', a.name ->> 'en'), lbl ->> 'ar', pr ->> 'days_remaining', pr ->> 'days_in_period')),
              1, (pr ->> 'charge')::numeric, (pr ->> 'charge')::numeric, private.now(), s.current_period_end,
              jsonb_build_object('proration', pr, 'add_on', a.code, 'side', 'charge'));
      inv := private.finalize_invoice_core(inv.id);
    end if;
  end if;
  perform private.sync_tenant_add_on(s.tenant_id, a.code, quantity);
  perform private.record_mrr(s.id, mrr_before);
  perform audit.record('subscription.set_add_on', 'subscription', s.id::text, before_json, private.subscription_json(s.id), s.tenant_id, reason);
  return private.subscription_json(s.id) || jsonb_build_object('proration', pr, 'balance_credit', balance_credit,
    'invoice', case when inv.id is not null then private.invoice_json(inv.id) end);
end
$$;

REVOKE ALL ON FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) TO service_role;

COMMENT ON FUNCTION public.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) IS 'Adds, changes (quantity) or removes (quantity 0) an add-on of a subscription, prorated (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.set_subscription_add_on(subscription_id uuid, add_on_code text, quantity integer, reason text) TO service_role;
