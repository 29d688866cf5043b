CREATE FUNCTION private.currency_minor_unit(currency text) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  m int;
begin
  select c.minor_unit into m from public.currencies c where c.code = currency_minor_unit.currency;
  if m is null then
    perform private.fail('billing.unknown_currency', format('unknown currency %s', coalesce(currency, '(null)')),
      'currencies: ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  return m;
end
$$;

REVOKE ALL ON FUNCTION private.currency_minor_unit(currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.currency_minor_unit(currency text) FROM PUBLIC;
