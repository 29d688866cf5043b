CREATE FUNCTION private.normalize_payment_method(pm jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_ref text;
  v_customer text;
  v_month int;
  v_year int;
begin
  if pm is null or jsonb_typeof(pm) = 'null' then
    return null;
  end if;
  if jsonb_typeof(pm) <> 'object' then
    perform private.fail('billing.invalid_payment_method', 'payment_method must be an object');
  end if;
  v_ref := btrim(pm ->> 'method_ref');
  if jsonb_typeof(pm -> 'method_ref') is distinct from 'string' or v_ref = '' or length(v_ref) > 200 then
    perform private.fail('billing.invalid_payment_method', 'payment_method.method_ref must be 1 to 200 characters',
      'the Stripe payment method, PayTabs token or HyperPay registration id');
  end if;
  v_customer := nullif(btrim(pm ->> 'customer_ref'), '');
  if length(v_customer) > 200 then
    perform private.fail('billing.invalid_payment_method', 'payment_method.customer_ref must be at most 200 characters',
      'the Stripe customer or PayTabs transaction reference');
  end if;
  if (pm ->> 'exp_month') ~ '^\s*[0-9]{1,2}\s*$' and (pm ->> 'exp_month')::int between 1 and 12 then
    v_month := (pm ->> 'exp_month')::int;
  end if;
  if (pm ->> 'exp_year') ~ '^\s*[0-9]{2}([0-9]{2})?\s*$' then
    v_year := (pm ->> 'exp_year')::int;
    v_year := case when v_year < 100 then 2000 + v_year else v_year end;
    if v_year not between 2000 and 2200 then
      v_year := null;
    end if;
  end if;
  return jsonb_build_object('method_ref', v_ref, 'customer_ref', v_customer,
    'brand', nullif(left(btrim(pm ->> 'brand'), 40), ''),
    'last4', case when btrim(pm ->> 'last4') ~ '^[0-9]{4}$' then btrim(pm ->> 'last4') end,
    'exp_month', v_month, 'exp_year', v_year);
end
$_$;

REVOKE ALL ON FUNCTION private.normalize_payment_method(pm jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.normalize_payment_method(pm jsonb) FROM PUBLIC;
