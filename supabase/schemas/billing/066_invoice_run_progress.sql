-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.invoice_run_progress, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.invoice_run_progress(since timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.invoice_run_progress(since) $$;

CREATE FUNCTION private.invoice_run_progress(since timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  remaining int;
  succeeded int;
  failed int;
begin
  perform private.assert_permission('billing.read');
  if since is null or since > now() + interval '1 minute' or since < now() - interval '1 day' then
    perform private.fail('billing.invalid_since', 'since must be within the last day');
  end if;
  select count(*) into remaining from public.subscriptions s
  where s.status in ('trialing', 'active', 'past_due') and s.current_period_end <= private.now();
  select count(*) filter (where r.outcome = 'succeeded'),
         count(*) filter (where r.outcome in ('failed', 'dead_lettered', 'timed_out'))
    into succeeded, failed
  from private.job_runs r
  where r.job_type = 'billing.invoice_period' and r.started_at >= since;
  return jsonb_build_object('remaining', remaining, 'succeeded', succeeded, 'failed', failed);
end
$$;

REVOKE ALL ON FUNCTION public.invoice_run_progress(since timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.invoice_run_progress(since timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invoice_run_progress(since timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.invoice_run_progress(since timestamp with time zone) TO service_role;

COMMENT ON FUNCTION public.invoice_run_progress(since timestamp with time zone) IS 'Subscription periods still due and billing.invoice_period attempts since a run started: {remaining, succeeded, failed}';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.invoice_run_progress(since timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.invoice_run_progress(since timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.invoice_run_progress(since timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION private.invoice_run_progress(since timestamp with time zone) TO service_role;
