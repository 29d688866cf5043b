-- The maintenance window in force now for a region's tenants (a global one first), if any.
-- region null: only global windows (a staff write names no tenant, so only a global window pauses it).
CREATE FUNCTION private.active_maintenance(region text DEFAULT NULL::text) RETURNS public.maintenance_windows
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select w.* from public.maintenance_windows w
  where w.ended_at is null and w.starts_at <= private.now() and (w.ends_at is null or w.ends_at > private.now())
    and (w.region is null or w.region = active_maintenance.region)
  order by w.region nulls first, w.starts_at
  limit 1
$$;

REVOKE ALL ON FUNCTION private.active_maintenance(region text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.active_maintenance(region text) TO authenticated, service_role;
