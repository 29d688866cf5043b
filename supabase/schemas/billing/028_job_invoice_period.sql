CREATE FUNCTION private.job_invoice_period(payload jsonb, job jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  sub uuid;
  start_at timestamptz;
begin
  begin
    sub := (payload ->> 'subscription_id')::uuid;
    start_at := (payload ->> 'period_start')::timestamptz;
  exception when others then
    sub := null;
  end;
  if sub is null or start_at is null then
    perform private.fail('billing.invalid_payload', format('bad billing.invoice_period payload %s', payload));
  end if;
  perform private.invoice_period(sub, start_at);
end
$$;

REVOKE ALL ON FUNCTION private.job_invoice_period(payload jsonb, job jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.job_invoice_period(payload jsonb, job jsonb) FROM PUBLIC;
