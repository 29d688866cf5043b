CREATE FUNCTION private.my_tenant_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- HQ staff have no memberships (triggers on tenant_members and platform_staff keep the two
  -- identities apart, issue 12 §1): skip the lookup, the answer is the same.
  if current_setting('role') = 'hq_staff' then return; end if;
  return query select m.tenant_id from public.tenant_members m where m.user_id = auth.uid();
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO service_role;

-- The caller's tenants as one array, for the planner (docs/rls-performance.md): a stable function
-- is evaluated when the planner estimates, so a policy arm `tenant_id = any (private.my_tenant_ids_array())`
-- is estimated at the caller's own rows and read through the (tenant_id, …) index, where
-- `= any (array(select …))` (a run-time parameter) is guessed at ten tenants and loses to a scan of
-- the primary key. Policies put it AFTER the `= any (array(select private.my_tenant_ids()))` arm,
-- which is computed once per statement: a row that arm rejects never calls this per row.
CREATE FUNCTION private.my_tenant_ids_array() RETURNS uuid[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- plpgsql, not sql: the planner calls it a few times per statement, and plpgsql keeps its plan.
  -- HQ staff get this policy too (hq_staff is a member of authenticated) but have no memberships
  -- (issue 12 §1): answering '{}' without the lookup halves each call (docs/rls-performance.md).
  -- `role` is the role the statement runs as (set by PostgREST), unchanged inside security definer.
  if current_setting('role') = 'hq_staff' then return '{}'; end if;
  return (select coalesce(array_agg(m.tenant_id), '{}') from public.tenant_members m where m.user_id = auth.uid());
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids_array() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids_array() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_array() TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_array() TO service_role;
COMMENT ON FUNCTION private.my_tenant_ids_array() IS 'The caller''s tenant ids as an array (row policies: lets the planner estimate the caller''s rows).';
