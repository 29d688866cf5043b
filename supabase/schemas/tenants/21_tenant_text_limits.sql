CREATE FUNCTION private.tenant_text_limits() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select '{"name.en": 200, "name.ar": 200, "legal_name": 200, "timezone": 64,
           "contact.name": 200, "contact.email": 254, "contact.phone": 32,
           "branding.logo_url": 2048, "branding.invoice_header": 500, "custom_fields": 8192}'::jsonb
$$;

REVOKE ALL ON FUNCTION private.tenant_text_limits() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_text_limits() FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_text_limits() TO authenticated;
GRANT ALL ON FUNCTION private.tenant_text_limits() TO service_role;
