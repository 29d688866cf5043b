-- One plan-change rule (issue 13 §1): a tenant's plan changes through its subscription when it has
-- one (prorated, invoiced, entitlements at the effective time) and alone when it has none. The
-- tenant Entitlements tab calls change_plan, the Billing tab change_subscription_plan: after the
-- invoice run the plan sticks and is billed, whichever place changed it.
begin;
select plan(27);

-- the invoice run, drained (as the hourly schedule and the dispatcher would)
create function pg_temp.run() returns int language plpgsql as $$
declare n int; total int := 0;
begin
  perform private.enqueue_due_invoice_periods();
  loop
    n := private.dispatch('billing', 64);
    exit when n = 0;
    total := total + n;
  end loop;
  return total;
end $$;
grant execute on all functions in schema pg_temp to public;

select id as starter from public.plans where code = 'starter' and is_current \gset
select id as growth from public.plans where code = 'growth' and is_current \gset
select id as pro from public.plans where code = 'pro' and is_current \gset
select tests.create_staff('biz@pcr.test', 'biz_admin') as biz \gset
select tests.create_staff('tech@pcr.test', 'tech_admin') as tech \gset

select tests.freeze_time('2026-03-10 08:00:00+00');
select tests.create_tenant('pcr-ent') as t1 \gset
select tests.create_tenant('pcr-bill') as t2 \gset
select tests.create_tenant('pcr-free') as t3 \gset
select public.create_subscription(:'t1', 'starter', 'month', '[]', null, 0) ->> 'id' as s1 \gset
select public.create_subscription(:'t2', 'starter', 'month', '[]', null, 0) ->> 'id' as s2 \gset
select private.provision_entitlements(:'t3');

-- ── the Entitlements tab: change_plan on a tenant with a subscription ───────────────────────
select tests.authenticate_as(:'biz', 'aal2');
select public.change_plan(:'t1', 'growth', 'now', 'needs delivery') as r1 \gset
select tests.clear_authentication();
select is((:'r1'::jsonb) ->> 'billed', 'true', 'change_plan on a subscribed tenant goes through billing');
select is((select plan_id from public.subscriptions where id = :'s1'), :'growth'::uuid, 'the subscription carries the new plan');
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'growth'::uuid, 'the tenant''s plan follows at once');
select is((select plan_code from public.tenant_entitlements where tenant_id = :'t1'), 'growth', 'and so do its entitlements');
select is((select count(*) from public.invoices i join public.invoice_lines l on l.invoice_id = i.id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_update' and l.kind = 'proration'), 2::bigint,
          'the upgrade is prorated and invoiced at once (credit and charge lines)');

-- ── the Billing tab: change_subscription_plan ───────────────────────────────────────────────
select tests.authenticate_as(:'biz', 'aal2');
select public.change_subscription_plan(:'s2', 'pro', 'now', 'bigger shop') as r2 \gset
select tests.clear_authentication();
select is((select plan_id from public.tenant_plans where tenant_id = :'t2'), :'pro'::uuid, 'the Billing tab''s change moves the tenant''s plan');
select is((select count(*) from public.invoices where subscription_id = :'s2' and billing_reason = 'subscription_update'), 1::bigint,
          'and is invoiced');

-- ── no subscription: the plan alone ─────────────────────────────────────────────────────────
select tests.authenticate_as(:'biz', 'aal2');
select public.change_plan(:'t3', 'growth', 'now', 'pilot') as r3 \gset
select tests.clear_authentication();
select is((:'r3'::jsonb) ->> 'billed', 'false', 'without a subscription nothing is billed');
select is((:'r3'::jsonb) -> 'proration', 'null'::jsonb, 'and nothing is prorated');
select is((select plan_id from public.tenant_plans where tenant_id = :'t3'), :'growth'::uuid, 'the plan changes alone');
select is((select count(*) from public.invoices where tenant_id = :'t3'), 0::bigint, 'no invoice');

-- ── the invoice run: the plans stick and are billed ─────────────────────────────────────────
select tests.freeze_time('2026-04-10 09:00:00+00');
select cmp_ok(pg_temp.run(), '>=', 2, 'the run renews both subscriptions');
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'growth'::uuid,
          'after the run the Entitlements tab''s change sticks');
select is((select plan_code from public.tenant_entitlements where tenant_id = :'t1'), 'growth', 'with its entitlements');
select is((select l.source ->> 'plan_code' from public.invoices i join public.invoice_lines l on l.invoice_id = i.id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_cycle' and l.kind = 'plan'), 'growth',
          'and the renewal bills the new plan');
select is((select plan_id from public.tenant_plans where tenant_id = :'t2'), :'pro'::uuid, 'the Billing tab''s change sticks');
select is((select l.source ->> 'plan_code' from public.invoices i join public.invoice_lines l on l.invoice_id = i.id
           where i.subscription_id = :'s2' and i.billing_reason = 'subscription_cycle' and l.kind = 'plan'), 'pro',
          'and is billed at renewal');
select is((select plan_id from public.tenant_plans where tenant_id = :'t3'), :'growth'::uuid, 'the unsubscribed tenant keeps its plan');

-- ── a downgrade from the Entitlements tab waits for the period end, then is billed ──────────
select tests.authenticate_as(:'biz', 'aal2');
select public.change_plan(:'t1', 'starter', null, 'cost cutting') as r4 \gset
select tests.clear_authentication();
select is((:'r4'::jsonb) ->> 'status', 'scheduled', 'a downgrade through the subscription is scheduled for the period end');
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'growth'::uuid, 'until then the tenant keeps its plan');
select is((select pending_plan_id from public.subscriptions where id = :'s1'), :'starter'::uuid, 'the subscription holds the change');
select tests.freeze_time('2026-05-10 09:00:00+00');
select pg_temp.run();
select is((select plan_id from public.tenant_plans where tenant_id = :'t1'), :'starter'::uuid, 'at the period end the tenant moves');
select is((select l.source ->> 'plan_code' from public.invoices i join public.invoice_lines l on l.invoice_id = i.id
           where i.subscription_id = :'s1' and i.billing_reason = 'subscription_cycle' and l.kind = 'plan'
           order by i.period_start desc limit 1), 'starter', 'and the run bills the new plan');

-- ── preview and permissions ────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'biz', 'aal2');
select is(public.preview_plan_change(:'t2', 'growth') ->> 'billed', 'true', 'the preview says a subscribed tenant is billed');
select is(public.preview_plan_change(:'t3', 'pro') ->> 'billed', 'false', 'and an unsubscribed one is not');
select tests.authenticate_as(:'tech', 'aal2');
select is(tests.error_of(format($$select public.change_plan(%L, 'pro')$$, :'t2')), 'PT403 auth.permission_denied',
          'tech_admin may not change plans');
select tests.clear_authentication();
select is(tests.error_of(format($$select public.change_subscription_plan(%L, 'pro')$$, :'s2')), 'PT409 billing.same_plan',
          'both places refuse the plan the tenant is on');

select * from finish();
rollback;
