-- Entitlements under the tenant's lifecycle (suspended, frozen, draft, grace restrict the set) and
-- every limit type at, below and above its limit: hard, soft, billable overage; usage counting, breaches
-- and monthly periods.
begin;
select plan(25);

create function pg_temp.ver(t uuid) returns bigint language sql as $$
  select version from public.tenant_entitlements where tenant_id = t $$;

select tests.freeze_time('2026-11-10 12:00:00+00');
select tests.create_tenant('ent-b') as b \gset
select public.change_plan(:'b', 'starter');

-- ── lifecycle restriction ───────────────────────────────────────────────────────────────────
select pg_temp.ver(:'b') as vb \gset
update public.tenants set status = 'suspended' where id = :'b';
select ok(pg_temp.ver(:'b') > :vb, 'a status change rebuilds the set and bumps the version');
select is(public.entitlements(:'b') ->> 'status_restriction', 'suspended', 'status_restriction names the state');
select ok(not public.has_feature(:'b', 'module.workflow'), 'suspended: ordinary modules are off');
select ok(public.has_feature(:'b', 'module.orders') and public.has_feature(:'b', 'reports.export'),
          'suspended: features kept when suspended stay on');
select is(public.entitlements(:'b') -> 'sources' ->> 'module.workflow', 'restricted', 'the source says restricted');
select is(public.check_limit(:'b', 'max_orders_per_month') ->> 'outcome', 'blocked', 'suspended: limits block new usage');
select is(public.check_limit(:'b', 'max_orders_per_month', 0) ->> 'outcome', 'allowed', 'suspended: a zero request is not blocked');
update public.tenants set status = 'frozen' where id = :'b';
select ok(not public.has_feature(:'b', 'module.orders') and public.has_feature(:'b', 'reports.export'),
          'frozen: only data export survives');
update public.tenants set status = 'draft' where id = :'b';
select is(public.entitlements(:'b') -> 'modules', '[]'::jsonb, 'inactive (draft): nothing is on');
update public.tenants set status = 'active' where id = :'b';
select ok(public.has_feature(:'b', 'module.workflow'), 'reactivated: the full set is back');

-- ── limits: hard, soft, billable overage ────────────────────────────────────────────────────
-- starter: max_orders_per_month 1000 hard, storage_mb 2000 soft; whatsapp 0 + add-on 1000 overage at 0.010 OMR
select private.increment_usage(:'b', 'max_orders_per_month', 999);
select is(public.check_limit(:'b', 'max_orders_per_month', 1) ->> 'outcome', 'allowed', 'hard: reaching the limit exactly is allowed');
select is(public.check_limit(:'b', 'max_orders_per_month', 2) ->> 'outcome', 'blocked', 'hard: above the limit is blocked');
select is(public.check_limit(:'b', 'max_orders_per_month', 1) - 'period_start' - 'unit_price' - 'currency' - 'status_restriction' - 'overage_amount',
          '{"outcome":"allowed","reason":null,"limit_key":"max_orders_per_month","limit":1000,"type":"hard","used":999,"requested":1,
            "remaining":1,"period":"month","overage_units":0}'::jsonb, 'check_limit reports limit, used and remaining');
select is(private.increment_usage(:'b', 'max_orders_per_month', 2) ->> 'applied', 'false', 'a blocked increment is not counted');
select is((select used from public.usage_counters where tenant_id = :'b' and feature_key = 'max_orders_per_month'), 999::numeric,
          'usage is unchanged after the block');
select is((select outcome || ':' || requested from public.limit_breaches where tenant_id = :'b' and feature_key = 'max_orders_per_month'),
          'blocked:2', 'the block is recorded as a breach');
select private.increment_usage(:'b', 'storage_mb', 1999);
select is(public.check_limit(:'b', 'storage_mb', 1) ->> 'outcome', 'allowed', 'soft: at the limit is allowed');
select is(private.increment_usage(:'b', 'storage_mb', 5) ->> 'outcome', 'warn', 'soft: above the limit warns');
select is((select used from public.usage_counters where tenant_id = :'b' and feature_key = 'storage_mb'), 2004::numeric,
          'soft: the usage above the limit is counted');
select public.set_tenant_add_on(:'b', 'whatsapp_receipts', 1, 'receipts on WhatsApp');
select is(private.increment_usage(:'b', 'whatsapp_messages_per_month', 999) ->> 'outcome', 'allowed', 'overage: below the limit is allowed');
select is(private.increment_usage(:'b', 'whatsapp_messages_per_month', 6) - 'period_start' - 'status_restriction' - 'reason' - 'limit_key' - 'period',
          '{"outcome":"overage","limit":1000,"type":"overage","used":1005,"requested":6,"remaining":1,"overage_units":5,
            "unit_price":0.010,"currency":"OMR","overage_amount":0.050,"applied":true}'::jsonb,
          'overage: above the limit is allowed and priced (only the units over the limit)');
select is((select amount from public.limit_breaches where tenant_id = :'b' and outcome = 'overage'), 0.050::numeric(14,3),
          'the overage is recorded for billing');
update public.tenants set status = 'grace' where id = :'b';
select is(public.check_limit(:'b', 'whatsapp_messages_per_month', 1) ->> 'reason', 'tenant.grace',
          'grace: billable overage turns into a block');
select is(private.increment_usage(:'b', 'storage_mb', -10) ->> 'used', '1994', 'a negative amount releases usage');
select tests.freeze_time('2026-12-01 00:00:01+00');
select is(public.check_limit(:'b', 'max_orders_per_month') ->> 'used', '0', 'monthly limits start over in the next period');

select * from finish();
rollback;
