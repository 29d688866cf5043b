-- The lifecycle calendar (issue 13 §2): time moves tenants along their lifecycle.
--
-- Policy (public.lifecycle_calendar_policy, defaults below; docs/plans-and-lifecycle.md):
--   * Trial reminders: when a trial tenant's trial_ends_at is 7, 3 and 1 days away
--     (trial_reminder_days), one public.tenant_reminders row per tenant and day count, for the
--     notifications capability to send (sent_at stays null until it does). Recorded once.
--   * Trial end (trial_ends_at has passed, tenant still in trial):
--       - the tenant has a chargeable plan subscription → activate;
--       - otherwise → grace (enter_grace), for trial_grace_days (7).
--     A subscription is chargeable when it is live (trialing or active), not cancelling at the
--     period end, and either its plan costs nothing or the tenant has a default saved payment
--     method (public.payment_methods) the dunning retries can charge.
--   * End of that grace (trial_grace_days after the calendar put the tenant in grace, and the
--     calendar's change is still the tenant's latest one): chargeable by then → reactivate to
--     active, else suspend. A tenant someone else moved since (an operator, dunning) is left alone.
--   * Churn: an archived tenant churns once tenant_lifecycle_settings.churn_after_days (90) have
--     passed since it was archived.
-- Every move goes through private.transition_tenant (permission-free for the database's own
-- work, audited, with status history and follow-ups) and is recorded in
-- public.lifecycle_calendar_actions.
--
-- Jobs: the schedule 'lifecycle.calendar' (hourly) enqueues 'lifecycle.calendar' on the lifecycle
-- queue (key per hour). Its handler records the due reminders (set-based, idempotent by their
-- unique key) and enqueues one job per tenant that must move, keyed by the tenant and the
-- instant that made it due, so a rerun or a duplicate never moves a tenant twice; each handler
-- re-checks the tenant under its row lock. All of it shows in the job history (jobs_queue_stats,
-- private.job_runs).

create table public.lifecycle_calendar_policy (
  id boolean primary key default true check (id),
  trial_reminder_days int[] not null default '{7,3,1}'
    check (cardinality(trial_reminder_days) between 0 and 10 and 0 < all (trial_reminder_days) and 366 > all (trial_reminder_days)),
  trial_grace_days int not null default 7 check (trial_grace_days between 0 and 90),
  updated_at timestamptz not null default now()
);
insert into public.lifecycle_calendar_policy default values;
comment on table public.lifecycle_calendar_policy is
  'When the lifecycle calendar reminds trial tenants (days before the trial ends) and how long a trial that ended without a chargeable subscription stays in grace before suspension.';

create table public.tenant_reminders (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  kind text not null check (kind in ('trial_ends')),
  days_before int not null check (days_before between 1 and 365),
  trial_ends_at timestamptz not null,
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (tenant_id, kind, days_before)
);
create index tenant_reminders_unsent_idx on public.tenant_reminders (created_at) where sent_at is null;
comment on table public.tenant_reminders is
  'Reminder events for the notifications capability (trial ends in N days), one per tenant, kind and day count; sent_at is set when sent.';

create table public.lifecycle_calendar_actions (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  action text not null check (action in ('trial_activate', 'trial_grace', 'grace_reactivate', 'grace_suspend', 'churn')),
  from_status text not null,
  to_status text not null,
  status_history_id bigint references public.tenant_status_history (id) on delete set null,
  detail jsonb not null default '{}',
  at timestamptz not null default now()
);
create index lifecycle_calendar_actions_tenant_idx on public.lifecycle_calendar_actions (tenant_id, id desc);
create index lifecycle_calendar_actions_history_idx on public.lifecycle_calendar_actions (status_history_id);
comment on table public.lifecycle_calendar_actions is 'Every lifecycle move the calendar made, with the status history row it wrote.';

alter table public.lifecycle_calendar_policy enable row level security;
alter table public.tenant_reminders enable row level security;
alter table public.lifecycle_calendar_actions enable row level security;
revoke all on public.lifecycle_calendar_policy, public.tenant_reminders, public.lifecycle_calendar_actions from anon;
revoke insert, update, delete, truncate on public.lifecycle_calendar_policy, public.tenant_reminders,
  public.lifecycle_calendar_actions from authenticated;
create policy "staff read the calendar policy" on public.lifecycle_calendar_policy for select to authenticated
  using ((select private.has_permission('tenants.read')));
create policy "reminders follow tenant visibility" on public.tenant_reminders for select to authenticated
  using ((select private.has_permission('tenants.read')) or tenant_id in (select private.my_tenant_ids()));
create policy "staff read calendar actions" on public.lifecycle_calendar_actions for select to authenticated
  using ((select private.has_permission('tenants.read')));

-- ── rules ───────────────────────────────────────────────────────────────────────────────────

-- Can the tenant be charged for its plan? (see the header)
create function private.tenant_has_chargeable_subscription(tenant_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select from public.subscriptions s
    where s.tenant_id = tenant_has_chargeable_subscription.tenant_id and s.plan_id is not null
      and s.status in ('trialing', 'active') and not s.cancel_at_period_end
      and (coalesce(private.plan_price(s.plan_id, s.currency, s.billing_interval), 0) = 0
           or exists (select from public.payment_methods m where m.tenant_id = s.tenant_id and m.is_default)))
