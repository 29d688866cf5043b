-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_plan, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.save_plan(code text, definition jsonb, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.save_plan(code, definition, reason) $$;

CREATE FUNCTION private.save_plan(code text, definition jsonb, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  errors text[] := '{}';
  cur public.plans;
  saved_id uuid;
  new_version boolean := false;
  k text;
  v jsonb;
  f public.features;
  e text;
  before_image jsonb;
begin
  perform private.assert_permission('plans.write');
  if code is null or code !~ '^[a-z][a-z0-9_]*$' then
    errors := errors || 'code: lowercase letters, digits and _'::text;
  end if;
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.fail('plans.invalid', 'a plan definition is a JSON object');
  end if;
  if coalesce(trim(definition -> 'name' ->> 'en'), '') = '' then
    errors := errors || 'name.en is required'::text;
  end if;
  if definition ? 'trial_days' and not coalesce(case when (definition ->> 'trial_days') ~ '^\d{1,3}$' then (definition ->> 'trial_days')::int <= 365 end, false) then
    errors := errors || 'trial_days: 0–365'::text;
  end if;
  for v in select * from jsonb_array_elements(case when jsonb_typeof(definition -> 'prices') = 'array' then definition -> 'prices' else '[]' end) loop
    if coalesce(v ->> 'currency', '') !~ '^[A-Z]{3}$' or coalesce(v ->> 'interval', '') not in ('month', 'year')
       or jsonb_typeof(v -> 'amount') is distinct from 'number' or (v ->> 'amount')::numeric < 0 then
      errors := errors || format('prices: %s needs currency (ISO 4217), interval month|year and amount ≥ 0', v)::text;
    end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(definition -> 'features', '{}')) order by 1 loop
    select * into f from public.features x where x.key = k;
    e := private.feature_value_error(f, v);
    if f.type = 'limit' then e := 'is a limit: put it under limits'; end if;
    if e is not null then errors := errors || format('features.%s: %s', k, e)::text; end if;
  end loop;
  for k, v in select * from jsonb_each(coalesce(definition -> 'limits', '{}')) order by 1 loop
    select * into f from public.features x where x.key = k;
    e := case when f.key is not null and f.type <> 'limit' then 'is not a limit'
              when jsonb_typeof(v) <> 'object' then 'must be {limit, type}'
              else private.feature_value_error(f, coalesce(v -> 'limit', 'null'::jsonb)) end;
    if e is null and coalesce(v ->> 'type', f.default_limit_type) not in ('hard', 'soft', 'overage') then
      e := 'type must be hard, soft or overage';
    end if;
    if e is null and v ->> 'type' = 'overage' and jsonb_typeof(v -> 'overage_prices') is distinct from 'object' then
      e := 'a billable overage needs overage_prices {currency: unit price}';
    end if;
    if e is not null then errors := errors || format('limits.%s: %s', k, e)::text; end if;
  end loop;
  if cardinality(errors) > 0 then
    perform private.fail('plans.invalid', 'the plan is not valid', array_to_string(errors, '; '));
  end if;

  select * into cur from public.plans p where p.code = save_plan.code and p.is_current for update;
  before_image := case when cur.id is not null then private.plan_audit_image(cur.id) end;
  if cur.id is not null and (exists (select from public.tenant_plans tp where tp.plan_id = cur.id or tp.pending_plan_id = cur.id)
                             or exists (select from public.plan_changes pc where pc.to_plan_id = cur.id or pc.from_plan_id = cur.id)) then
    -- grandfathering: subscribers keep this version; new subscribers get the next one
    update public.plans p set is_current = false where p.id = cur.id;
    new_version := true;
  end if;
  if definition -> 'is_default' = 'true'::jsonb then
    update public.plans p set is_default = false where p.is_default and p.code <> save_plan.code;
  end if;
  if cur.id is null or new_version then
    insert into public.plans (code, version, name, description, tier, trial_days, status, is_current, is_default, created_by)
    values (code, coalesce(cur.version + 1, 1), definition -> 'name', coalesce(definition -> 'description', '{}'),
            coalesce((definition ->> 'tier')::int, cur.tier, 0), coalesce((definition ->> 'trial_days')::int, cur.trial_days, 0),
            coalesce(cur.status, 'active'), true, coalesce((definition ->> 'is_default')::boolean, cur.is_default, false), auth.uid())
    returning id into saved_id;
  else
    saved_id := cur.id;
    update public.plans p set name = definition -> 'name', description = coalesce(definition -> 'description', p.description),
      tier = coalesce((definition ->> 'tier')::int, p.tier), trial_days = coalesce((definition ->> 'trial_days')::int, p.trial_days),
      is_default = coalesce((definition ->> 'is_default')::boolean, p.is_default)
    where p.id = cur.id;
    delete from public.plan_prices x where x.plan_id = cur.id;
    delete from public.plan_features x where x.plan_id = cur.id;
  end if;
  insert into public.plan_prices (plan_id, currency, interval, amount)
  select saved_id, x ->> 'currency', x ->> 'interval', (x ->> 'amount')::numeric
  from jsonb_array_elements(coalesce(definition -> 'prices', '[]')) x;
  insert into public.plan_features (plan_id, feature_key, value)
  select saved_id, x.key, x.value from jsonb_each(coalesce(definition -> 'features', '{}')) x;
  insert into public.plan_features (plan_id, feature_key, value, limit_type, overage_prices)
  select saved_id, x.key, coalesce(x.value -> 'limit', 'null'::jsonb), coalesce(x.value ->> 'type', f2.default_limit_type),
         x.value -> 'overage_prices'
  from jsonb_each(coalesce(definition -> 'limits', '{}')) x join public.features f2 on f2.key = x.key;

  -- before and after in the same shape (a definition image of the plan as stored), so the diff
  -- lists exactly the fields that changed (issue 13 §10)
  perform audit.record(case when cur.id is null then 'plan.create' when new_version then 'plan.version' else 'plan.update' end,
                       'plan', saved_id::text, before_image, private.plan_audit_image(saved_id), null, reason);
  return jsonb_build_object('plan_id', saved_id, 'code', code,
                            'version', (select p.version from public.plans p where p.id = saved_id), 'new_version', new_version);
end
$_$;

REVOKE ALL ON FUNCTION public.save_plan(code text, definition jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.save_plan(code text, definition jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.save_plan(code text, definition jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.save_plan(code text, definition jsonb, reason text) TO service_role;

COMMENT ON FUNCTION public.save_plan(code text, definition jsonb, reason text) IS 'Creates or edits a plan (plans.write): a plan with subscribers gets a new version; the audit diff lists exactly the fields that changed.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.save_plan(code text, definition jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.save_plan(code text, definition jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.save_plan(code text, definition jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.save_plan(code text, definition jsonb, reason text) TO service_role;
