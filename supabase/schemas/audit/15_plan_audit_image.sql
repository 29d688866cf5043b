CREATE FUNCTION private.plan_audit_image(plan_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return (
    select jsonb_build_object('name', p.name, 'description', p.description, 'tier', p.tier,
                              'trial_days', p.trial_days, 'is_default', p.is_default)
           || coalesce((select jsonb_object_agg(format('prices.%s.%s', pp.currency, pp.interval), pp.amount)
                        from public.plan_prices pp where pp.plan_id = p.id), '{}')
           || coalesce((select jsonb_object_agg(case when pf.limit_type is null then 'features.' else 'limits.' end || pf.feature_key,
                                                case when pf.limit_type is null then pf.value
                                                     else jsonb_build_object('limit', pf.value, 'type', pf.limit_type,
                                                                             'overage_prices', pf.overage_prices) end)
                        from public.plan_features pf where pf.plan_id = p.id), '{}')
    from public.plans p where p.id = plan_audit_image.plan_id);
end
$$;

REVOKE ALL ON FUNCTION private.plan_audit_image(plan_id uuid) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plan_audit_image(plan_id uuid) FROM PUBLIC;

COMMENT ON FUNCTION private.plan_audit_image(plan_id uuid) IS 'A plan as a flat definition image for the audit log: name, description, tier, trial_days, is_default, prices.<CUR>.<interval>, features.<key>, limits.<key>.';
