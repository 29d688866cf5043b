CREATE FUNCTION private.my_tenant_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
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
  return (select coalesce(array_agg(m.tenant_id), '{}') from public.tenant_members m where m.user_id = auth.uid());
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids_array() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids_array() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_array() TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_array() TO service_role;
COMMENT ON FUNCTION private.my_tenant_ids_array() IS 'The caller''s tenant ids as an array (row policies: lets the planner estimate the caller''s rows).';
