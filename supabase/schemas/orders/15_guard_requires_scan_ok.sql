CREATE FUNCTION private.guard_requires_scan_ok(o public.orders, note text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select case when o.scan_status is distinct from 'ok' then format('the items scan is %s, not ok', o.scan_status) end $$;

REVOKE ALL ON FUNCTION private.guard_requires_scan_ok(o public.orders, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.guard_requires_scan_ok(o public.orders, note text) FROM PUBLIC;
