CREATE FUNCTION private.billing_fail(errcode text, code text, message text, hint text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  raise exception using errcode = billing_fail.errcode, message = billing_fail.message, detail = 'billing.' || billing_fail.code,
    hint = coalesce(billing_fail.hint, 'see the billing section of the README');
end
$$;

REVOKE ALL ON FUNCTION private.billing_fail(errcode text, code text, message text, hint text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.billing_fail(errcode text, code text, message text, hint text) FROM PUBLIC;
