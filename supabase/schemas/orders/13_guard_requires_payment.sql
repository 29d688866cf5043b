CREATE FUNCTION private.guard_requires_payment(o public.orders, note text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select case when not o.paid then 'the order is not paid' end $$;

REVOKE ALL ON FUNCTION private.guard_requires_payment(o public.orders, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.guard_requires_payment(o public.orders, note text) FROM PUBLIC;
