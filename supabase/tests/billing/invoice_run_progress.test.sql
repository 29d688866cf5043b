-- Progress of an invoice run for the console's *Run invoicing now* (issue 13 §8).
begin;
select plan(7);

select tests.create_staff('irp-biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('irp-tech@hq.test', 'tech_admin') as tech \gset
select tests.create_tenant('irp-one') as t1 \gset
select tests.freeze_time('2026-03-01 06:00:00+00');
select tests.authenticate_as(:'biz', 'aal2');
select public.create_subscription(:'t1', 'growth', trial_days => 0) ->> 'id' as s1 \gset
select tests.clear_authentication();
-- a month later its period has ended: one period is due
select tests.freeze_time('2026-04-02 06:00:00+00');
select tests.authenticate_as(:'biz', 'aal2');
select now() as since \gset
select is((public.invoice_run_progress(:'since') ->> 'remaining')::int >= 1, true, 'the ended period is due');
select ok((public.start_invoice_run() ->> 'enqueued')::int >= 1, 'the run enqueues it');
select tests.clear_authentication();
select private.dispatch('billing', 64);
select tests.authenticate_as(:'biz', 'aal2');
select is((select count(*)::int from public.subscriptions s where s.id = :'s1' and s.current_period_end <= private.now()), 0,
  'the job moved the subscription on');
select ok((public.invoice_run_progress(:'since') ->> 'succeeded')::int >= 1, 'its job counts as succeeded');
select is((public.invoice_run_progress(:'since') ->> 'failed')::int, 0, 'none failed');
select throws_ok($$ select public.invoice_run_progress(now() - interval '2 days') $$, '22023', null, 'since stays within the last day');
select tests.authenticate_as(:'tech', 'aal2');
select throws_ok(format($$ select public.invoice_run_progress(%L) $$, :'since'), 'PT403', null, 'billing.read is needed');

select * from finish();
rollback;
