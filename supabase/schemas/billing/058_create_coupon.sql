-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.create_coupon, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.create_coupon(definition jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_coupon(definition) $$;

CREATE FUNCTION private.create_coupon(definition jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.coupons;
  allowed text[] := array['code', 'name', 'kind', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_periods',
                          'expires_at', 'max_redemptions', 'plan_codes'];
  extra text;
  unknown_plans text;
  constraint_name text;
begin
  perform private.assert_permission('billing.write');
  if definition is null or jsonb_typeof(definition) <> 'object' then
    perform private.fail('billing.invalid_coupon', 'the coupon definition must be a JSON object',
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  select string_agg(k, ', ') into extra from jsonb_object_keys(definition) k where k <> all (allowed);
  if extra is not null then
    perform private.fail('billing.invalid_coupon', format('unknown coupon keys: %s', extra),
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  if definition ? 'plan_codes' and jsonb_typeof(definition -> 'plan_codes') not in ('array', 'null') then
    perform private.fail('billing.invalid_coupon', 'plan_codes must be an array of plan codes');
  end if;
  select string_agg(x, ', ') into unknown_plans
  from jsonb_array_elements_text(case when jsonb_typeof(definition -> 'plan_codes') = 'array' then definition -> 'plan_codes' else '[]' end) x
  where not exists (select from public.plans p where p.code = x);
  if unknown_plans is not null then
    perform private.fail('billing.unknown_plan', format('unknown plan codes: %s', unknown_plans));
  end if;
  if definition ->> 'currency' is not null then
    perform private.currency_minor_unit(definition ->> 'currency');
  end if;
  begin
    insert into public.coupons (code, name, kind, percent_off, amount_off, currency, duration, duration_periods, expires_at,
                                max_redemptions, plan_codes, created_by)
    values (upper(trim(definition ->> 'code')), definition -> 'name', definition ->> 'kind', (definition ->> 'percent_off')::numeric,
            private.round_money((definition ->> 'amount_off')::numeric, coalesce(definition ->> 'currency', 'USD')),
            definition ->> 'currency', definition ->> 'duration', (definition ->> 'duration_periods')::int,
            (definition ->> 'expires_at')::timestamptz, (definition ->> 'max_redemptions')::int,
            case when jsonb_typeof(definition -> 'plan_codes') = 'array'
                 then array(select jsonb_array_elements_text(definition -> 'plan_codes')) end,
            auth.uid())
    returning * into c;
  exception
    when unique_violation then
      perform private.fail('billing.coupon_exists', format('a coupon %s exists already', upper(trim(definition ->> 'code'))));
    when check_violation or not_null_violation then
      get stacked diagnostics constraint_name = constraint_name;
      perform private.fail('billing.invalid_coupon', format('invalid coupon (%s)', coalesce(nullif(constraint_name, ''), 'a required field is missing')),
        'code A-Z 0-9 _ - (3–40); name {en}; kind percent (percent_off 0–100] or fixed (amount_off > 0 and currency); '
        || 'duration once|forever|repeating (duration_periods 1–120); max_redemptions ≥ 1');
    when invalid_text_representation or numeric_value_out_of_range or invalid_datetime_format or datetime_field_overflow then
      perform private.fail('billing.invalid_coupon', 'a coupon field has the wrong type',
        'numbers for amounts and counts, an ISO time for expires_at');
  end;
  perform audit.record('coupon.create', 'coupon', c.id::text, null, to_jsonb(c), null, null);
  return to_jsonb(c);
end
$$;

REVOKE ALL ON FUNCTION public.create_coupon(definition jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.create_coupon(definition jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_coupon(definition jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.create_coupon(definition jsonb) TO service_role;

COMMENT ON FUNCTION public.create_coupon(definition jsonb) IS 'Creates a coupon (code, percent or amount off, duration, limits) from its definition (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.create_coupon(definition jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_coupon(definition jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_coupon(definition jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.create_coupon(definition jsonb) TO service_role;
