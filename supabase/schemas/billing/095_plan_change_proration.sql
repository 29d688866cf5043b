CREATE FUNCTION private.plan_change_proration(s public.subscriptions, old_amount numeric, new_amount numeric) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  pinv uuid;
  gross numeric;
  disc numeric;
  credited numeric := 0;
begin
  select i.id into pinv from public.invoices i
  where i.subscription_id = s.id and i.period_start = s.current_period_start
    and i.billing_reason in ('subscription_create', 'subscription_cycle') and i.status in ('open', 'paid')
  order by i.created_at desc limit 1;
  if pinv is not null then
    select coalesce(sum(l.amount), 0), coalesce(sum(l.discount_amount), 0) into gross, disc
    from public.invoice_lines l where l.invoice_id = pinv and l.kind in ('plan', 'add_on');
    credited := case when gross > 0 then coalesce(old_amount, 0) * (gross - disc) / gross else coalesce(old_amount, 0) end;
  end if;
  -- the proration's shape is unchanged; its old_amount is the per-period amount credited
  return private.proration(s, credited, new_amount) || jsonb_build_object('old_amount', trim_scale(round(credited, 6)));
end
$$;

REVOKE ALL ON FUNCTION private.plan_change_proration(s public.subscriptions, old_amount numeric, new_amount numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plan_change_proration(s public.subscriptions, old_amount numeric, new_amount numeric) FROM PUBLIC;
