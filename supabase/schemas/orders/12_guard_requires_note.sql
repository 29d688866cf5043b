CREATE FUNCTION private.guard_requires_note(o public.orders, note text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select case when coalesce(trim(note), '') = '' then 'a note is required' end $$;

REVOKE ALL ON FUNCTION private.guard_requires_note(o public.orders, note text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.guard_requires_note(o public.orders, note text) FROM PUBLIC;
