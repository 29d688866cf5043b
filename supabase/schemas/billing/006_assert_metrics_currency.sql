CREATE FUNCTION private.assert_metrics_currency(currency text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if currency is not null and not exists (select from public.currencies c where c.code = assert_metrics_currency.currency) then
    perform private.fail('billing.invalid_currency', format('unknown currency %s', currency));
  end if;
end
$$;

REVOKE ALL ON FUNCTION private.assert_metrics_currency(currency text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_metrics_currency(currency text) FROM PUBLIC;
