-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.create_invoice, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_invoice(tenant_id, lines, memo) $$;

CREATE FUNCTION private.create_invoice(tenant_id uuid, lines jsonb, memo text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t public.tenants;
  inv public.invoices;
  l jsonb;
  i int := 0;
  k text;
  q numeric;
  u numeric;
  mu int;
  sum_abs numeric := 0;
begin
  perform private.assert_permission('billing.write');
  t := private.billing_tenant(create_invoice.tenant_id);
  mu := private.currency_minor_unit(t.currency);
  if lines is null or jsonb_typeof(lines) <> 'array' or jsonb_array_length(lines) = 0 or jsonb_array_length(lines) > 200 then
    perform private.fail('billing.invalid_lines', 'lines must be an array of 1 to 200 lines');
  end if;
  if memo is not null and length(memo) > 2000 then
    perform private.fail('billing.invalid_memo', 'the memo is at most 2000 characters');
  end if;
  for l in select x from jsonb_array_elements(lines) x loop
    i := i + 1;
    if jsonb_typeof(l) <> 'object' or jsonb_typeof(l -> 'description') is distinct from 'object'
       or coalesce(trim(l -> 'description' ->> 'en'), '') = '' then
      perform private.fail('billing.invalid_lines', format('line %s needs a description {en, ar}', i),
        'description.en must not be blank');
    end if;
    k := coalesce(l ->> 'kind', 'adjustment');
    if k not in ('plan', 'add_on', 'proration', 'overage', 'adjustment') then
      perform private.fail('billing.invalid_lines', format('line %s: unknown kind %s', i, k),
        'plan, add_on, proration, overage or adjustment');
    end if;
    if (l ? 'quantity' and jsonb_typeof(l -> 'quantity') <> 'number') or jsonb_typeof(l -> 'unit_amount') is distinct from 'number' then
      perform private.fail('billing.invalid_lines', format('line %s: quantity and unit_amount must be numbers', i),
        'unit_amount is required');
    end if;
    q := coalesce((l ->> 'quantity')::numeric, 1);
    u := (l ->> 'unit_amount')::numeric;
    if q <= 0 or q > 1000000 then
      perform private.fail('billing.invalid_lines', format('line %s: quantity must be above 0', i),
        format('got %s', q));
    end if;
    -- the line stores quantity as numeric(14,3): more decimals would be stored as another quantity
    if round(q, 3) <> q then
      perform private.fail('billing.invalid_lines', format('line %s: quantity %s has more than 3 decimals', i, q),
        'give at most 3 decimals');
    end if;
    if u < 0 and k <> 'adjustment' then
      perform private.fail('billing.invalid_lines', format('line %s: a negative amount must be an adjustment', i),
        'use kind adjustment for credits');
    end if;
    if abs(u) >= 100000000 then
      perform private.fail('billing.invalid_lines', format('line %s: unit_amount %s is too large', i, u),
        'a unit amount stays below 100 000 000');
    end if;
    if round(u, mu) <> u then
      perform private.fail('billing.invalid_lines', format('line %s: unit_amount %s has more than %s decimals for %s', i, u, mu, t.currency),
        'give unit amounts in the currency''s minor unit');
    end if;
    -- amounts are numeric(14,3) (below 10^11): each line and the lines together stay below 10^10,
    -- so the total with tax (rate < 100 %) fits; otherwise a raw numeric overflow, with no billing code
    if abs(round(q * u, mu)) >= 10000000000 then
      perform private.fail('billing.invalid_lines', format('line %s: amount %s is too large', i, round(q * u, mu)),
        'a line amount stays below 10 000 000 000');
    end if;
    sum_abs := sum_abs + abs(round(q * u, mu));
  end loop;
  if sum_abs >= 10000000000 then
    perform private.fail('billing.invalid_lines', format('the lines add up to %s, too large for one invoice', sum_abs),
      'the lines together stay below 10 000 000 000; split the invoice');
  end if;
  inv := private.new_invoice(t.id, null, 'manual', t.currency, null, null, null, memo);
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, source)
  select inv.id, t.id, x.n, coalesce(x.v ->> 'kind', 'adjustment'), x.v -> 'description', coalesce((x.v ->> 'quantity')::numeric, 1),
         (x.v ->> 'unit_amount')::numeric, round(coalesce((x.v ->> 'quantity')::numeric, 1) * (x.v ->> 'unit_amount')::numeric, mu),
         jsonb_build_object('manual', true)
  from jsonb_array_elements(lines) with ordinality x(v, n);
  inv := private.recompute_invoice_amounts(inv.id);
  perform audit.record('invoice.create', 'invoice', inv.id::text, null,
    jsonb_build_object('status', 'draft', 'currency', inv.currency, 'total', inv.total, 'lines', jsonb_array_length(lines)), t.id, memo);
  return private.invoice_json(inv.id);
end
$$;

REVOKE ALL ON FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text) TO authenticated;
GRANT ALL ON FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text) TO service_role;

COMMENT ON FUNCTION public.create_invoice(tenant_id uuid, lines jsonb, memo text) IS 'Creates a manual draft invoice for a tenant (billing.write): lines with bilingual descriptions, quantities and unit amounts in the currency''s minor unit.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.create_invoice(tenant_id uuid, lines jsonb, memo text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_invoice(tenant_id uuid, lines jsonb, memo text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_invoice(tenant_id uuid, lines jsonb, memo text) TO authenticated;
GRANT ALL ON FUNCTION private.create_invoice(tenant_id uuid, lines jsonb, memo text) TO service_role;
