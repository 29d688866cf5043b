-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.limit_breach_report, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.limit_breach_report(since timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(feature_key text, outcome text, breaches bigint, tenants bigint, overage_amount numeric, currency text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from private.limit_breach_report(since) $$;

CREATE FUNCTION private.limit_breach_report(since timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(feature_key text, outcome text, breaches bigint, tenants bigint, overage_amount numeric, currency text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.assert_permission('plans.read');
  return query
    select b.feature_key, b.outcome, count(*), count(distinct b.tenant_id), sum(b.amount), b.currency
    from public.limit_breaches b
    where b.created_at >= coalesce(since, '-infinity')
    group by b.feature_key, b.outcome, b.currency
    order by 1, 2, 6;
end
$$;

REVOKE ALL ON FUNCTION public.limit_breach_report(since timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.limit_breach_report(since timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.limit_breach_report(since timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.limit_breach_report(since timestamp with time zone) TO service_role;

COMMENT ON FUNCTION public.limit_breach_report(since timestamp with time zone) IS 'Limit checks that were refused or warned since a time, by feature and outcome, with the tenants concerned (plans.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.limit_breach_report(since timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.limit_breach_report(since timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.limit_breach_report(since timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION private.limit_breach_report(since timestamp with time zone) TO service_role;
