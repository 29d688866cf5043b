-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.issue_credit_note, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.issue_credit_note(invoice_id, amount, method, reason) $$;

CREATE FUNCTION private.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  cn public.credit_notes;
  p public.payments;
  rf public.refunds;
  v_amount numeric := issue_credit_note.amount;
  v_creditable numeric;
  v_tax_left numeric;
  v_tax numeric;
  v_total numeric;
  v_paid_left numeric;
  v_year int;
begin
  perform private.assert_permission('billing.write');
  if method is null or method not in ('reduce_amount_due', 'refund', 'customer_balance') then
    perform private.fail('billing.invalid_method', format('unknown credit note method %s', coalesce(method, 'null')));
  end if;
  if coalesce(length(btrim(reason)), 0) < 3 then
    perform private.fail('billing.reason_required', 'say why (at least 3 characters)', 'e.g. "service outage 2 days"');
  end if;
  select * into inv from public.invoices i where i.id = issue_credit_note.invoice_id for update;
  if inv.id is null then
    perform private.fail('billing.invoice_not_found', 'no such invoice');
  end if;
  if inv.status not in ('open', 'paid') then
    perform private.fail('billing.invoice_not_creditable', format('a %s invoice cannot be credited', inv.status));
  end if;
  select (inv.subtotal - inv.discount_total) - coalesce(sum(c.amount), 0), inv.tax_total - coalesce(sum(c.tax_amount), 0)
  into v_creditable, v_tax_left
  from public.credit_notes c where c.invoice_id = inv.id and c.status = 'issued';
  v_amount := coalesce(v_amount, v_creditable);
  if v_amount <= 0 or v_amount <> private.round_money(v_amount, inv.currency) then
    perform private.fail('billing.invalid_amount', 'the amount must be > 0 in the invoice currency''s minor unit',
      format('at most %s decimals in %s', (select c.minor_unit from public.currencies c where c.code = inv.currency), inv.currency));
  end if;
  if v_amount > v_creditable then
    perform private.fail('billing.over_credit', format('only %s (before tax) is left to credit on this invoice', v_creditable));
  end if;
  v_tax := case when inv.tax_total = 0 then 0
                when v_amount = v_creditable then greatest(v_tax_left, 0)
                else least(private.round_money(v_amount * inv.tax_rate / 100, inv.currency), greatest(v_tax_left, 0)) end;
  v_total := v_amount + v_tax;

  -- An open invoice has only been paid in part (or not at all): credit to the balance only what was
  -- paid (amount_paid + balance_applied, less what earlier balance / refund credit notes gave back).
  -- Without this cap an unpaid invoice could be credited in full to the balance and then stay due
  -- with nothing left to credit: the tenant held the money twice.
  if method = 'customer_balance' and inv.status = 'open' then
    select inv.amount_paid + inv.balance_applied - coalesce(sum(c.total), 0) into v_paid_left
    from public.credit_notes c
    where c.invoice_id = inv.id and c.status = 'issued' and c.method in ('customer_balance', 'refund');
    if v_total > v_paid_left then
      perform private.fail('billing.over_credit', format('only %s of this open invoice was paid and can go to the balance (the credit is %s with tax)', greatest(v_paid_left, 0), v_total),
        'use reduce_amount_due for the part not yet paid');
    end if;
  end if;

  if method = 'reduce_amount_due' then
    if inv.status <> 'open' then
      perform private.fail('billing.method_not_allowed', 'reduce_amount_due is for open invoices');
    end if;
    if v_total > inv.amount_due then
      perform private.fail('billing.over_credit', format('the credit (%s with tax) exceeds the %s due', v_total, inv.amount_due),
        'use customer_balance for the part already paid');
    end if;
  elsif method = 'refund' then
    if inv.status <> 'paid' then
      perform private.fail('billing.method_not_allowed', 'refund is for paid invoices',
        'for an open invoice use reduce_amount_due');
    end if;
    select * into p from public.payments x
    where x.invoice_id = inv.id and x.status = 'succeeded' and x.gateway <> 'manual' and x.gateway_payment_id is not null
      and x.amount - x.amount_refunded - coalesce((select sum(r.amount) from public.refunds r
                                                  where r.payment_id = x.id and r.status = 'pending'), 0) >= v_total
    order by x.created_at desc, x.id
    limit 1
    for update;
    if p.id is null then
      perform private.fail('billing.no_refundable_payment', 'no gateway payment of this invoice can refund that much');
    end if;
  end if;

  v_year := extract(year from (private.now() at time zone inv.timezone))::int;
  insert into public.credit_notes (number, invoice_id, tenant_id, currency, amount, tax_amount, total, method, reason, created_by)
  values (format('CN-%s-%s', v_year, lpad(private.next_document_number('credit_note', v_year)::text, 6, '0')),
    inv.id, inv.tenant_id, inv.currency, v_amount, v_tax, v_total, method, btrim(reason), auth.uid())
  returning * into cn;
  perform audit.record('credit_note.issue', 'credit_note', cn.id::text, null, to_jsonb(cn), cn.tenant_id, cn.reason);

  if method = 'reduce_amount_due' then
    update public.invoices i set amount_credited = i.amount_credited + v_total, updated_at = now() where i.id = inv.id;
    perform private.settle_invoice_amounts(inv.id, 'credit note ' || cn.number);
  elsif method = 'refund' then
    rf.id := extensions.gen_random_uuid();
    insert into public.refunds (id, payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, credit_note_id,
      amount, currency, status, reason)
    values (rf.id, p.id, p.gateway, 'cmx_' || rf.id, p.gateway_payment_id, inv.id, inv.tenant_id, cn.id, v_total, inv.currency,
      'pending', cn.reason)
    returning * into rf;
    perform audit.record('refund.request', 'refund', rf.id::text, null, to_jsonb(rf), rf.tenant_id, cn.reason);
    perform private.enqueue('billing', 'billing.refund_payment',
      jsonb_build_object('action', 'refund', 'refund_id', rf.id, 'gateway', rf.gateway, 'gateway_payment_id', rf.gateway_payment_id,
        'amount', rf.amount, 'currency', rf.currency),
      'refund:' || rf.id);
  else
    perform private.credit_customer_balance(inv.tenant_id, v_total, inv.currency, 'credit note ' || cn.number, inv.id, cn.id, null);
  end if;

  select * into inv from public.invoices i where i.id = inv.id;
  return to_jsonb(cn) || jsonb_build_object('refund_id', rf.id, 'invoice_status', inv.status, 'amount_due', inv.amount_due);
end
$$;

REVOKE ALL ON FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) TO service_role;

COMMENT ON FUNCTION public.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) IS 'Issues a credit note against a paid or open invoice: refund, customer balance or reduction of the amount due (billing.write, with a reason; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.issue_credit_note(invoice_id uuid, amount numeric, method text, reason text) TO service_role;
