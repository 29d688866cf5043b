-- Progress of an invoice run for the console (issue 13 §8): *Run invoicing now* says how many
-- subscription periods it enqueued (start_invoice_run) and then follows them here until none is left.

-- remaining: subscription periods still due (what start_invoice_run would enqueue now);
-- succeeded / failed: billing.invoice_period job attempts since `since` (the click).
create function public.invoice_run_progress(since timestamptz)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  remaining int;
  succeeded int;
  failed int;
begin
  perform private.assert_permission('billing.read');
  if since is null or since > now() + interval '1 minute' or since < now() - interval '1 day' then
    raise exception using errcode = '22023', message = 'since must be within the last day',
      detail = 'billing.invalid_since', hint = 'pass the time the run was started';
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
comment on function public.invoice_run_progress(timestamptz) is
  'Subscription periods still due and billing.invoice_period attempts since a run started: {remaining, succeeded, failed}';
revoke execute on function public.invoice_run_progress(timestamptz) from public, anon;
grant execute on function public.invoice_run_progress(timestamptz) to authenticated, service_role;
