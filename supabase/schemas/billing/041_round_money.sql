CREATE FUNCTION private.round_money(amount numeric, currency text) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if amount is null then
    return null;
  end if;
  return round(amount, private.currency_minor_unit(currency));
end
$$;

REVOKE ALL ON FUNCTION private.round_money(amount numeric, currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.round_money(amount numeric, currency text) FROM PUBLIC;
