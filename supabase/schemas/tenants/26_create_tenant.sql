-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.create_tenant, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text DEFAULT 'ar'::text, legal_name text DEFAULT NULL::text, branding jsonb DEFAULT '{}'::jsonb, contact jsonb DEFAULT '{}'::jsonb, custom_fields jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.create_tenant(slug, name, country, region, timezone, currency, default_locale, legal_name, branding, contact, custom_fields) $$;

CREATE FUNCTION private.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text DEFAULT 'ar'::text, legal_name text DEFAULT NULL::text, branding jsonb DEFAULT '{}'::jsonb, contact jsonb DEFAULT '{}'::jsonb, custom_fields jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  t public.tenants;
begin
  perform private.assert_permission('tenants.write');
  if create_tenant.slug is null or create_tenant.slug !~ '^[a-z0-9]([a-z0-9-]{1,46}[a-z0-9])$' then
    perform private.fail('tenant.invalid_slug', format('invalid slug %L', left(create_tenant.slug, 64)));
  end if;
  if exists (select from public.tenants x where x.slug = create_tenant.slug) then
    perform private.fail('tenant.slug_taken', format('the slug %L is taken', create_tenant.slug));
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(trim(name ->> 'en'), '') = '' then
    perform private.fail('tenant.name_required', 'the tenant needs an English name');
  end if;
  if not exists (select from public.regions r where r.code = create_tenant.region) then
    perform private.fail('tenant.invalid_region', format('unknown region %L', left(create_tenant.region, 16)),
      (select string_agg(r.code, ', ' order by r.sort) from public.regions r));
  end if;
  if not exists (select from public.countries c where c.code = create_tenant.country) then
    perform private.fail('tenant.invalid_country', format('invalid country %L', left(create_tenant.country, 8)),
      'one of public.countries: ' || (select string_agg(c.code, ', ' order by c.code) from public.countries c));
  end if;
  if not exists (select from public.currencies c where c.code = create_tenant.currency) then
    perform private.fail('tenant.invalid_currency', format('invalid currency %L', left(create_tenant.currency, 8)),
      'one of public.currencies: ' || (select string_agg(c.code, ', ' order by c.code) from public.currencies c));
  end if;
  if not exists (select from public.locales l where l.code = create_tenant.default_locale) then
    perform private.fail('tenant.invalid_locale', format('unsupported locale %L', left(create_tenant.default_locale, 8)),
      (select string_agg(l.code, ' or ' order by l.code) from public.locales l));
  end if;

  -- lengths and the remaining rules: private.assert_valid_tenant, through the insert trigger
  insert into public.tenants (slug, name, legal_name, country, region, timezone, currency, default_locale,
                              branding, contact, custom_fields, created_by)
  values (create_tenant.slug, create_tenant.name, nullif(trim(create_tenant.legal_name), ''), create_tenant.country,
          create_tenant.region, create_tenant.timezone, create_tenant.currency, create_tenant.default_locale,
          coalesce(create_tenant.branding, '{}'), coalesce(create_tenant.contact, '{}'),
          coalesce(create_tenant.custom_fields, '{}'), auth.uid())
  returning * into t;
  insert into public.tenant_status_history (tenant_id, from_status, to_status, action, actor_id)
  values (t.id, null, 'draft', 'create', auth.uid());
  perform audit.record('tenant.create', 'tenant', t.id::text, null, to_jsonb(t), t.id);
  perform private.emit_tenant_event('tenant.created', t);  -- integrations
  return t.id;
end
$_$;

REVOKE ALL ON FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) TO service_role;

COMMENT ON FUNCTION public.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) IS 'Creates a draft tenant (tenants.write): slug, names, country, region, currency and locale from the reference lists, text within its maximum lengths.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.create_tenant(slug text, name jsonb, country text, region text, timezone text, currency text, default_locale text, legal_name text, branding jsonb, contact jsonb, custom_fields jsonb) TO service_role;
