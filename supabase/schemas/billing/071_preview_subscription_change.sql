-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.preview_subscription_change, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.preview_subscription_change(subscription_id, plan_code) $$;

CREATE FUNCTION private.preview_subscription_change(subscription_id uuid, plan_code text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  target jsonb;
begin
  perform private.assert_permission('billing.read');
  select * into s from public.subscriptions x where x.id = preview_subscription_change.subscription_id;
  if s.id is null then
    perform private.fail('billing.subscription_not_found', 'no such subscription');
  end if;
  target := private.plan_change_target(s, plan_code);
  return target || jsonb_build_object('subscription_id', s.id, 'status', s.status,
    'proration', case when s.status <> 'trialing' and target ->> 'direction' <> 'keep'
                      then private.plan_change_proration(s, (target ->> 'old_amount')::numeric, (target ->> 'new_amount')::numeric) end,
    'violations', to_jsonb(private.plan_violations(s.tenant_id, (target ->> 'plan_id')::uuid)));
end
$$;

REVOKE ALL ON FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) TO authenticated;
GRANT ALL ON FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) TO service_role;

COMMENT ON FUNCTION public.preview_subscription_change(subscription_id uuid, plan_code text) IS 'What changing a subscription to another plan would charge or credit now (proration), without changing anything (billing.read).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.preview_subscription_change(subscription_id uuid, plan_code text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.preview_subscription_change(subscription_id uuid, plan_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.preview_subscription_change(subscription_id uuid, plan_code text) TO authenticated;
GRANT ALL ON FUNCTION private.preview_subscription_change(subscription_id uuid, plan_code text) TO service_role;
