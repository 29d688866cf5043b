-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_seller_profile, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.set_seller_profile(profile jsonb, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.set_seller_profile(profile, reason) $$;

CREATE FUNCTION private.set_seller_profile(profile jsonb, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  cur public.seller_profile;
  nxt public.seller_profile;
  errors text[] := '{}';
  e text;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  if profile is null or jsonb_typeof(profile) <> 'object' or length(profile::text) > 4000 then
    perform private.fail('billing.invalid_seller_profile', 'the seller profile must be a JSON object of at most 4000 characters',
      'keys: legal_name, address, country, tax_registrations');
  end if;
  select * into cur from public.seller_profile s where s.id = 1 for update;
  nxt := cur;
  nxt.id := 1;
  if profile ? 'legal_name' then nxt.legal_name := profile -> 'legal_name'; end if;
  if profile ? 'address' then nxt.address := profile -> 'address'; end if;
  if profile ? 'country' then nxt.country := profile ->> 'country'; end if;
  if profile ? 'tax_registrations' then nxt.tax_registrations := profile -> 'tax_registrations'; end if;
  nxt.address := coalesce(nxt.address, '{}');
  nxt.tax_registrations := coalesce(nxt.tax_registrations, '{}');

  if exists (select from jsonb_object_keys(profile) k where k not in ('legal_name', 'address', 'country', 'tax_registrations')) then
    errors := errors || 'only legal_name, address, country and tax_registrations'::text;
  end if;
  e := private.seller_text_error(nxt.legal_name, 'legal_name', 200, true);
  if e is not null then errors := errors || e; end if;
  e := private.seller_text_error(nxt.address, 'address', 500, false);
  if e is not null then errors := errors || e; end if;
  if coalesce(nxt.country, '') !~ '^[A-Z]{2}$' then
    errors := errors || 'country: an ISO 3166 alpha-2 code, e.g. OM'::text;
  end if;
  if jsonb_typeof(nxt.tax_registrations) <> 'object' then
    errors := errors || 'tax_registrations: an object {country: VAT number}'::text;
  else
    select errors || coalesce(array_agg(format('tax_registrations.%s: %s', x.key,
             case when x.key !~ '^[A-Z]{2}$' then 'the key is an ISO country code'
                  when x.key = 'SA' then 'a Saudi VAT number has 15 digits, the first and last being 3'
                  else 'letters and digits, at most 20' end) order by x.key), '{}')
    into errors
    from jsonb_each(nxt.tax_registrations) x
    where x.key !~ '^[A-Z]{2}$' or jsonb_typeof(x.value) <> 'string'
       or (x.key = 'SA' and (x.value #>> '{}') !~ '^3[0-9]{13}3$')
       or (x.value #>> '{}') !~ '^[A-Z0-9]{1,20}$';
  end if;
  if cardinality(errors) > 0 then
    perform private.fail('billing.invalid_seller_profile', 'the seller profile is not valid',
      array_to_string(errors, '; '));
  end if;

  insert into public.seller_profile as s (id, legal_name, address, country, tax_registrations, updated_at, updated_by)
  values (1, nxt.legal_name, nxt.address, nxt.country, nxt.tax_registrations, now(), auth.uid())
  on conflict (id) do update set legal_name = excluded.legal_name, address = excluded.address, country = excluded.country,
    tax_registrations = excluded.tax_registrations, updated_at = excluded.updated_at, updated_by = excluded.updated_by
  returning * into nxt;
  perform audit.record('seller_profile.update', 'seller_profile', '1',
    case when cur.id is not null then to_jsonb(cur) - 'updated_at' - 'updated_by' end,
    to_jsonb(nxt) - 'updated_at' - 'updated_by', null, reason);
  return to_jsonb(nxt);
end
$_$;

REVOKE ALL ON FUNCTION public.set_seller_profile(profile jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.set_seller_profile(profile jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_seller_profile(profile jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.set_seller_profile(profile jsonb, reason text) TO service_role;

COMMENT ON FUNCTION public.set_seller_profile(profile jsonb, reason text) IS 'Sets HQ''s seller profile (billing.write, audited): {legal_name {en, ar}, address {en, ar}, country, tax_registrations {CC: VAT number}}; keys left out keep their value. Invoices numbered afterwards carry it.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.set_seller_profile(profile jsonb, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_seller_profile(profile jsonb, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.set_seller_profile(profile jsonb, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.set_seller_profile(profile jsonb, reason text) TO service_role;
