-- Daily snapshots: one hand-computed day, idempotency (a second run writes nothing), back-fill of a
-- range and its refusals (ten years, inverted, future, no right), the nightly job and retention.
begin;
select plan(14);

select tests.create_tenant('snap-a') as a \gset
update public.tenants set created_at = '2026-03-01 08:00+00' where id = :'a';
insert into public.tenant_status_history (tenant_id, to_status, action, changed_at) values
  (:'a', 'active', 'seed', '2026-03-01 09:00+00'), (:'a', 'suspended', 'seed', '2026-03-10 12:00+00');
select tests.create_user('m1@snap.test') as m1 \gset
select tests.create_user('m2@snap.test') as m2 \gset
select tests.add_member(:'a', :'m1'), tests.add_member(:'a', :'m2');
update public.tenant_members set created_at = '2026-03-02 10:00+00' where user_id = :'m1';
update public.tenant_members set created_at = '2026-03-09 10:00+00' where user_id = :'m2';
insert into public.usage_counters (tenant_id, feature_key, period_start, used) values
  (:'a', 'storage_mb', '1970-01-01', 120), (:'a', 'sms_per_month', '2026-03-01', 7),
  (:'a', 'whatsapp_messages_per_month', '2026-03-01', 5), (:'a', 'api_calls_per_month', '2026-03-01', 40),
  (:'a', 'api_calls_per_month', '2026-02-01', 999);
insert into public.limit_breaches (tenant_id, feature_key, period_start, outcome, limit_type, limit_value, used_before, requested, created_at)
values (:'a', 'storage_mb', '1970-01-01', 'warn', 'soft', 100, 100, 20, '2026-03-09 13:00+00'),
       (:'a', 'storage_mb', '1970-01-01', 'warn', 'soft', 100, 120, 1, '2026-03-10 13:00+00');
insert into public.support_tickets (tenant_id, subject, created_at, solved_at) values
  (:'a', 'one', '2026-03-09 01:00+00', null), (:'a', 'two', '2026-03-08 01:00+00', '2026-03-09 05:00+00'),
  (:'a', 'three', '2026-03-07 01:00+00', '2026-03-10 05:00+00');

select is(private.snapshot_day('2026-03-09') >= 1, true, 'the day is written');
select is(
  (select jsonb_build_object('status', status, 'users', active_users, 'storage', storage_mb, 'messages', messages,
     'api', api_calls, 'breaches', limit_breaches, 'opened', tickets_opened, 'open', tickets_open, 'mrr', mrr, 'orders', orders)
   from public.tenant_daily_snapshots where tenant_id = :'a' and day = '2026-03-09'),
  '{"status": "active", "users": 2, "storage": 120, "messages": 12, "api": 40, "breaches": 1, "opened": 1, "open": 2, "mrr": 0, "orders": 0}'::jsonb,
  'the hand-computed snapshot of 9 March: status then, members by then, counters of the March period, that day''s breaches and tickets');
select is((select status from public.tenant_daily_snapshots where tenant_id = :'a' and day = '2026-03-09'), 'active',
  'the status is the one at the end of the day, not the current one');
select is((select count(*)::int from public.tenant_daily_snapshots where tenant_id = :'a' and day = '2026-02-28'), 0,
  'no row for a day before the tenant existed');

-- Idempotency: the second run changes nothing (no row rewritten, computed_at kept).
select computed_at as first_at from public.tenant_daily_snapshots where tenant_id = :'a' and day = '2026-03-09' \gset
select is(private.snapshot_day('2026-03-09'), 0, 'running the same day again writes no row');
select is((select computed_at from public.tenant_daily_snapshots where tenant_id = :'a' and day = '2026-03-09'), :'first_at'::timestamptz,
  'and leaves the row as it was');
select is((select count(*)::int from public.tenant_daily_snapshots where tenant_id = :'a' and day = '2026-03-09'), 1, 'one row per tenant and day');

-- Back-fill: a range, as HQ staff with analytics.write; repeated, it writes nothing more.
select tests.create_staff('biz@snap.test', 'biz_admin') as biz \gset
select tests.create_staff('sup@snap.test', 'support') as sup \gset
select tests.authenticate_as(:'biz', 'aal2');
select cmp_ok(public.backfill_snapshots('2026-03-08', '2026-03-11'), '>=', 4, 'a four-day back-fill writes the tenant''s four days');
select is(public.backfill_snapshots('2026-03-08', '2026-03-11'), 0, 'the same back-fill again writes nothing');
select is(tests.error_of($$ select public.backfill_snapshots('2016-01-01', '2026-01-01') $$), '22023 analytics.range_too_long',
  'ten years at once are refused with a clear code');
select is(tests.error_of($$ select public.backfill_snapshots('2026-03-11', '2026-03-08') $$), '22023 analytics.invalid_range',
  'an inverted range is refused');
select is(tests.error_of($$ select public.backfill_snapshots(current_date, current_date + 3) $$), '22023 analytics.invalid_range',
  'future days are refused');
select tests.clear_authentication();
select is(tests.error_of(:'sup', 'aal2', $$ select public.backfill_snapshots('2026-03-08', '2026-03-09') $$),
  tests.error_of(:'sup', 'aal2', $$ select public.backfill_snapshots('2016-03-08', '2026-03-09') $$),
  'without analytics.write the refusal is the same whatever the range');

-- The nightly job snapshots the day of its payload and prunes rows past the retention setting.
insert into public.tenant_daily_snapshots (tenant_id, day, status, currency) values (:'a', current_date - 2000, 'active', 'OMR');
select private.job_snapshot_daily(jsonb_build_object('day', current_date - 1), '{}');
select is((select array[count(*) filter (where day = current_date - 1), count(*) filter (where day = current_date - 2000)]::int[]
           from public.tenant_daily_snapshots where tenant_id = :'a'), array[1, 0],
  'the job writes yesterday and deletes what is older than the retention');

select * from finish();
rollback;
