-- The lifecycle calendar (issue 13 §2): trial reminders (7/3/1 days), trial end → active with a
-- chargeable subscription or grace without one, the calendar's grace → suspended (or back to
-- active once chargeable), archived → churned after the retention period. Through the jobs
-- backbone: idempotent, audited, in the job history.
begin;
select plan(27);

-- one calendar round: the hourly job, then every job it enqueued
create function pg_temp.run(round text) returns int language plpgsql as $$
declare n int; total int := 0;
begin
  perform private.enqueue('lifecycle', 'lifecycle.calendar', '{}'::jsonb, 'lifecycle.calendar:test:' || round);
  loop
    n := private.dispatch('lifecycle', 64);
    exit when n = 0;
    total := total + n;
  end loop;
  return total;
end $$;
create function pg_temp.status(t uuid) returns text language sql as $$ select status from public.tenants where id = t $$;

select tests.freeze_time('2026-06-01 08:00:00+00');
select tests.create_tenant('cal-convert', 'trial') as conv \gset
select tests.create_tenant('cal-grace', 'trial') as grace \gset
select tests.create_tenant('cal-late-pay', 'trial') as late \gset
select tests.create_tenant('cal-future', 'trial') as future \gset
select tests.create_tenant('cal-other-grace', 'grace') as other \gset
select tests.create_tenant('cal-arch-old', 'archived') as arch_old \gset
select tests.create_tenant('cal-arch-new', 'archived') as arch_new \gset
update public.tenants set trial_ends_at = '2026-06-01 07:00:00+00' where id in (:'conv', :'grace', :'late');
update public.tenants set trial_ends_at = '2026-06-03 20:00:00+00' where id = :'future';  -- 2.5 days away
update public.tenants set status_changed_at = '2026-03-01 08:00:00+00' where id = :'arch_old';  -- 92 days ago
update public.tenants set status_changed_at = '2026-05-20 08:00:00+00' where id = :'arch_new';
insert into public.tenant_status_history (tenant_id, from_status, to_status, action, reason)
values (:'other', 'active', 'grace', 'enter_grace', 'an operator''s hold');
-- conv: a paid subscription with a saved card; late: a paid subscription without one (yet)
select public.create_subscription(:'conv', 'starter', 'month', '[]', null, 5) ->> 'id' as conv_sub \gset
select public.create_subscription(:'late', 'starter', 'month', '[]', null, 5) ->> 'id' as late_sub \gset
insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, is_default)
values (:'conv', 'stripe', 'cus_cal', 'pm_cal_conv', true);

-- ── the first round ─────────────────────────────────────────────────────────────────────────
select cmp_ok(pg_temp.run('1'), '>=', 6, 'the calendar job and one job per due tenant ran');
select is(pg_temp.status(:'conv'), 'active', 'a trial that ended with a chargeable subscription converts to active');
select is(pg_temp.status(:'grace'), 'grace', 'a trial that ended without a subscription goes to grace');
select is(pg_temp.status(:'late'), 'grace', 'a subscription nothing can charge is not enough');
select is(pg_temp.status(:'future'), 'trial', 'a trial that has not ended is left alone');
select is(pg_temp.status(:'arch_old'), 'churned', 'an archived tenant past the retention period churns');
select is(pg_temp.status(:'arch_new'), 'archived', 'one archived 12 days ago does not');
select is((select array_agg(days_before order by days_before) from public.tenant_reminders where tenant_id = :'future'), array[3],
          'a trial ending in 2.5 days gets its 3-day reminder (not the 7-day one)');
select is((select count(*) from public.tenant_reminders where tenant_id in (:'conv', :'grace', :'late')), 0::bigint,
          'ended trials get no reminder');
select ok(exists (select from audit.log where action = 'tenant.activate' and tenant_id = :'conv'), 'the conversion is audited');
select ok(exists (select from audit.log where action = 'tenant.enter_grace' and tenant_id = :'grace'), 'the grace is audited');
select ok(exists (select from audit.log where action = 'tenant.trial_reminder' and tenant_id = :'future'), 'the reminder is audited');
select is((select reason from public.tenant_status_history where tenant_id = :'arch_old' order by id desc limit 1),
          'calendar: retention period after archiving ended', 'the status history says why');
select is((select count(*) from private.job_runs where job_type in ('lifecycle.trial_end', 'lifecycle.churn') and outcome = 'succeeded'
           and started_at >= now() - interval '1 hour'), 4::bigint, 'each move is a job in the job history');

-- ── idempotent ──────────────────────────────────────────────────────────────────────────────
select pg_temp.run('1b');
select private.end_tenant_trial(:'conv') is null as noop \gset
select ok(:'noop', 'a duplicate trial-end job does nothing');
select is((select count(*) from public.lifecycle_calendar_actions where tenant_id in (:'conv', :'grace', :'late', :'arch_old')), 4::bigint,
          'a second round moves nobody twice');
select is((select count(*) from public.tenant_reminders where tenant_id = :'future'), 1::bigint, 'nor records a reminder twice');

-- ── two days later: the next reminder ───────────────────────────────────────────────────────
select tests.freeze_time('2026-06-03 08:00:00+00');
select pg_temp.run('2');
select is((select array_agg(days_before order by days_before) from public.tenant_reminders where tenant_id = :'future'), array[1, 3],
          'then the 1-day reminder');
select is((select params ->> 'days' from public.tenant_reminders where tenant_id = :'future' and days_before = 1), '1',
          'with its parameters for the notification');
select is(pg_temp.status(:'grace'), 'grace', 'the trial grace lasts its 7 days');

-- ── the trial grace ends ───────────────────────────────────────────────────────────────────
insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, is_default)
values (:'late', 'stripe', 'cus_late', 'pm_cal_late', true);
select tests.freeze_time('2026-06-08 09:00:00+00');
select pg_temp.run('3');
select is(pg_temp.status(:'grace'), 'suspended', 'still nothing to charge after the grace: suspended');
select is(pg_temp.status(:'late'), 'active', 'a card saved during the grace: back to active');
select is(pg_temp.status(:'other'), 'grace', 'a grace the calendar did not put in place is left alone');
select is((select array_agg(action order by id) from public.lifecycle_calendar_actions where tenant_id = :'grace'),
          array['trial_grace', 'grace_suspend'], 'the calendar records its moves');
select pg_temp.run('3b');
select is((select count(*) from public.lifecycle_calendar_actions where tenant_id = :'grace'), 2::bigint, 'and makes each once');

-- ── the schedule ───────────────────────────────────────────────────────────────────────────
select ok(exists (select from cron.job where jobname = 'lifecycle.calendar'), 'the calendar is scheduled');
select is((select trial_reminder_days from public.lifecycle_calendar_policy), array[7, 3, 1], 'the documented reminder days');

select * from finish();
rollback;
