CREATE FUNCTION private.record_auth_attempt(user_id uuid, kind text, valid boolean, source text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  policy public.auth_lockout_policy;
  src text := private.auth_source(source);
  now_at timestamptz := clock_timestamp();
  run private.auth_throttle;
  run_failures int;
  delay interval;
begin
  select * into run from private.auth_throttle t
  where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind for update;

  -- Locked: refused, not counted, not extended (whoever keeps trying cannot keep it locked).
  if run.blocked_until > now_at then
    return private.auth_rejection(record_auth_attempt.kind, run.blocked_until);
  end if;
  if valid then
    -- A success ends this source's run (a sign-in with no run writes nothing).
    if run.user_id is not null then
      delete from private.auth_throttle t
      where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
    end if;
    return jsonb_build_object('decision', 'continue');
  end if;

  select * into policy from public.auth_lockout_policy;
  if run.user_id is null then
    -- Runs idle for a day are dropped as the account fails again (the table stays small).
    delete from private.auth_throttle t where t.user_id = record_auth_attempt.user_id
      and coalesce(t.blocked_until, t.last_failure_at, '-infinity') < now_at - interval '1 day';
    insert into private.auth_throttle (user_id, source, kind) values (record_auth_attempt.user_id, src, record_auth_attempt.kind)
    on conflict do nothing;
    select * into run from private.auth_throttle t
    where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind for update;
  end if;

  run_failures := 1 + case when coalesce(run.blocked_until, run.last_failure_at) < now_at - make_interval(mins => policy.window_minutes)
                       then 0 else run.failures end;
  if exists (select from public.platform_staff s where s.user_id = record_auth_attempt.user_id) then
    if run_failures >= policy.max_failures then
      -- The lock is the consequence of this run: the next run starts from zero once it ends.
      update private.auth_throttle t set failures = 0, last_failure_at = now_at,
        blocked_until = now_at + make_interval(mins => policy.lock_minutes),
        reason = format('%s failed %s attempts in %s minutes from %s', run_failures, record_auth_attempt.kind, policy.window_minutes, src)
      where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
      perform audit.record('auth.lockout', 'staff', record_auth_attempt.user_id::text, null,
        jsonb_build_object('failures', run_failures, 'kind', record_auth_attempt.kind, 'source', src, 'lock_minutes', policy.lock_minutes));
      perform private.notify('staff.locked_out', null, now_at::text, jsonb_build_object('failures', run_failures::text,
        'lock_minutes', policy.lock_minutes::text), record_auth_attempt.user_id);
      return jsonb_build_object('decision', 'continue');
    end if;
  elsif run_failures >= policy.tenant_free_failures then
    -- Tenant users: a wait that doubles with every further failure, up to the cap.
    delay := least(make_interval(mins => policy.tenant_max_delay_minutes),
                  make_interval(secs => policy.tenant_base_delay_seconds * power(2, least(run_failures - policy.tenant_free_failures, 20))));
    update private.auth_throttle t set failures = run_failures, last_failure_at = now_at, blocked_until = now_at + delay,
      reason = format('%s failed %s attempts from %s', run_failures, record_auth_attempt.kind, src)
    where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
    return jsonb_build_object('decision', 'continue');
  end if;
  update private.auth_throttle t set failures = run_failures, last_failure_at = now_at, blocked_until = null
  where t.user_id = record_auth_attempt.user_id and t.source = src and t.kind = record_auth_attempt.kind;
  -- A wrong password or code: the auth server gives its usual answer.
  return jsonb_build_object('decision', 'continue');
end
$$;

REVOKE ALL ON FUNCTION private.record_auth_attempt(user_id uuid, kind text, valid boolean, source text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_auth_attempt(user_id uuid, kind text, valid boolean, source text) FROM PUBLIC;
