CREATE FUNCTION private.input_limit(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case kind
    when 'reason' then 1000              -- why a state change was made
    when 'note' then 2000                -- free notes on an order transition or a publish
    when 'name' then 200                 -- a name or label in one language
    when 'reference' then 200            -- an external reference (payment reference, idempotency key)
    when 'workflow.bytes' then 262144    -- a workflow definition (256 KB of JSON text)
    when 'workflow.stages' then 200      -- stages in one workflow
    when 'workflow.transitions' then 2000
    when 'workflow.guards' then 10       -- guards on one transition
    when 'workflow.patch_bytes' then 65536
    when 'workflow.patch_items' then 200 -- entries in each part of an override patch
    when 'workflow.patch_disable' then 50 -- stages one patch disables (each is bridged in turn)
    when 'name.locales' then 10          -- languages of one bilingual name
    when 'heavy.per_caller' then 1       -- heavy calls one caller may run at once
    when 'heavy.slots' then 4            -- heavy calls the whole database runs at once
    when 'json.bytes' then 65536         -- any other jsonb document (settings, rules, profiles, definitions)
    when 'catalog.import_rows' then 5000 -- rows in one catalog import
    when 'catalog.import_bytes' then 2097152 -- one catalog import (2 MB of JSON text)
  end
$$;

REVOKE ALL ON FUNCTION private.input_limit(kind text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.input_limit(kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.input_limit(kind text) TO authenticated;
GRANT ALL ON FUNCTION private.input_limit(kind text) TO service_role;
