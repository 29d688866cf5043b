-- Two sessions (dblink, committed fixtures removed at the end): an attach and an apply of the same
-- gateway payment, both waiting on the payment row, no longer deadlock; two bank transfers with the
-- same reference on different invoices answer billing.duplicate_reference, not 23505.
begin;
select plan(6);

-- ── two sessions ────────────────────────────────────────────────────────────────────────────
-- First, before this transaction writes any audit entry: audit writers serialise on one advisory
-- lock, which this (never committed) transaction would otherwise hold against the sessions.
select dblink_connect('pr_setup', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('pr_a', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('pr_b', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_connect('pr_c', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
-- leftovers of an interrupted earlier run
select dblink_exec('pr_setup', $$ delete from public.payment_events where event_id like 'race-dblink-%' $$);
select dblink_exec('pr_setup', $$ delete from public.tenants where slug = 'billing-payment-race' $$);
select t.id as rtenant from dblink('pr_setup', $$ select tests.create_tenant('billing-payment-race')::text $$) as t(id uuid) \gset
select dblink_exec('pr_setup', format($$
  insert into public.invoices (id, tenant_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  select gen_random_uuid(), %L, 'RACE-' || n, 'open', 'manual', 'OMR', 'Asia/Muscat', 'OM', 5, 10, 0.5, 10.5, 10.5,
    '2026-11-01', '2026-11-15', now()
  from generate_series(1, 3) n $$, :'rtenant'));
select id as r1 from public.invoices where number = 'RACE-1' \gset
select id as r2 from public.invoices where number = 'RACE-2' \gset
select id as r3 from public.invoices where number = 'RACE-3' \gset

-- Two bank transfers with the same reference on different invoices at once: the second answers
-- billing.duplicate_reference (it waited on the first one's unique key, then hit it).
select dblink_exec('pr_a', 'begin');
select * from dblink('pr_a', format($$ select public.record_manual_payment(%L, 5, 'RACE-TRANSFER-1', 'bank transfer') ->> 'payment_id' $$, :'r1')) as r(x text);
select dblink_exec('pr_b', 'begin');
select dblink_exec('pr_b', 'set local lock_timeout = ''30s''');
select dblink_send_query('pr_b', format($$ select public.record_manual_payment(%L, 5, 'RACE-TRANSFER-1', 'bank transfer') ->> 'payment_id' $$, :'r2'));
do $$
begin
  for i in 1 .. 200 loop
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%RACE-TRANSFER-1%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select pg_stat_clear_snapshot();
select ok(exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%RACE-TRANSFER-1%' and pid <> pg_backend_pid()),
  'the second transfer waits on the first one''s reference');
select dblink_exec('pr_a', 'commit');
select count(*) from dblink_get_result('pr_b', false) as r(x text);
select dblink_error_message('pr_b') as b_error \gset
select count(*) from dblink_get_result('pr_b', false) as r(x text);  -- the end of B's results
select dblink_exec('pr_b', 'rollback');
select matches(:'b_error'::text, 'DETAIL:\s+billing\.duplicate_reference', 'the concurrent duplicate is billing.duplicate_reference, not 23505');

-- An attach and an apply of the same gateway payment, both queued behind a third session's lock on
-- the payment row: attach first, then the apply job. attach_checkout used to lock the row and then
-- wait for the advisory lock the apply held while it waited for the row: a deadlock.
select (r ->> 'payment_id') as rpay from dblink('pr_setup', format($$ select public.begin_checkout(%L, 'stripe')::text $$, :'r3')) as t(r jsonb) \gset
select id as rev from dblink('pr_setup', format($$
  insert into public.payment_events (gateway, event_id, event_type, kind, object_id, invoice_id, payment_id, occurred_at, payload,
    amount, currency)
  values ('stripe', 'race-dblink-1', 'payment_intent.succeeded', 'payment_succeeded', 'pi_race_dblink', %L, %L, now(), '{}', 10.5, 'OMR')
  returning id $$, :'r3', :'rpay')) as t(id bigint) \gset
select dblink_exec('pr_c', 'begin');
select * from dblink('pr_c', format($$ select id::text from public.payments where id = %L for update $$, :'rpay')) as r(x text);
select dblink_exec('pr_b', 'begin');
select dblink_exec('pr_b', 'set local lock_timeout = ''30s''');
select dblink_exec('pr_b', 'set local deadlock_timeout = ''100ms''');
select dblink_send_query('pr_b', format($$ select public.attach_checkout(%L, 'pi_race_dblink', 'https://pay.example/race') ->> 'status' $$, :'rpay'));
do $$
begin
  for i in 1 .. 200 loop
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%attach_checkout%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select dblink_exec('pr_a', 'begin');
select dblink_exec('pr_a', 'set local lock_timeout = ''30s''');
select dblink_exec('pr_a', 'set local deadlock_timeout = ''100ms''');
select dblink_send_query('pr_a', format($$ select private.apply_payment_event(%s) $$, :'rev'));
do $$
begin
  for i in 1 .. 200 loop
    perform pg_stat_clear_snapshot();
    exit when exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%apply_payment_event%' and pid <> pg_backend_pid());
    perform pg_sleep(0.05);
  end loop;
end $$;
select pg_stat_clear_snapshot();
select ok(exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%attach_checkout%' and pid <> pg_backend_pid())
          and exists (select from pg_stat_activity where wait_event_type = 'Lock' and query like '%apply_payment_event%' and pid <> pg_backend_pid()),
  'the attach and the apply both wait');
select dblink_exec('pr_c', 'commit');
select coalesce((select x from dblink_get_result('pr_b', false) as r(x text) limit 1), '(none)') as b_status \gset
select dblink_error_message('pr_b') as b_error \gset
select count(*) from dblink_get_result('pr_b', false) as r(x text);
select dblink_exec('pr_b', 'commit');
select coalesce((select x from dblink_get_result('pr_a', false) as r(x text) limit 1), '(none)') as a_status \gset
select count(*) from dblink_get_result('pr_a', false) as r(x text);
select dblink_exec('pr_a', 'commit');
select is(:'b_error' || ' / ' || :'b_status', 'OK / succeeded', 'the attach completes (no deadlock) and finds the payment succeeded');
select is(:'a_status' || ' / ' || coalesce((select last_error from public.payment_events where id = :'rev'), 'no error'),
  'applied / no error', 'the apply completes without a deadlock');
select results_eq(format($$ select p.id::text, p.status, p.checkout_url, i.status, i.amount_paid
                            from public.payments p join public.invoices i on i.id = p.invoice_id
                            where p.gateway = 'stripe' and p.gateway_payment_id = 'pi_race_dblink' $$),
  format($$ values (%L::text, 'succeeded'::text, 'https://pay.example/race'::text, 'paid'::text, 10.500::numeric(14,3)) $$, :'rpay'),
  'one payment, attached and succeeded; the invoice paid once');

select dblink_exec('pr_setup', $$ delete from public.payment_events where event_id like 'race-dblink-%' $$);
select dblink_exec('pr_setup', format($$ delete from public.tenants where id = %L $$, :'rtenant'));
select dblink_disconnect('pr_setup'), dblink_disconnect('pr_a'), dblink_disconnect('pr_b'), dblink_disconnect('pr_c');

select * from finish();
rollback;
