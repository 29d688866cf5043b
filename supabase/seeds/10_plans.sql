-- Demo plans, add-ons, grants, usage and feature flags for the seeded tenants (issue 6). The plan
-- catalogue itself ships in the migration. Idempotent: each tenant's demo set is applied once
-- (marked by a plan change with reason 'demo seed'); flags are inserted with ON CONFLICT DO NOTHING.

do $$
declare
  noor uuid := '10000000-0000-4000-a000-000000000001';     -- active
  crystal uuid := '10000000-0000-4000-a000-000000000002';  -- trial
  fresh uuid := '10000000-0000-4000-a000-000000000003';    -- grace
begin
  if exists (select from public.tenants where id = noor)
     and not exists (select from public.plan_changes where tenant_id = noor and reason = 'demo seed') then
    perform public.change_plan(noor, 'growth', 'now', 'demo seed');
    perform public.set_tenant_add_on(noor, 'extra_branch', 1, 'demo seed');
    perform public.set_tenant_add_on(noor, 'whatsapp_receipts', 1, 'demo seed');
    perform public.grant_feature(noor, 'delivery.routing', 'demo seed: route optimisation pilot', 'true', now() + interval '30 days');
    perform private.increment_usage(noor, 'max_users', 9);
    perform private.increment_usage(noor, 'max_branches', 3);
    perform private.increment_usage(noor, 'max_orders_per_month', 3120);
    perform private.increment_usage(noor, 'storage_mb', 6400);
    perform private.increment_usage(noor, 'whatsapp_messages_per_month', 1040);  -- 40 billable overage messages
  end if;
  if exists (select from public.tenants where id = crystal)
     and not exists (select from public.plan_changes where tenant_id = crystal and reason = 'demo seed') then
    perform public.change_plan(crystal, 'pro', 'now', 'demo seed');
    perform public.revoke_feature(crystal, 'module.b2b', 'demo seed: not during the trial');
    perform private.increment_usage(crystal, 'max_users', 4);
    perform private.increment_usage(crystal, 'max_orders_per_month', 260);
  end if;
  if exists (select from public.tenants where id = fresh)
     and not exists (select from public.plan_changes where tenant_id = fresh and reason = 'demo seed') then
    perform public.change_plan(fresh, 'growth', 'now', 'demo seed');
    perform private.increment_usage(fresh, 'max_users', 12);
    perform private.increment_usage(fresh, 'storage_mb', 10400);  -- over the soft limit: a warning breach
    perform private.increment_usage(fresh, 'sms_per_month', 520);    -- in grace: the overage is blocked
  end if;
end
$$;

insert into public.feature_flags (key, description, killed, default_enabled, rules) values
  ('orders.new-checkout', '{"en":"The redesigned order checkout","ar":"صفحة الدفع الجديدة"}', false, false,
   '[{"type":"tenant_allow","tenants":["10000000-0000-4000-a000-000000000001"]},{"type":"percentage","percentage":25}]'),
  ('invoicing.zatca-phase2', '{"en":"ZATCA phase 2 integration","ar":"المرحلة الثانية من فاتورة"}', false, false,
   '[{"type":"region","regions":["GCC-SA"],"enabled":true}]'),
  ('ui.dark-mode', '{"en":"Dark mode in the tenant app","ar":"الوضع الداكن"}', false, true, '[]'),
  ('delivery.live-tracking', '{"en":"Live driver tracking","ar":"تتبع السائق المباشر"}', true, false,
   '[{"type":"plan","plans":["pro","enterprise"]}]')
on conflict (key) do nothing;
