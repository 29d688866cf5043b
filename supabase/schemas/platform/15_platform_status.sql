-- What a tenant app (or the console's banner) needs to know about the platform right now, for anyone,
-- signed in or not (anon-callable):
--   maintenance: the windows running now, and those starting within maintenance.banner_lead_minutes
--     (when status.show_scheduled_maintenance), global or for the caller's regions: the regions of
--     the tenants the caller belongs to, plus the region argument (an app not signed in names its
--     own). HQ staff see every region's windows.
--   announcements: those shown now for the caller: untargeted ones for everyone, targeted ones for
--     members of a targeted tenant (plan, region or tenant); staff see all. At most
--     announcements.max_active, the most severe first.
-- Only the en/ar messages, windows, titles and bodies leave: no reasons, no authors, no targets.
CREATE FUNCTION public.platform_status(region text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select private.platform_status(region) $$;

CREATE FUNCTION private.platform_status(region text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  now_at timestamptz := private.now();
  staff boolean := auth.uid() is not null and private.current_staff_role() is not null and private.is_mfa_session();
  tenant_ids uuid[] := case when auth.uid() is null then '{}'::uuid[] else array(select private.my_tenant_ids()) end;
  regions text[];
  lead_time interval := make_interval(mins => coalesce((private.platform_setting('maintenance.banner_lead_minutes') #>> '{}')::int, 0));
  show_scheduled boolean := staff or private.platform_setting('status.show_scheduled_maintenance') = 'true'::jsonb;
  max_items integer := case when staff then 100 else coalesce((private.platform_setting('announcements.max_active') #>> '{}')::int, 5) end;
  windows jsonb;
  notes jsonb;
begin
  regions := array(select t.region from public.tenants t where t.id = any (tenant_ids)) || platform_status.region;
  select coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'region', w.region, 'starts_at', w.starts_at, 'ends_at', w.ends_at,
           'active', w.starts_at <= now_at, 'message', w.message) order by w.starts_at, w.region nulls first), '[]')
  into windows
  from public.maintenance_windows w
  where w.ended_at is null and (w.ends_at is null or w.ends_at > now_at)
    and (w.starts_at <= now_at or (show_scheduled and w.starts_at <= now_at + lead_time))
    and (staff or w.region is null or w.region = any (regions));
  select coalesce(jsonb_agg(x.item order by x.rank desc, x.starts_at desc), '[]') into notes
  from (select jsonb_build_object('id', a.id, 'severity', a.severity, 'title', a.title, 'body', a.body,
               'starts_at', a.starts_at, 'ends_at', a.ends_at) as item,
               array_position(array['info', 'warning', 'critical'], a.severity) as rank, a.starts_at
        from public.platform_announcements a
        where a.starts_at <= now_at and (a.ends_at is null or a.ends_at > now_at)
          and (staff
               or (cardinality(a.target_plans) = 0 and cardinality(a.target_regions) = 0 and cardinality(a.target_tenants) = 0)
               or exists (select from unnest(tenant_ids) t where private.announcement_targets(a, t)))
        order by rank desc, a.starts_at desc
        limit max_items) x;
  return jsonb_build_object(
    'now', now_at,
    'maintenance', jsonb_build_object('active', jsonb_path_exists(windows, '$[*] ? (@.active == true)'), 'windows', windows),
    'announcements', notes);
end
$$;

REVOKE ALL ON FUNCTION public.platform_status(region text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.platform_status(region text) TO anon, authenticated, service_role;
COMMENT ON FUNCTION public.platform_status(region text) IS 'For tenant apps and the console banner (anon-callable): maintenance running or coming soon for the caller''s regions with its en/ar message, and the announcements shown to the caller now.';

-- The body is callable by the roles that may call the wrapper (anon too: the wrapper is public), and by no one else.
REVOKE ALL ON FUNCTION private.platform_status(region text) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.platform_status(region text) TO anon, authenticated, service_role;
