CREATE FUNCTION private.assert_valid_tenant(t public.tenants) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  problems text[] := '{}';
  field_errors text[];
  limits jsonb := private.tenant_text_limits();
  field text;
  value text;
begin
  if not private.is_valid_timezone(t.timezone) then
    problems := problems || format('unknown timezone %L (use an IANA name such as Asia/Muscat)', left(t.timezone, 64));
  end if;
  if not exists (select from public.countries c where c.code = t.country) then
    problems := problems || format('unknown country %L', left(t.country, 8));
  end if;
  if not exists (select from public.regions r where r.code = t.region) then
    problems := problems || format('unknown region %L', left(t.region, 16));
  end if;
  if not exists (select from public.currencies c where c.code = t.currency) then
    problems := problems || format('unknown currency %L', left(t.currency, 8));
  end if;
  if not exists (select from public.locales l where l.code = t.default_locale) then
    problems := problems || format('unsupported language %L', left(t.default_locale, 8));
  end if;
  if t.branding ? 'primary_color' and (t.branding ->> 'primary_color') !~ '^#[0-9a-fA-F]{6}$' then
    problems := problems || 'branding.primary_color must be a #rrggbb colour'::text;
  end if;
  if t.branding ? 'logo_url' and (t.branding ->> 'logo_url') !~ '^https://' then
    problems := problems || 'branding.logo_url must be an https URL'::text;
  end if;
  if t.contact ? 'email' and (t.contact ->> 'email') !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    problems := problems || 'contact.email is not an email address'::text;
  end if;
  -- lengths: every text field, then the custom fields' JSON as a whole
  foreach field in array array['name.en', 'name.ar', 'legal_name', 'timezone', 'contact.name', 'contact.email',
                               'contact.phone', 'branding.logo_url', 'branding.invoice_header'] loop
    value := case field
      when 'name.en' then t.name ->> 'en'
      when 'name.ar' then t.name ->> 'ar'
      when 'legal_name' then t.legal_name
      when 'timezone' then t.timezone
      when 'contact.name' then t.contact ->> 'name'
      when 'contact.email' then t.contact ->> 'email'
      when 'contact.phone' then t.contact ->> 'phone'
      when 'branding.logo_url' then t.branding ->> 'logo_url'
      when 'branding.invoice_header' then t.branding ->> 'invoice_header'
    end;
    if char_length(value) > (limits ->> field)::int then
      problems := problems || format('%s is longer than %s characters', field, limits ->> field);
    end if;
  end loop;
  if octet_length(t.custom_fields::text) > (limits ->> 'custom_fields')::int then
    problems := problems || format('custom_fields is larger than %s bytes', limits ->> 'custom_fields');
  end if;
  select private.json_schema_errors(s.schema, t.custom_fields, 'custom_fields') into field_errors
  from public.tenant_custom_field_schema s;
  problems := problems || coalesce(field_errors, '{}');
  if cardinality(problems) > 0 then
    perform private.fail('tenant.invalid', 'the tenant profile is not valid', array_to_string(problems, '; '));
  end if;
end
$_$;

REVOKE ALL ON FUNCTION private.assert_valid_tenant(t public.tenants) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.assert_valid_tenant(t public.tenants) FROM PUBLIC;
GRANT ALL ON FUNCTION private.assert_valid_tenant(t public.tenants) TO authenticated;
GRANT ALL ON FUNCTION private.assert_valid_tenant(t public.tenants) TO service_role;
