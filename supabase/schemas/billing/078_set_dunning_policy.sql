-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_dunning_policy, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_dunning_policy(policy jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_dunning_policy(policy) $$;

CREATE FUNCTION private.set_dunning_policy(policy jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_before public.dunning_policy;
  v_after public.dunning_policy;
  k text;
  v_arr int[];
  v_id uuid;
begin
  perform private.assert_permission('billing.write');
  if policy is null or jsonb_typeof(policy) <> 'object' then
    perform private.fail('billing.invalid_policy', 'the policy must be a JSON object', 'e.g. {"retry_days":[1,3,5,7]}');
  end if;
  select * into v_before from public.dunning_policy p where p.id = 1 for update;
  v_after := v_before;
  for k in select jsonb_object_keys(policy) loop
    if k in ('retry_days', 'reminder_days') then
      if jsonb_typeof(policy -> k) <> 'array' or jsonb_array_length(policy -> k) > 20
         or exists (select from jsonb_array_elements(policy -> k) e
                    where jsonb_typeof(e) <> 'number' or (e #>> '{}')::numeric <> trunc((e #>> '{}')::numeric)
                       or (e #>> '{}')::numeric not between 0 and 365) then
        perform private.fail('billing.invalid_policy', format('%s must be an array of at most 20 whole days 0–365', k));
      end if;
      select coalesce(array_agg((e #>> '{}')::int order by o), '{}') into v_arr
      from jsonb_array_elements(policy -> k) with ordinality as x(e, o);
      if exists (select from generate_subscripts(v_arr, 1) i where i > 1 and v_arr[i] <= v_arr[i - 1]) then
        perform private.fail('billing.invalid_policy', format('%s must be strictly ascending', k));
      end if;
      if k = 'retry_days' then v_after.retry_days := v_arr; else v_after.reminder_days := v_arr; end if;
    elsif k in ('warn_after_days', 'past_due_after_days', 'suspend_after_days', 'uncollectible_after_days') then
      if jsonb_typeof(policy -> k) <> 'number' or (policy ->> k)::numeric <> trunc((policy ->> k)::numeric)
         or (policy ->> k)::numeric not between 0 and 365 then
        perform private.fail('billing.invalid_policy', format('%s must be a whole number of days 0–365', k), 'e.g. 7');
      end if;
      case k
        when 'warn_after_days' then v_after.warn_after_days := (policy ->> k)::int;
        when 'past_due_after_days' then v_after.past_due_after_days := (policy ->> k)::int;
        when 'suspend_after_days' then v_after.suspend_after_days := (policy ->> k)::int;
        else v_after.uncollectible_after_days := (policy ->> k)::int;
      end case;
    else
      perform private.fail('billing.invalid_policy', format('unknown policy field %s', k),
        'retry_days, reminder_days, warn_after_days, past_due_after_days, suspend_after_days, uncollectible_after_days');
    end if;
  end loop;
  if not (v_after.warn_after_days <= v_after.past_due_after_days and v_after.past_due_after_days <= v_after.suspend_after_days
          and v_after.suspend_after_days <= v_after.uncollectible_after_days) then
    perform private.fail('billing.invalid_policy', 'the stages must come in order: warn ≤ past_due ≤ suspend ≤ uncollectible days',
      format('now %s ≤ %s ≤ %s ≤ %s', v_after.warn_after_days, v_after.past_due_after_days, v_after.suspend_after_days,
        v_after.uncollectible_after_days));
  end if;
  update public.dunning_policy p
  set retry_days = v_after.retry_days, reminder_days = v_after.reminder_days, warn_after_days = v_after.warn_after_days,
      past_due_after_days = v_after.past_due_after_days, suspend_after_days = v_after.suspend_after_days,
      uncollectible_after_days = v_after.uncollectible_after_days, updated_at = now()
  where p.id = 1
  returning * into v_after;
  perform audit.record('dunning_policy.update', 'dunning_policy', '1', to_jsonb(v_before), to_jsonb(v_after), null, null);
  for v_id in select c.id from public.dunning_cases c where c.closed_at is null loop
    perform private.dunning_set_next(v_id);
  end loop;
  return to_jsonb(v_after);
end
$$;

REVOKE ALL ON FUNCTION public.set_dunning_policy(policy jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_dunning_policy(policy jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_dunning_policy(policy jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_dunning_policy(policy jsonb) TO service_role;

COMMENT ON FUNCTION public.set_dunning_policy(policy jsonb) IS 'Sets the dunning policy: retry schedule and what happens to the tenant at each step (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_dunning_policy(policy jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_dunning_policy(policy jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_dunning_policy(policy jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.set_dunning_policy(policy jsonb) TO service_role;
