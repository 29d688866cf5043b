-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_billing_profile, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_billing_profile(tenant_id, profile) $$;

CREATE FUNCTION private.set_billing_profile(tenant_id uuid, profile jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  p_tenant uuid := set_billing_profile.tenant_id;
  allowed text[] := array['legal_name', 'billing_email', 'address', 'tax_registration_number', 'tax_treatment', 'tax_note', 'preferred_gateway'];
  extra text;
  r public.billing_profiles;
  before_row jsonb;
  constraint_name text;
begin
  perform private.assert_permission('billing.write');
  perform private.billing_tenant(p_tenant);
  if profile is null or jsonb_typeof(profile) <> 'object' then
    perform private.fail('billing.invalid_profile', 'the profile must be a JSON object',
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  select string_agg(k, ', ') into extra from jsonb_object_keys(profile) k where k <> all (allowed);
  if extra is not null then
    perform private.fail('billing.invalid_profile', format('unknown profile keys: %s', extra),
      'keys: ' || array_to_string(allowed, ', '));
  end if;
  select * into r from public.billing_profiles b where b.tenant_id = p_tenant for update;
  if r.tenant_id is not null then
    before_row := to_jsonb(r);
  else
    r.tenant_id := p_tenant; r.address := '{}'; r.tax_treatment := 'standard'; r.preferred_gateway := 'stripe'; r.balance := 0;
  end if;
  if profile ? 'legal_name' then r.legal_name := nullif(trim(profile ->> 'legal_name'), ''); end if;
  if profile ? 'billing_email' then r.billing_email := nullif(trim(profile ->> 'billing_email'), ''); end if;
  if profile ? 'address' then r.address := coalesce(nullif(profile -> 'address', 'null'::jsonb), '{}'); end if;
  if profile ? 'tax_registration_number' then r.tax_registration_number := nullif(trim(profile ->> 'tax_registration_number'), ''); end if;
  if profile ? 'tax_treatment' then r.tax_treatment := coalesce(profile ->> 'tax_treatment', 'standard'); end if;
  if profile ? 'tax_note' then r.tax_note := nullif(profile -> 'tax_note', 'null'::jsonb); end if;
  if profile ? 'preferred_gateway' then r.preferred_gateway := coalesce(profile ->> 'preferred_gateway', 'stripe'); end if;
  r.updated_at := private.now();
  begin
    insert into public.billing_profiles as b select r.*
    on conflict on constraint billing_profiles_pkey do update set
      legal_name = excluded.legal_name, billing_email = excluded.billing_email, address = excluded.address,
      tax_registration_number = excluded.tax_registration_number, tax_treatment = excluded.tax_treatment,
      tax_note = excluded.tax_note, preferred_gateway = excluded.preferred_gateway, updated_at = excluded.updated_at;
  exception when check_violation then
    get stacked diagnostics constraint_name = constraint_name;
    perform private.fail('billing.invalid_profile', format('invalid billing profile (%s)', constraint_name),
      'billing_email like a@b.c; tax_registration_number 5–30 letters, digits or -; tax_treatment standard|reverse_charge|exempt; '
      || 'address and tax_note objects; preferred_gateway stripe|paytabs|hyperpay');
  end;
  select * into r from public.billing_profiles b where b.tenant_id = p_tenant;
  perform audit.record('billing.profile_set', 'billing_profile', p_tenant::text, before_row, to_jsonb(r), p_tenant, null);
  return to_jsonb(r);
end
$$;

REVOKE ALL ON FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) TO service_role;

COMMENT ON FUNCTION public.set_billing_profile(tenant_id uuid, profile jsonb) IS 'Sets a tenant''s billing profile: legal name, address, tax ids, billing email and currency (billing.write; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_billing_profile(tenant_id uuid, profile jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_billing_profile(tenant_id uuid, profile jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_billing_profile(tenant_id uuid, profile jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.set_billing_profile(tenant_id uuid, profile jsonb) TO service_role;
