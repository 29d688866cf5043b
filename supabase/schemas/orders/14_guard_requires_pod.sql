CREATE FUNCTION private.guard_requires_pod(o public.orders, note text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select case when not o.proof_of_delivery then 'there is no proof of delivery' end $$;

REVOKE ALL ON FUNCTION private.guard_requires_pod(o public.orders, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.guard_requires_pod(o public.orders, note text) FROM PUBLIC;
