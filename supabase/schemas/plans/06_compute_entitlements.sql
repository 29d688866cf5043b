CREATE FUNCTION private.compute_entitlements(tenant_id uuid, with_plan_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with t as (
    select t.id, t.status, t.currency, private.status_restriction(t.status) as restriction
    from public.tenants t where t.id = compute_entitlements.tenant_id
  ), p as (
    select pl.id, pl.code, pl.version from public.plans pl
    where pl.id = coalesce(with_plan_id, (select tp.plan_id from public.tenant_plans tp where tp.tenant_id = compute_entitlements.tenant_id))
  ), ao as (
    select a.add_on_code, a.quantity from public.tenant_add_ons a
    where a.tenant_id = compute_entitlements.tenant_id and (a.expires_at is null or a.expires_at > private.now())
  ), ov as (
    select o.feature_key, o.kind, o.value, o.expires_at from public.entitlement_overrides o
    where o.tenant_id = compute_entitlements.tenant_id and o.removed_at is null
      and (o.expires_at is null or o.expires_at > private.now())
  ), raw as (
    select f.key, f.type, f.kept_when, f.period, f.default_value,
           coalesce(pf.limit_type, f.default_limit_type) as limit_type,
           pf.overage_prices,
           ov.kind,
           case
             when ov.kind = 'revoke' then case f.type when 'boolean' then 'false'::jsonb when 'limit' then '0'::jsonb else f.default_value end
             when ov.kind = 'grant' then ov.value
             when f.type = 'boolean' then to_jsonb(coalesce(pf.value, f.default_value) = 'true'::jsonb or coalesce(a.any_true, false))
             when f.type = 'limit' then case when jsonb_typeof(coalesce(pf.value, f.default_value)) = 'null' then 'null'::jsonb
                                             else to_jsonb(coalesce(pf.value, f.default_value)::numeric + coalesce(a.extra, 0)) end
             else coalesce(a.enum_value, pf.value, f.default_value)
           end as value,
           case when ov.kind is not null then ov.kind
                when a.add_on_code is not null then 'add_on'
                when pf.feature_key is not null then 'plan'
                else 'default' end as source
    from public.features f
    left join public.plan_features pf on pf.plan_id = (select p.id from p) and pf.feature_key = f.key
    left join ov on ov.feature_key = f.key
    left join lateral (
      select bool_or(af.value = 'true'::jsonb) as any_true,
             sum(case when jsonb_typeof(af.value) = 'number' then af.value::numeric * ao.quantity end) as extra,
             max(af.value::text) filter (where jsonb_typeof(af.value) = 'string')::jsonb as enum_value,
             min(ao.add_on_code) as add_on_code
      from public.add_on_features af join ao on ao.add_on_code = af.add_on_code
      where af.feature_key = f.key
        and (af.value = 'true'::jsonb or jsonb_typeof(af.value) in ('number', 'string'))
    ) a on true
  ), eff as (
    select r.*,
           case when t.restriction is null or t.restriction = 'grace' then false
                when t.restriction = 'suspended' then r.kept_when = 'never'
                when t.restriction = 'frozen' then r.kept_when <> 'frozen'
                else true end as restricted
    from raw r cross join t
  )
  select jsonb_build_object(
    'tenant_id', t.id,
    'plan', (select p.code from p),
    'plan_version', (select p.version from p),
    'status', t.status,
    'status_restriction', t.restriction,
    'add_ons', coalesce((select jsonb_agg(jsonb_build_object('code', ao.add_on_code, 'quantity', ao.quantity) order by ao.add_on_code) from ao), '[]'),
    'modules', coalesce((select jsonb_agg(substr(e.key, 8) order by e.key) from eff e
                         where e.key like 'module.%' and e.type = 'boolean' and e.value = 'true'::jsonb and not e.restricted), '[]'),
    'features', (select jsonb_object_agg(e.key,
                   case when not e.restricted or e.type = 'limit' then e.value
                        when e.type = 'boolean' then 'false'::jsonb else e.default_value end) from eff e),
    'sources', (select jsonb_object_agg(e.key, case when e.restricted and e.type <> 'limit' then 'restricted' else e.source end) from eff e),
    'limits', coalesce((select jsonb_object_agg(e.key, jsonb_build_object(
                 'limit', e.value, 'type', e.limit_type, 'period', e.period, 'source', e.source,
                 'restricted', e.restricted or (t.restriction is not null and t.restriction <> 'grace'),
                 'unit_price', (e.overage_prices ->> t.currency)::numeric, 'currency', t.currency))
               from eff e where e.type = 'limit'), '{}')
  )
  from t
$$;

REVOKE ALL ON FUNCTION private.compute_entitlements(tenant_id uuid, with_plan_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.compute_entitlements(tenant_id uuid, with_plan_id uuid) FROM PUBLIC;
