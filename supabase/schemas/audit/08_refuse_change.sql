CREATE FUNCTION audit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform private.fail('audit.append_only', format('the audit log is append-only: %s is not allowed', lower(tg_op)));
end
$$;

REVOKE ALL ON FUNCTION audit.refuse_change() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.refuse_change() FROM PUBLIC;
