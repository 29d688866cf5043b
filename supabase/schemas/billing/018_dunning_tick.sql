CREATE FUNCTION private.dunning_tick() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_opened int := 0;
  v_actions int := 0;
  v_failed int := 0;
  v_id uuid;
  i int;
begin
  for v_id in
    select inv.id from public.invoices inv
    where inv.status = 'open' and inv.amount_due > 0 and inv.due_date is not null
      and inv.due_date <= (private.now() at time zone inv.timezone)::date
      and not exists (select from public.dunning_cases c where c.invoice_id = inv.id)
    order by inv.due_date, inv.id
  loop
    if private.open_dunning_case(v_id, 'overdue') is not null then
      v_opened := v_opened + 1;
    end if;
  end loop;
  for v_id in
    select c.id from public.dunning_cases c
    where c.closed_at is null and c.next_action_at <= private.now()
    order by c.next_action_at, c.id
    for update skip locked
  loop
    -- One case failing (e.g. a lifecycle refusal) never stops the others: its work is rolled back,
    -- the error kept on the case, and the next tick tries again.
    begin
      for i in 1..50 loop
        exit when private.dunning_step(v_id) is null;
        v_actions := v_actions + 1;
      end loop;
    exception when others then
      update public.dunning_cases c set last_result = left('error: ' || sqlerrm, 500) where c.id = v_id;
      v_failed := v_failed + 1;
    end;
  end loop;
  return jsonb_build_object('opened', v_opened, 'actions', v_actions, 'failed', v_failed,
    'expired_checkouts', private.expire_stale_checkouts());
end
$$;

REVOKE ALL ON FUNCTION private.dunning_tick() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.dunning_tick() FROM PUBLIC;
