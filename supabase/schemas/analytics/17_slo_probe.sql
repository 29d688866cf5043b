-- Records the answers pg_net has stored for pending probes (net._http_response): status, ok
-- (2xx, not timed out) and latency (response created − sent_at). A probe still without an answer
-- after 5 minutes is failed (pg_net dropped it or the worker is down). Returns the probes completed.
create function private.slo_probe_collect() returns integer
  language plpgsql security definer
  set search_path = ''
as $$
declare
  n integer := 0;
  m integer := 0;
begin
  if to_regclass('net._http_response') is not null then
    update private.slo_probe_results r
    set completed_at = h.created,
        status_code = h.status_code,
        ok = coalesce(h.status_code between 200 and 299 and not coalesce(h.timed_out, false), false),
        latency_ms = round((extract(epoch from h.created - r.sent_at) * 1000)::numeric, 3),
        error = case
          when coalesce(h.timed_out, false) then coalesce(h.error_msg, 'timed out')
          when h.status_code is null then coalesce(h.error_msg, 'no HTTP answer')
          when h.status_code not between 200 and 299 then 'HTTP ' || h.status_code
        end
    from net._http_response h
    where h.id = r.request_id and r.completed_at is null;
    get diagnostics n = row_count;
  end if;
  update private.slo_probe_results r
  set completed_at = private.now(), ok = false, error = 'no answer within 5 minutes'
  where r.completed_at is null and r.sent_at < private.now() - interval '5 minutes';
  get diagnostics m = row_count;
  return n + m;
end
$$;

revoke all on function private.slo_probe_collect() from public, anon, authenticated, service_role;
comment on function private.slo_probe_collect() is 'Completes pending SLO probes from net._http_response; fails those unanswered after 5 minutes.';

-- Sends one GET per enabled probe objective through pg_net (service role key from Vault). A
-- missing Vault configuration or pg_net error never raises: it is recorded as a failed probe with
-- its reason, so the cron run goes on and the availability SLO shows it. Returns the probes sent.
create function private.slo_probe_send() returns integer
  language plpgsql security definer
  set search_path = ''
as $$
declare
  o record;
  v_base text;
  v_key text;
  v_config_error text;
  v_request bigint;
  v_url text;
  n integer := 0;
begin
  begin
    select t.base_url, t.service_key into v_base, v_key from private.edge_function_target() t;
  exception when others then
    v_config_error := 'not configured: ' || sqlerrm;
  end;
  for o in select s.code, s.probe_path, s.threshold_ms from public.slo_objectives s
           where s.enabled and s.kind like 'probe_%' order by s.code loop
    if v_config_error is not null then
      insert into private.slo_probe_results (slo_code, sent_at, completed_at, ok, error)
      values (o.code, clock_timestamp(), clock_timestamp(), false, v_config_error);
      continue;
    end if;
    v_url := v_base || o.probe_path;
    begin
      v_request := net.http_get(
        url := v_url,
        headers := jsonb_build_object('Authorization', 'Bearer ' || v_key, 'apikey', v_key),
        timeout_milliseconds := greatest(coalesce(o.threshold_ms, 0) * 4, 10000));
      insert into private.slo_probe_results (slo_code, request_id, url, sent_at) values (o.code, v_request, v_url, clock_timestamp());
      n := n + 1;
    exception when others then
      insert into private.slo_probe_results (slo_code, url, sent_at, completed_at, ok, error)
      values (o.code, v_url, clock_timestamp(), clock_timestamp(), false, 'not sent: ' || sqlerrm);
    end;
  end loop;
  return n;
end
$$;

revoke all on function private.slo_probe_send() from public, anon, authenticated, service_role;
comment on function private.slo_probe_send() is 'Sends the synthetic probes of the enabled probe_* SLOs through pg_net; configuration faults become failed probes.';

-- The per-minute schedule's body: collect earlier answers, send new probes, prune past retention
-- (the longest window + 1 day).
create function private.slo_probe() returns integer
  language plpgsql security definer
  set search_path = ''
as $$
declare
  n integer;
begin
  perform private.slo_probe_collect();
  n := private.slo_probe_send();
  delete from private.slo_probe_results r
  where r.sent_at < private.now() - make_interval(days => coalesce((select max(s.window_days) from public.slo_objectives s), 30) + 1);
  return n;
end
$$;

revoke all on function private.slo_probe() from public, anon, authenticated, service_role;
comment on function private.slo_probe() is 'Schedule analytics.slo_probe (every minute): records earlier probe answers, sends new probes, applies retention.';

select private.declare_schedule('analytics.slo_probe', '* * * * *', 'select private.slo_probe()',
  'every minute: synthetic SLO probes through pg_net (records the previous answers, sends new ones, keeps the longest window)');