$$;

-- One calendar move: the transition, and its record.
create function private.calendar_move(tenant_id uuid, calendar_action text, lifecycle_action text, reason text, detail jsonb default '{}')
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_status text := (select t.status from public.tenants t where t.id = calendar_move.tenant_id);
  after_row public.tenants;
begin
  after_row := private.transition_tenant(tenant_id, lifecycle_action, reason);
  insert into public.lifecycle_calendar_actions (tenant_id, action, from_status, to_status, status_history_id, detail, at)
  values (tenant_id, calendar_action, before_status, after_row.status,
          (select max(h.id) from public.tenant_status_history h where h.tenant_id = calendar_move.tenant_id), detail, private.now());
  return after_row.status;
end
$$;

-- A trial that has ended: active when chargeable, else grace. Null when nothing is due (re-checked
-- under the tenant's row lock, so a duplicate job does nothing).
create function private.end_tenant_trial(tenant_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
begin
  select * into t from public.tenants x where x.id = end_tenant_trial.tenant_id for update;
  if t.id is null or t.status <> 'trial' or t.trial_ends_at is null or t.trial_ends_at > private.now() then
    return null;
  end if;
  if private.tenant_has_chargeable_subscription(t.id) then
    return private.calendar_move(t.id, 'trial_activate', 'activate', 'calendar: trial ended, chargeable subscription',
                                 jsonb_build_object('trial_ends_at', t.trial_ends_at));
  end if;
  return private.calendar_move(t.id, 'trial_grace', 'enter_grace', 'calendar: trial ended without a chargeable subscription',
    jsonb_build_object('trial_ends_at', t.trial_ends_at,
                       'suspend_after', private.now() + make_interval(days => (select p.trial_grace_days from public.lifecycle_calendar_policy p))));
end
$$;

-- The calendar's trial grace that has run out: reactivate when chargeable by now, else suspend.
-- Only while the calendar's own grace is the tenant's latest lifecycle change.
create function private.end_trial_grace(tenant_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  hold public.lifecycle_calendar_actions;
begin
  select * into t from public.tenants x where x.id = end_trial_grace.tenant_id for update;
  select * into hold from public.lifecycle_calendar_actions a
  where a.tenant_id = end_trial_grace.tenant_id and a.action = 'trial_grace' order by a.id desc limit 1;
  if t.id is null or t.status <> 'grace' or hold.id is null
     or hold.status_history_id is distinct from (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id)
     or hold.at > private.now() - make_interval(days => (select p.trial_grace_days from public.lifecycle_calendar_policy p)) then
    return null;
  end if;
  if private.tenant_has_chargeable_subscription(t.id) then
    return private.calendar_move(t.id, 'grace_reactivate', 'reactivate', 'calendar: chargeable subscription after the trial grace');
  end if;
  return private.calendar_move(t.id, 'grace_suspend', 'suspend', 'calendar: trial grace ended without a chargeable subscription');
end
$$;

-- An archived tenant past its retention period churns.
create function private.churn_archived_tenant(tenant_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
begin
  select * into t from public.tenants x where x.id = churn_archived_tenant.tenant_id for update;
  if t.id is null or t.status <> 'archived'
     or t.status_changed_at > private.now() - make_interval(days => (select s.churn_after_days from public.tenant_lifecycle_settings s)) then
    return null;
  end if;
  return private.calendar_move(t.id, 'churn', 'churn', 'calendar: retention period after archiving ended',
                               jsonb_build_object('archived_at', t.status_changed_at));
end
$$;

-- Records the trial reminders that are due (trial ends in N days), once per tenant and N.
create function private.record_trial_reminders()
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  r record;
  n int := 0;
begin
  for r in
    insert into public.tenant_reminders (tenant_id, kind, days_before, trial_ends_at, params, created_at)
    select t.id, 'trial_ends', d.days, t.trial_ends_at,
           jsonb_build_object('days', d.days, 'trial_ends_at', t.trial_ends_at, 'locale', t.default_locale), private.now()
    from public.tenants t
    cross join public.lifecycle_calendar_policy p
    cross join lateral unnest(p.trial_reminder_days) d(days)
    where t.status = 'trial' and t.trial_ends_at > private.now()
      and t.trial_ends_at - make_interval(days => d.days) <= private.now()
      -- only the nearest due count: a tenant whose trial started 2 days before its end gets "1 day", not "7"
      and not exists (select from unnest(p.trial_reminder_days) e(days)
                      where e.days < d.days and t.trial_ends_at - make_interval(days => e.days) <= private.now())
    on conflict on constraint tenant_reminders_tenant_id_kind_days_before_key do nothing
    returning tenant_reminders.tenant_id, tenant_reminders.days_before, tenant_reminders.id
  loop
    perform audit.record('tenant.trial_reminder', 'tenant', r.tenant_id::text, null,
                         jsonb_build_object('reminder_id', r.id, 'days_before', r.days_before), r.tenant_id);
    n := n + 1;
  end loop;
  return n;
end
$$;

-- The calendar: reminders now, one keyed job per tenant that must move.
create function private.run_lifecycle_calendar()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  reminders int := private.record_trial_reminders();
  trials int;
  graces int;
  churns int;
begin
  select count(private.enqueue('lifecycle', 'lifecycle.trial_end', jsonb_build_object('tenant_id', t.id),
                               'lifecycle.trial_end:' || t.id || ':' || private.iso_instant(t.trial_ends_at)))
  into trials
  from public.tenants t where t.status = 'trial' and t.trial_ends_at <= private.now();

  select count(private.enqueue('lifecycle', 'lifecycle.trial_grace_end', jsonb_build_object('tenant_id', t.id),
                               'lifecycle.trial_grace_end:' || t.id || ':' || a.id))
  into graces
  from public.tenants t
  join lateral (select x.id, x.at, x.status_history_id from public.lifecycle_calendar_actions x
                where x.tenant_id = t.id and x.action = 'trial_grace' order by x.id desc limit 1) a on true
  where t.status = 'grace'
    and a.at <= private.now() - make_interval(days => (select p.trial_grace_days from public.lifecycle_calendar_policy p))
    and a.status_history_id = (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id);

  select count(private.enqueue('lifecycle', 'lifecycle.churn', jsonb_build_object('tenant_id', t.id),
                               'lifecycle.churn:' || t.id || ':' || private.iso_instant(t.status_changed_at)))
  into churns
  from public.tenants t
  where t.status = 'archived'
    and t.status_changed_at <= private.now() - make_interval(days => (select s.churn_after_days from public.tenant_lifecycle_settings s));

  return jsonb_build_object('reminders', reminders, 'trial_end', trials, 'trial_grace_end', graces, 'churn', churns);
end
$$;

-- ── job handlers and the schedule ───────────────────────────────────────────────────────────

create function private.job_payload_tenant(payload jsonb, job_type text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
begin
  return (payload ->> 'tenant_id')::uuid;
exception when others then
  raise exception using errcode = 'PT400', message = format('bad %s payload %s', job_type, payload),
    detail = 'jobs.invalid_payload', hint = '{"tenant_id": uuid}';
end
$$;

create function private.job_lifecycle_calendar(payload jsonb, job jsonb)
returns void language plpgsql security definer set search_path = ''
as $$ begin perform private.run_lifecycle_calendar(); end $$;
create function private.job_trial_end(payload jsonb, job jsonb)
returns void language plpgsql security definer set search_path = ''
as $$ begin perform private.end_tenant_trial(private.job_payload_tenant(payload, 'lifecycle.trial_end')); end $$;
create function private.job_trial_grace_end(payload jsonb, job jsonb)
returns void language plpgsql security definer set search_path = ''
as $$ begin perform private.end_trial_grace(private.job_payload_tenant(payload, 'lifecycle.trial_grace_end')); end $$;
create function private.job_churn_tenant(payload jsonb, job jsonb)
returns void language plpgsql security definer set search_path = ''
as $$ begin perform private.churn_archived_tenant(private.job_payload_tenant(payload, 'lifecycle.churn')); end $$;

select private.register_job_handler('lifecycle.calendar', sql_handler => 'private.job_lifecycle_calendar(jsonb, jsonb)'::regprocedure,
  description => 'records due trial reminders; enqueues trial ends, trial grace ends and churns that are due');
select private.register_job_handler('lifecycle.trial_end', sql_handler => 'private.job_trial_end(jsonb, jsonb)'::regprocedure,
  description => 'a trial that ended: active with a chargeable subscription, else grace (idempotent per tenant and trial end)');
select private.register_job_handler('lifecycle.trial_grace_end', sql_handler => 'private.job_trial_grace_end(jsonb, jsonb)'::regprocedure,
  description => 'the trial grace ran out: reactivate when chargeable, else suspend (idempotent per grace)');
select private.register_job_handler('lifecycle.churn', sql_handler => 'private.job_churn_tenant(jsonb, jsonb)'::regprocedure,
  description => 'an archived tenant past its retention period churns (idempotent per archiving)');
select private.declare_schedule('lifecycle.calendar', '23 * * * *',
  $$select private.enqueue('lifecycle', 'lifecycle.calendar', '{}'::jsonb, 'lifecycle.calendar:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24'))$$,
  'hourly: trial reminders (7/3/1 days), trial end → active or grace, trial grace end → suspended, archived → churned after retention');

revoke execute on function private.tenant_has_chargeable_subscription(uuid),
  private.calendar_move(uuid, text, text, text, jsonb), private.end_tenant_trial(uuid), private.end_trial_grace(uuid),
  private.churn_archived_tenant(uuid), private.record_trial_reminders(), private.run_lifecycle_calendar(),
  private.job_payload_tenant(jsonb, text), private.job_lifecycle_calendar(jsonb, jsonb), private.job_trial_end(jsonb, jsonb),
  private.job_trial_grace_end(jsonb, jsonb), private.job_churn_tenant(jsonb, jsonb) from public, anon, authenticated;
