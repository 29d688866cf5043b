-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.start_impersonation, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer DEFAULT 15) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.start_impersonation(tenant_id, mode, reason, minutes) $$;

CREATE FUNCTION private.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer DEFAULT 15) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  target public.tenants;
  grant_row public.impersonations;
  previous public.impersonations;
begin
  perform private.assert_permission('impersonate.start');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  if auth.uid() is null or private.current_staff_role() is null then
    perform private.fail('impersonation.staff_only', 'only signed-in HQ staff can impersonate');
  end if;
  if mode is null or mode not in ('read_only', 'full') then
    perform private.fail('impersonation.invalid_mode', format('unknown impersonation mode %L', mode));
  end if;
  if mode = 'full' then
    perform private.assert_permission('impersonate.full');
  end if;
  if coalesce(length(trim(reason)), 0) < 5 then
    perform private.fail('impersonation.reason_required', 'a reason of at least 5 characters is required');
  end if;
  if minutes is null or minutes not between 1 and 30 then
    perform private.fail('impersonation.invalid_duration', format('impersonation lasts 1 to 30 minutes, not %s', minutes));
  end if;
  select * into target from public.tenants t where t.id = start_impersonation.tenant_id;
  if target.id is null then
    perform private.fail('tenant.not_found', 'no such tenant');
  end if;
  if target.status in ('churned', 'draft') then
    perform private.fail('impersonation.tenant_unavailable', format('a %s tenant cannot be impersonated', target.status));
  end if;

  -- One impersonation at a time: a new one replaces the current one.
  for previous in update public.impersonations i set ended_at = clock_timestamp(), end_reason = 'replaced'
                  where i.staff_id = auth.uid() and i.ended_at is null returning * loop
    perform audit.record('impersonation.end', 'impersonation', previous.id::text, null,
                         jsonb_build_object('end_reason', 'replaced'), previous.tenant_id);
  end loop;

  insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at)
  values (auth.uid(), target.id, mode, trim(reason), clock_timestamp(), clock_timestamp() + make_interval(mins => minutes))
  returning * into grant_row;
  perform audit.record('impersonation.start', 'impersonation', grant_row.id::text, null, to_jsonb(grant_row), target.id, grant_row.reason);
  return jsonb_build_object('id', grant_row.id, 'tenant_id', grant_row.tenant_id, 'mode', grant_row.mode,
                            'started_at', grant_row.started_at, 'expires_at', grant_row.expires_at);
end
$$;

REVOKE ALL ON FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) TO authenticated;
GRANT ALL ON FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) TO service_role;

COMMENT ON FUNCTION public.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) IS 'Starts a read-only or full impersonation of one tenant for 1-30 minutes with a reason (impersonate.start; full needs impersonate.full).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) TO authenticated;
GRANT ALL ON FUNCTION private.start_impersonation(tenant_id uuid, mode text, reason text, minutes integer) TO service_role;
