CREATE FUNCTION private.guard_requires_invoice(o public.orders, note text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select case when coalesce(trim(o.invoice_number), '') = '' then 'the order has no invoice' end $$;

REVOKE ALL ON FUNCTION private.guard_requires_invoice(o public.orders, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.guard_requires_invoice(o public.orders, note text) FROM PUBLIC;
