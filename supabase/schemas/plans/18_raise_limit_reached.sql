CREATE FUNCTION private.raise_limit_reached(decision jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  perform private.fail('entitlements.limit_reached', format('the tenant has reached its %s limit (%s %s%s)', decision ->> 'limit_key',
                     coalesce(decision ->> 'limit', '0'), decision ->> 'type',
                     case when decision ->> 'period' = 'month' then ' per month' else '' end),
    format('%s: %s used, limit %s%s', decision ->> 'limit_key', decision ->> 'used', coalesce(decision ->> 'limit', '0'),
                  case when decision ->> 'reason' = 'tenant.grace' then '; no billable overage while the tenant is in grace'
                       else '; upgrade the plan or add an add-on' end));
end
$$;

REVOKE ALL ON FUNCTION private.raise_limit_reached(decision jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.raise_limit_reached(decision jsonb) FROM PUBLIC;
