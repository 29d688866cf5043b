-- The trace a statement belongs to (W3C Trace Context), so one id follows a click from the console
-- through SQL, the queues and the Edge Functions: while the dispatcher runs a job, the trace of the
-- request that enqueued it (cmx.trace_id); else the 32-hex trace-id of the request's `traceparent`
-- header; else an `x-trace-id` header of up to 64 safe characters. A malformed or all-zero id, or
-- the invalid version ff, is ignored: a bad header never fails the request.
CREATE FUNCTION private.current_trace_id() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_job_trace text := nullif(current_setting('cmx.trace_id', true), '');
  v_raw_headers text := current_setting('request.headers', true);
  v_headers jsonb;
  v_trace text;
begin
  if v_job_trace is not null then
    return v_job_trace;
  end if;
  if v_raw_headers is null or v_raw_headers = '' then
    return null;
  end if;
  v_headers := v_raw_headers::jsonb;
  -- version-traceid-parentid-flags; a later version may append fields after another '-'.
  v_trace := substring(left(v_headers ->> 'traceparent', 512)
                       from '^(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(?:-|$)');
  if v_trace is not null and v_trace <> repeat('0', 32) then
    return v_trace;
  end if;
  v_trace := v_headers ->> 'x-trace-id';
  return case when v_trace ~ '^[A-Za-z0-9._-]{1,64}$' then v_trace end;
end
$$;

REVOKE ALL ON FUNCTION private.current_trace_id() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.current_trace_id() FROM PUBLIC;

-- The traceparent header a job's Edge Function call carries: the enqueuer's trace, a new span.
CREATE FUNCTION private.child_traceparent(trace_id text) RETURNS text
    LANGUAGE sql VOLATILE
    SET search_path TO ''
    AS $$
  select case when trace_id ~ '^[0-9a-f]{32}$'
              then '00-' || trace_id || '-' || encode(extensions.gen_random_bytes(8), 'hex') || '-01' end
$$;

REVOKE ALL ON FUNCTION private.child_traceparent(trace_id text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.child_traceparent(trace_id text) FROM PUBLIC;
