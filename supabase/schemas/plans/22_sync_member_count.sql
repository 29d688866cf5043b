CREATE FUNCTION private.sync_member_count(tenant_id uuid, excluding uuid DEFAULT NULL::uuid) RETURNS numeric
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  n numeric;
begin
  insert into public.usage_counters (tenant_id, feature_key, period_start) values (tenant_id, 'max_users', date '1970-01-01')
  on conflict on constraint usage_counters_pkey do nothing;
  perform from public.usage_counters u
  where u.tenant_id = sync_member_count.tenant_id and u.feature_key = 'max_users' and u.period_start = date '1970-01-01' for update;
  -- counted after the lock: a concurrent insert that committed first is seen
  select count(*) into n from public.tenant_members m
  where m.tenant_id = sync_member_count.tenant_id and m.user_id is distinct from excluding;
  update public.usage_counters u set used = n, updated_at = private.now()
  where u.tenant_id = sync_member_count.tenant_id and u.feature_key = 'max_users' and u.period_start = date '1970-01-01';
  return n;
end
$$;

REVOKE ALL ON FUNCTION private.sync_member_count(tenant_id uuid, excluding uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.sync_member_count(tenant_id uuid, excluding uuid) FROM PUBLIC;
