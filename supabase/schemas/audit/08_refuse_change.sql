CREATE FUNCTION audit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  raise exception using
    errcode = 'PT403',
    message = format('the audit log is append-only: %s is not allowed', lower(tg_op)),
    detail = 'audit.append_only',
    hint = 'record a new entry instead';
end
$$;

REVOKE ALL ON FUNCTION audit.refuse_change() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.refuse_change() FROM PUBLIC;
