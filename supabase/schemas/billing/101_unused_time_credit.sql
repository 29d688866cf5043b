CREATE FUNCTION private.unused_time_credit(s public.subscriptions, amount numeric) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  pinv public.invoices;
  gross numeric;
  disc numeric;
  factor numeric;
begin
  if s.status not in ('active', 'past_due') or coalesce(amount, 0) <= 0 then
    return null;
  end if;
  select * into pinv from public.invoices i
  where i.subscription_id = s.id and i.period_start = s.current_period_start
    and i.billing_reason in ('subscription_create', 'subscription_cycle') and i.status in ('open', 'paid')
  order by i.created_at desc limit 1;
  if pinv.id is null then
    return null;
  end if;
  select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0) into gross, disc
  from public.invoice_lines l where l.invoice_id = pinv.id and l.kind in ('plan', 'add_on');
  factor := case when gross > 0 then (gross - disc) / gross else 1 end;
  return private.proration(s, amount * factor, 0)
         || jsonb_build_object('period_invoice_id', pinv.id, 'list_amount', amount, 'discount_factor', round(factor, 6));
end
$$;

REVOKE ALL ON FUNCTION private.unused_time_credit(s public.subscriptions, amount numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.unused_time_credit(s public.subscriptions, amount numeric) FROM PUBLIC;
