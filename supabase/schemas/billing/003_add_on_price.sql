CREATE FUNCTION private.add_on_price(add_on_code text, currency text, billing_interval text) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return (select coalesce((a.prices -> add_on_price.currency ->> add_on_price.billing_interval)::numeric,
                          case when add_on_price.billing_interval = 'year' then (a.prices -> add_on_price.currency ->> 'month')::numeric * 12 end)
          from public.add_ons a where a.code = add_on_price.add_on_code);
end
$$;

REVOKE ALL ON FUNCTION private.add_on_price(add_on_code text, currency text, billing_interval text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.add_on_price(add_on_code text, currency text, billing_interval text) FROM PUBLIC;
