-- Limits counted where the usage happens (issue 13 §3): create_order counts max_orders_per_month
-- and answers per the limit type (hard refused with the limit named, soft allowed with a warning,
-- overage allowed and recorded for billing); adding a tenant member counts max_users.
begin;
select plan(32);

-- a plan like Starter whose max_orders_per_month and max_users are 2, of the given type
create function pg_temp.plan_with(p_code text, p_type text) returns void language plpgsql as $$
declare starter uuid := (select x.id from public.plans x where x.code = 'starter' and x.is_current); p uuid;
begin
  insert into public.plans (code, name, tier, trial_days) values (p_code, jsonb_build_object('en', p_code), 1, 0) returning id into p;
  insert into public.plan_prices (plan_id, currency, interval, amount) select p, currency, interval, amount from public.plan_prices where plan_id = starter;
  insert into public.plan_features (plan_id, feature_key, value, limit_type, overage_prices)
  select p, feature_key,
         case when feature_key in ('max_orders_per_month', 'max_users') then '2'::jsonb else value end,
         case when feature_key in ('max_orders_per_month', 'max_users') then p_type else plan_features.limit_type end,
         case when feature_key in ('max_orders_per_month', 'max_users') and p_type = 'overage' then '{"OMR": 0.050}'::jsonb else overage_prices end
  from public.plan_features where plan_id = starter;
end $$;
create function pg_temp.order(t uuid, n text) returns jsonb language sql as $$
  select public.create_order(t, 'wash_iron', n, 'Limit Customer')
$$;

select tests.freeze_time('2026-07-15 08:00:00+00');
select pg_temp.plan_with('lim_hard', 'hard'), pg_temp.plan_with('lim_soft', 'soft'), pg_temp.plan_with('lim_over', 'overage');
select tests.create_tenant('lim-hard') as hard \gset
select tests.create_tenant('lim-soft') as soft \gset
select tests.create_tenant('lim-over') as over \gset
select tests.create_tenant('lim-noplan') as noplan \gset
select public.change_plan(:'hard', 'lim_hard'), public.change_plan(:'soft', 'lim_soft'), public.change_plan(:'over', 'lim_over');

-- ── orders: hard ────────────────────────────────────────────────────────────────────────────
select is(pg_temp.order(:'hard', 'H-1') -> 'limit' ->> 'outcome', 'allowed', 'the first order is within the limit');
select is(pg_temp.order(:'hard', 'H-2') -> 'warnings', '[]'::jsonb, 'the second fills it, without a warning');
select is(split_part(tests.error_of(format($$select public.create_order(%L, 'wash_iron', 'H-3', 'X')$$, :'hard'), '{sqlstate} {detail} | {message}'), ' | ', 1),
          'PT409 entitlements.limit_reached', 'the third is refused by the hard limit');
select matches(split_part(tests.error_of(format($$select public.create_order(%L, 'wash_iron', 'H-3', 'X')$$, :'hard'), '{sqlstate} {detail} | {message}'), ' | ', 2),
          'max_orders_per_month', 'the refusal names the limit');
select is((select count(*) from public.orders where tenant_id = :'hard'), 2::bigint, 'no order is written past a hard limit');
select is((select used from public.usage_counters where tenant_id = :'hard' and feature_key = 'max_orders_per_month'), 2::numeric,
          'the month''s counter counts the orders');
select is((public.check_limit(:'hard', 'max_orders_per_month') ->> 'outcome'), 'blocked', 'check_limit agrees');

-- ── orders: soft ────────────────────────────────────────────────────────────────────────────
select pg_temp.order(:'soft', 'S-1'), pg_temp.order(:'soft', 'S-2');
select pg_temp.order(:'soft', 'S-3') as s3 \gset
select ok((:'s3'::jsonb) ->> 'id' is not null, 'past a soft limit the order is created');
select is((:'s3'::jsonb) -> 'warnings' -> 0 ->> 'code', 'limit.soft_exceeded', 'with a warning in the answer');
select is((:'s3'::jsonb) -> 'warnings' -> 0 ->> 'limit_key', 'max_orders_per_month', 'naming the limit');
select is((select count(*) from public.limit_breaches where tenant_id = :'soft' and outcome = 'warn'), 1::bigint, 'and a warn breach is kept');

-- ── orders: overage ─────────────────────────────────────────────────────────────────────────
select pg_temp.order(:'over', 'O-1'), pg_temp.order(:'over', 'O-2');
select pg_temp.order(:'over', 'O-3') as o3 \gset
select is((:'o3'::jsonb) -> 'limit' ->> 'outcome', 'overage', 'past an overage limit the order is created as overage');
select is((select row(overage_units, unit_price, amount, currency, billed_at)::text from public.limit_breaches
           where tenant_id = :'over' and feature_key = 'max_orders_per_month' and outcome = 'overage'),
          row(1::numeric, 0.050::numeric, 0.050::numeric, 'OMR', null::timestamptz)::text, 'recorded for billing: 1 order at 0.050 OMR, unbilled');
select is((select count(*) from public.orders where tenant_id = :'over'), 3::bigint, 'all three orders exist');

