CREATE FUNCTION private.set_override(tenant_id uuid, feature_key text, kind text, value jsonb, reason text, expires_at timestamp with time zone) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  f public.features;
  e text;
  previous public.entitlement_overrides;
  new_id uuid;
begin
  perform private.assert_permission('plans.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  perform private.assert_json_size(value, 'the value');
  perform private.assert_tenant_exists(tenant_id);
  select * into f from public.features x where x.key = feature_key;
  if f.key is null then perform private.unknown_feature(feature_key); end if;
  if kind = 'grant' then
    e := private.feature_value_error(f, value);
    if e is not null then
      perform private.fail('entitlements.invalid_value', format('bad value for %s', feature_key), e);
    end if;
  end if;
  if length(trim(coalesce(reason, ''))) < 3 then
    perform private.fail('entitlements.reason_required', 'a reason is required');
  end if;
  if expires_at is not null and expires_at <= private.now() then
    perform private.fail('entitlements.invalid_expiry', 'the expiry must be in the future');
  end if;
  update public.entitlement_overrides o set removed_at = private.now(), removed_by = auth.uid()
  where o.tenant_id = set_override.tenant_id and o.feature_key = set_override.feature_key and o.removed_at is null
  returning * into previous;
  insert into public.entitlement_overrides (tenant_id, feature_key, kind, value, reason, actor_id, created_at, expires_at)
  values (tenant_id, feature_key, kind, case when kind = 'grant' then value end, trim(reason), auth.uid(), private.now(), expires_at)
  returning id into new_id;
  perform audit.record('entitlement.' || kind, 'tenant', tenant_id::text, to_jsonb(previous),
                       jsonb_build_object('feature', feature_key, 'value', value, 'expires_at', expires_at), tenant_id, reason);
  perform private.refresh_entitlements(tenant_id, 'entitlement.' || kind);
  return new_id;
end
$$;

REVOKE ALL ON FUNCTION private.set_override(tenant_id uuid, feature_key text, kind text, value jsonb, reason text, expires_at timestamp with time zone) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.set_override(tenant_id uuid, feature_key text, kind text, value jsonb, reason text, expires_at timestamp with time zone) FROM PUBLIC;
