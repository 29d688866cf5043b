CREATE FUNCTION private.open_dunning_case(invoice_id uuid, cause text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  inv public.invoices;
  c public.dunning_cases;
begin
  select * into inv from public.invoices i where i.id = open_dunning_case.invoice_id;
  if inv.id is null or inv.status <> 'open' or inv.amount_due <= 0 then
    return null;
  end if;
  insert into public.dunning_cases as x (invoice_id, subscription_id, tenant_id, stage, opened_at, due_date, timezone, last_result)
  values (inv.id, inv.subscription_id, inv.tenant_id, 'retrying', private.now(),
    coalesce(inv.due_date, (private.now() at time zone inv.timezone)::date), inv.timezone, open_dunning_case.cause)
  on conflict on constraint dunning_cases_invoice_id_key do nothing
  returning * into c;
  if c.id is null then
    select * into c from public.dunning_cases x where x.invoice_id = inv.id;
    if c.closed_at is null and open_dunning_case.cause = 'payment_failed' then
      perform private.dunning_event(c, 'payment_failed', jsonb_build_object('invoice_id', inv.id));
    end if;
    return c.id;
  end if;
  c := private.dunning_set_next(c.id);
  perform private.dunning_event(c, 'opened', jsonb_build_object('cause', open_dunning_case.cause, 'invoice_number', inv.number,
    'due_date', c.due_date, 'amount_due', inv.amount_due, 'currency', inv.currency));
  return c.id;
end
$$;

REVOKE ALL ON FUNCTION private.open_dunning_case(invoice_id uuid, cause text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.open_dunning_case(invoice_id uuid, cause text) FROM PUBLIC;