-- ── orders: grace turns overage into a hard stop ────────────────────────────────────────────
update public.tenants set status = 'grace' where id = :'over';
select is(split_part(tests.error_of(format($$select public.create_order(%L, 'wash_iron', 'O-4', 'X')$$, :'over'), '{sqlstate} {detail} | {message}'), ' | ', 1),
          'PT409 entitlements.limit_reached', 'in grace no billable overage: refused');
update public.tenants set status = 'active' where id = :'over';

-- ── orders: a new month starts a new count ──────────────────────────────────────────────────
select tests.freeze_time('2026-08-01 00:00:01+00');
select is(pg_temp.order(:'hard', 'H-4') -> 'limit' ->> 'used', '1', 'the next month counts from zero');

-- ── users ───────────────────────────────────────────────────────────────────────────────────
select tests.create_user('u1@lim.test') as u1 \gset
select tests.create_user('u2@lim.test') as u2 \gset
select tests.create_user('u3@lim.test') as u3 \gset
select tests.add_member(:'hard', :'u1', 'owner'), tests.add_member(:'hard', :'u2', 'operator');
select is((select used from public.usage_counters where tenant_id = :'hard' and feature_key = 'max_users'), 2::numeric,
          'members count against max_users');
select is(split_part(tests.error_of(format($$select tests.add_member(%L, %L, 'viewer')$$, :'hard', :'u3'), '{sqlstate} {detail} | {message}'), ' | ', 1),
          'PT409 entitlements.limit_reached', 'a third member is refused by the hard limit');
select matches(split_part(tests.error_of(format($$select tests.add_member(%L, %L, 'viewer')$$, :'hard', :'u3'), '{sqlstate} {detail} | {message}'), ' | ', 2),
          'max_users', 'naming max_users');
select is((select count(*) from public.tenant_members where tenant_id = :'hard'), 2::bigint, 'and not added');
delete from public.tenant_members where tenant_id = :'hard' and user_id = :'u2';
select is((select used from public.usage_counters where tenant_id = :'hard' and feature_key = 'max_users'), 1::numeric,
          'a member removed frees a unit');
select is(tests.error_of(format($$select tests.add_member(%L, %L, 'viewer')$$, :'hard', :'u3'), '{sqlstate} {detail} | {message}'), 'ok', 'so the next one fits');

select tests.add_member(:'soft', :'u1', 'owner'), tests.add_member(:'soft', :'u2', 'operator');
select is(tests.error_of(format($$select tests.add_member(%L, %L, 'viewer')$$, :'soft', :'u3'), '{sqlstate} {detail} | {message}'), 'ok', 'a soft max_users lets a third member in');
select is((select count(*) from public.limit_breaches where tenant_id = :'soft' and feature_key = 'max_users' and outcome = 'warn'), 1::bigint,
          'with a warn breach');

select tests.add_member(:'over', :'u1', 'owner'), tests.add_member(:'over', :'u2', 'operator');
select is(tests.error_of(format($$select tests.add_member(%L, %L, 'viewer')$$, :'over', :'u3'), '{sqlstate} {detail} | {message}'), 'ok', 'an overage max_users lets a third member in');
select is((select amount from public.limit_breaches where tenant_id = :'over' and feature_key = 'max_users' and outcome = 'overage'), 0.050::numeric,
          'recorded for billing');

-- a stale counter (the demo seed sets counters directly) is corrected by the next member change
update public.usage_counters set used = 40 where tenant_id = :'hard' and feature_key = 'max_users';
delete from public.tenant_members where tenant_id = :'hard' and user_id = :'u3';
select is((select used from public.usage_counters where tenant_id = :'hard' and feature_key = 'max_users'), 1::numeric,
          'the gauge follows the real number of members');

-- a suspended tenant keeps managing its people (every limit "blocks new usage" in suspension, but
-- membership is not usage): counted, not refused, no breach
select tests.create_tenant('lim-susp', 'suspended') as susp \gset
select public.change_plan(:'susp', 'lim_hard');
select tests.add_member(:'susp', :'u1', 'owner');
select is(tests.error_of(format($$select tests.add_member(%L, %L, 'admin')$$, :'susp', :'u2'), '{sqlstate} {detail} | {message}'), 'ok',
          'the lifecycle does not stop membership changes');
select is((select used from public.usage_counters where tenant_id = :'susp' and feature_key = 'max_users'), 2::numeric, 'they are counted');
select is((select count(*) from public.limit_breaches where tenant_id = :'susp'), 0::bigint, 'without a breach');

-- not on a plan yet: nothing to count against
select tests.add_member(:'noplan', :'u1', 'owner'), tests.add_member(:'noplan', :'u2', 'operator');
select is(tests.error_of(format($$select tests.add_member(%L, %L, 'viewer')$$, :'noplan', :'u3'), '{sqlstate} {detail} | {message}'), 'ok',
          'a tenant without a plan is not limited');
select is((select count(*) from public.usage_counters where tenant_id = :'noplan'), 0::bigint, 'nor counted');

select * from finish();
rollback;
