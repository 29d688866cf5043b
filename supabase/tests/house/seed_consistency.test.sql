-- The demo data agrees with its own dates (issue 13 §13): the seed computes every date from the day
-- it runs, so whatever day the tests run, no dunning case is further along than its invoice's due
-- date allows, no gateway event happened before its invoice or in the future, trials end in the
-- future and the subscription's trial ends with the tenant's. Runs on the seeded database.
begin;
select plan(11);

create temp view seeded_tenants as
  select t.* from public.tenants t where t.id::text like '10000000-0000-4000-a000-%';

select ok((select count(*) from public.dunning_cases d join seeded_tenants t on t.id = d.tenant_id where d.closed_at is null) >= 2,
          'the demo has open dunning cases to check');

-- days since the invoice's due date, in the tenant's timezone, as the dunning schedule counts them
create temp view open_cases as
  select d.*, (private.now() at time zone coalesce(d.timezone, 'UTC'))::date - d.due_date as days_past_due, pol.*
  from public.dunning_cases d join seeded_tenants t on t.id = d.tenant_id
  cross join (select p.retry_days, p.reminder_days, p.warn_after_days, p.past_due_after_days, p.suspend_after_days
              from public.dunning_policy p where p.id = 1) pol
  where d.closed_at is null;

select is((select array_agg(format('%s at day %s', stage, days_past_due) order by due_date) from open_cases
           where (stage = 'warned' and days_past_due < warn_after_days)
              or (stage = 'past_due' and days_past_due < past_due_after_days)
              or (stage = 'suspended' and days_past_due < suspend_after_days)),
          null, 'no case is warned, past due or suspended before its invoice is that many days overdue');
select is((select array_agg(format('%s: %s retries, %s reminders at day %s', stage, retries_done, reminders_sent, days_past_due)) from open_cases
           where retries_done > (select count(*) from unnest(retry_days) r where r <= days_past_due)
              or reminders_sent > (select count(*) from unnest(reminder_days) r where r <= days_past_due)),
          null, 'no case has done more retries or reminders than the days since the due date allow');
select is((select count(*) from open_cases where next_action_at <= private.now()), 0::bigint,
          'no open case has an action already overdue (the tick has nothing to catch up)');

select is((select array_agg(e.event_id) from public.payment_events e
           where (e.event_id like 'seed-%' or e.event_id like 'evt_seed%') and e.occurred_at > private.now()),
          null, 'no gateway event happened in the future');
select is((select array_agg(e.event_id) from public.payment_events e join public.invoices i on i.id = e.invoice_id
           join seeded_tenants t on t.id = i.tenant_id
           where e.occurred_at < i.finalized_at),
          null, 'no gateway event about an invoice happened before the invoice was issued');

select is((select array_agg(i.number) from public.invoices i join seeded_tenants t on t.id = i.tenant_id
           -- issue dates are the tenant's local dates (Muscat is UTC+4: its today starts at 20:00 UTC)
           where i.issue_date > (now() at time zone t.timezone)::date
              or i.issue_date < (t.created_at at time zone t.timezone)::date),
          null, 'every invoice is issued between its tenant''s creation and today, in the tenant''s time zone');

select is((select array_agg(i.number order by i.number) from public.invoices i
           where i.number is not null and exists (select from public.invoices j where j.number is not null
             and j.billing_year = i.billing_year and j.number < i.number and j.issue_date > i.issue_date)),
          null, 'invoice numbers follow their issue dates (a tax invoice sequence is chronological)');

select is((select array_agg(t.slug) from seeded_tenants t
           where (t.status = 'trial') <> (t.trial_ends_at is not null and t.trial_ends_at > private.now())),
          null, 'trialing tenants, and only they, have a trial that ends in the future');
select is((select array_agg(t.slug) from seeded_tenants t join public.subscriptions s on s.tenant_id = t.id
           where s.status = 'trialing' and abs(extract(epoch from s.trial_end - t.trial_ends_at)) > 3600),
          null, 'a trialing subscription''s trial ends when its tenant''s trial ends');
select is((select array_agg(t.slug) from seeded_tenants t join public.subscriptions s on s.tenant_id = t.id
           where not (s.current_period_start <= private.now() and private.now() < s.current_period_end)
              or s.current_period_start < t.created_at),
          null, 'every subscription''s current period contains today and starts after its tenant was created');

select * from finish();
rollback;
