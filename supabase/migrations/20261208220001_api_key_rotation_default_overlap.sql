-- Hand-written (keep at merge): public.rotate_api_key's overlap default becomes 1440 minutes (24 h).
-- `devstack diff` (migra) does not report a changed parameter default, so the generated migration
-- leaves the old default (0); this sets it. Same body as supabase/schemas/integrations/17_api_keys_admin.sql.
CREATE OR REPLACE FUNCTION public.rotate_api_key(key_id uuid, overlap_minutes integer DEFAULT 1440) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.rotate_api_key(key_id, overlap_minutes) $$;
