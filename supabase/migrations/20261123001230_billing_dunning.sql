-- Billing (C6, C7), part 4: dunning — collecting an unpaid invoice on a schedule, then holding the
-- subscription (and, for the plan subscription, the tenant) until it is paid.
--
-- * A case opens for an open invoice when a payment for it fails, or when its due date comes (the
--   tick finds those). One case per invoice.
-- * Days count from the invoice's due date, in the tenant's timezone: day N starts at local
--   midnight of due_date + N. The schedule is public.dunning_policy (defaults: retries on days
--   1, 3, 5, 7; reminders on days 0, 3, 7; warned after 3 days, past_due after 7, suspended after
--   14 (the grace days), written off (invoice uncollectible) after 60).
-- * The scheduled job 'billing.dunning_tick' (every 15 minutes) opens cases and runs every action
--   that is due, in day order (same day: retry, then stage, then reminder). A tick that catches up
--   on several days runs every stage change but only the latest due retry and reminder (the earlier
--   ones are recorded as skipped): nobody gets three e-mails at once. The tick also cancels pending
--   gateway checkouts older than 24 hours that the gateway never reported on
--   (private.expire_stale_checkouts, failure_code 'expired').
--   - retry: job 'billing.retry_payment' (Edge Function payments-checkout) with
--     {action:'charge', invoice_id, tenant_id, amount, currency, gateway, payment_method_id,
--     customer_ref, method_ref}: the tenant's default saved method (public.payment_methods) charged
--     off-session on that method's gateway. A tenant with no saved method is not charged: the retry
--     is recorded as skipped (detail skip_reason 'no payment method on file');
--   - reminder: job 'billing.payment_reminder' on queue 'notifications'; its SQL handler records the
--     reminder as a dunning event (there is no mail service yet: nothing is sent);
--   - warned: recorded only;
--   - past_due: the subscription becomes past_due; for a plan subscription the tenant enters grace
--     through the lifecycle (public.enter_tenant_grace's transition);
--   - suspended: the subscription is suspended; for a plan subscription the tenant is suspended
--     through the lifecycle. An add-on-only subscription is suspended alone: the tenant is untouched;
--   - written_off: the invoice becomes uncollectible and the case closes (the holds stay).
-- * A case holds the subscription / tenant only if it moved them (held_subscription, held_tenant):
--   a tenant suspended for another reason is never reactivated by a payment.
-- * The invoice becoming paid by any path (gateway, bank transfer, credit note) closes the case as
--   recovered: a trigger on public.invoices. The holds are released: the subscription is active
--   again and the tenant reactivated through the lifecycle, unless another case still holds them.
--   A voided invoice closes its case and releases its holds the same way.
-- * Every step writes public.dunning_events and the audit log.

-- ── schema additions ────────────────────────────────────────────────────────────────────────

alter table public.dunning_cases
  add column if not exists held_subscription boolean not null default false,
  add column if not exists held_tenant boolean not null default false,
  add column if not exists due_date date,
  add column if not exists timezone text;

-- ── schedule ────────────────────────────────────────────────────────────────────────────────

-- Start of day N after the due date, in the tenant's timezone.
create or replace function private.dunning_day_at(due_date date, tz text, day int)
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select ((dunning_day_at.due_date + dunning_day_at.day)::timestamp) at time zone coalesce(dunning_day_at.tz, 'UTC')
$$;

-- The next action of a case under a policy: (action, day, at). Same day: retry, stage, reminder.
create or replace function private.dunning_next(c public.dunning_cases, pol public.dunning_policy,
  out action text, out day int, out at timestamptz)
returns record
language plpgsql
stable
set search_path = ''
as $$
declare
  v_retry int;
  v_reminder int;
  v_stage text;
  v_stage_day int;
begin
  if c.closed_at is not null then
    return;
  end if;
  v_retry := pol.retry_days[c.retries_done + 1];
  v_reminder := pol.reminder_days[c.reminders_sent + 1];
  select s.next_stage, s.after_days into v_stage, v_stage_day
  from (values ('retrying', 'warned', pol.warn_after_days), ('warned', 'past_due', pol.past_due_after_days),
               ('past_due', 'suspended', pol.suspend_after_days), ('suspended', 'written_off', pol.uncollectible_after_days))
       as s(stage, next_stage, after_days)
  where s.stage = c.stage;
  select x.a, x.d into action, day
  from (values ('retry', v_retry, 1), (v_stage, v_stage_day, 2), ('reminder', v_reminder, 3)) as x(a, d, o)
  where x.d is not null and x.a is not null
  order by x.d, x.o
  limit 1;
  if action is not null then
    at := private.dunning_day_at(c.due_date, c.timezone, day);
  end if;
end
$$;

create or replace function private.dunning_set_next(case_id uuid)
returns public.dunning_cases
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.dunning_cases;
  pol public.dunning_policy;
  n record;
begin
  select * into c from public.dunning_cases x where x.id = dunning_set_next.case_id;
  select * into pol from public.dunning_policy p where p.id = 1;
  n := private.dunning_next(c, pol);
  update public.dunning_cases x set next_action = n.action, next_action_at = n.at where x.id = c.id
  returning * into c;
  return c;
end
$$;

create or replace function private.dunning_event(c public.dunning_cases, action text, detail jsonb, reason text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.dunning_events (case_id, tenant_id, action, detail, at)
  values (c.id, c.tenant_id, dunning_event.action, coalesce(dunning_event.detail, '{}'), private.now());
  perform audit.record('dunning.' || dunning_event.action, 'dunning_case', c.id::text, null,
    jsonb_build_object('invoice_id', c.invoice_id, 'stage', c.stage, 'detail', dunning_event.detail), c.tenant_id,
    dunning_event.reason);
end
$$;

-- ── opening a case ──────────────────────────────────────────────────────────────────────────

create or replace function private.open_dunning_case(invoice_id uuid, cause text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  inv public.invoices;
  c public.dunning_cases;
begin
  select * into inv from public.invoices i where i.id = open_dunning_case.invoice_id;
  if inv.id is null or inv.status <> 'open' or inv.amount_due <= 0 then
    return null;
  end if;
  insert into public.dunning_cases as x (invoice_id, subscription_id, tenant_id, stage, opened_at, due_date, timezone, last_result)
  values (inv.id, inv.subscription_id, inv.tenant_id, 'retrying', private.now(),
    coalesce(inv.due_date, (private.now() at time zone inv.timezone)::date), inv.timezone, open_dunning_case.cause)
  on conflict on constraint dunning_cases_invoice_id_key do nothing
  returning * into c;
  if c.id is null then
    select * into c from public.dunning_cases x where x.invoice_id = inv.id;
    if c.closed_at is null and open_dunning_case.cause = 'payment_failed' then
      perform private.dunning_event(c, 'payment_failed', jsonb_build_object('invoice_id', inv.id));
    end if;
    return c.id;
  end if;
  c := private.dunning_set_next(c.id);
  perform private.dunning_event(c, 'opened', jsonb_build_object('cause', open_dunning_case.cause, 'invoice_number', inv.number,
    'due_date', c.due_date, 'amount_due', inv.amount_due, 'currency', inv.currency));
  return c.id;
end
$$;

-- A failed payment for an open invoice opens its case (or is noted on the open one).
create or replace function private.dunning_on_payment_failed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.open_dunning_case(new.invoice_id, 'payment_failed');
  return null;
end
$$;

-- Only when the payment becomes failed (or gets its invoice): replays re-write the same status.
drop trigger if exists payments_open_dunning on public.payments;
drop trigger if exists payments_open_dunning_insert on public.payments;
drop trigger if exists payments_open_dunning_update on public.payments;
create trigger payments_open_dunning_insert
after insert on public.payments
for each row
when (new.status = 'failed' and new.invoice_id is not null)
execute function private.dunning_on_payment_failed();
create trigger payments_open_dunning_update
after update of status, invoice_id on public.payments
for each row
when (new.status = 'failed' and new.invoice_id is not null
      and (old.status is distinct from new.status or old.invoice_id is distinct from new.invoice_id))
execute function private.dunning_on_payment_failed();

-- ── holds on the subscription and the tenant ────────────────────────────────────────────────

-- Moves the tenant towards 'grace' or 'suspended' through the lifecycle; returns whether this case
-- now holds it (it moved it, or another case already holds it there).
create or replace function private.dunning_hold_tenant(c public.dunning_cases, target text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status text;
  v_reason text := format('dunning: invoice %s unpaid', (select i.number from public.invoices i where i.id = c.invoice_id));
  v_shared boolean;
begin
  select t.status into v_status from public.tenants t where t.id = c.tenant_id;
  v_shared := c.held_tenant or exists (select from public.dunning_cases x where x.tenant_id = c.tenant_id and x.held_tenant and x.id <> c.id);
  if v_status in ('trial', 'active') then
    perform private.transition_tenant(c.tenant_id, 'enter_grace', v_reason);
    v_status := 'grace';
    v_shared := true;
  end if;
  if not v_shared then
    return false;  -- the tenant is where someone else put it: leave it
  end if;
  if dunning_hold_tenant.target = 'suspended' and v_status = 'grace' then
    perform private.transition_tenant(c.tenant_id, 'suspend', v_reason);
  end if;
  return true;
end
$$;

create or replace function private.dunning_hold_subscription(c public.dunning_cases, target text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  v_after public.subscriptions;
begin
  select * into s from public.subscriptions x where x.id = c.subscription_id for update;
  if s.id is null or s.status = 'cancelled' then
    return false;
  end if;
  if (target = 'past_due' and s.status in ('trialing', 'active'))
     or (target = 'suspended' and s.status in ('trialing', 'active', 'past_due')) then
    update public.subscriptions x set status = target, status_changed_at = private.now(), updated_at = now()
    where x.id = s.id returning * into v_after;
    perform audit.record('subscription.' || target, 'subscription', s.id::text, jsonb_build_object('status', s.status),
      jsonb_build_object('status', target), s.tenant_id, format('dunning case %s', c.id));
    return true;
  end if;
  return c.held_subscription or s.status in ('past_due', 'suspended');
end
$$;

-- Whether the tenant's current status is dunning's doing: its latest lifecycle change was a
-- dunning enter_grace or suspend (private.dunning_hold_tenant's reason starts with 'dunning:').
create or replace function private.dunning_placed_tenant_status(tenant_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return coalesce((select h.action in ('enter_grace', 'suspend') and coalesce(h.reason, '') like 'dunning:%'
                   from public.tenant_status_history h
                   where h.tenant_id = dunning_placed_tenant_status.tenant_id
                   order by h.id desc limit 1), false);
end
$$;

-- Releases what a closing case held, unless another case still holds it.
create or replace function private.dunning_release(c public.dunning_cases, reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.subscriptions;
  v_tenant_status text;
  v_out jsonb := '{}';
begin
  if c.held_subscription and not exists (select from public.dunning_cases x
                                          where x.subscription_id = c.subscription_id and x.held_subscription and x.id <> c.id) then
    select * into s from public.subscriptions x where x.id = c.subscription_id for update;
    if s.status in ('past_due', 'suspended') then
      update public.subscriptions x set status = 'active', status_changed_at = private.now(), updated_at = now() where x.id = s.id;
      perform audit.record('subscription.restore', 'subscription', s.id::text, jsonb_build_object('status', s.status),
        jsonb_build_object('status', 'active'), s.tenant_id, dunning_release.reason);
      v_out := v_out || jsonb_build_object('subscription', 'active');
    end if;
  end if;
  if c.held_tenant and not exists (select from public.dunning_cases x where x.tenant_id = c.tenant_id and x.held_tenant and x.id <> c.id) then
    select t.status into v_tenant_status from public.tenants t where t.id = c.tenant_id;
    -- Only the hold dunning placed: an operator who suspended or froze the tenant since (abuse,
    -- retention) keeps it there; dunning itself never freezes.
    if v_tenant_status in ('grace', 'suspended') and not private.dunning_placed_tenant_status(c.tenant_id) then
      v_out := v_out || jsonb_build_object('tenant', 'untouched', 'tenant_status', v_tenant_status);
    elsif v_tenant_status in ('grace', 'suspended') then
      begin
        perform private.transition_tenant(c.tenant_id, 'reactivate', dunning_release.reason);
        v_out := v_out || jsonb_build_object('tenant', 'active');
      exception when others then
        -- The payment must never fail because of the tenant: a job retries as a trusted caller.
        perform private.enqueue('lifecycle', 'billing.dunning_restore_tenant',
          jsonb_build_object('tenant_id', c.tenant_id, 'reason', dunning_release.reason), 'dunning_restore:' || c.id);
        v_out := v_out || jsonb_build_object('tenant', 'restore_enqueued', 'error', sqlerrm);
      end;
    end if;
  end if;
  update public.dunning_cases x set held_subscription = false, held_tenant = false where x.id = c.id;
  return v_out;
end
$$;

create or replace function private.job_dunning_restore_tenant(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tenant uuid := (payload ->> 'tenant_id')::uuid;
begin
  if (select t.status from public.tenants t where t.id = v_tenant) in ('grace', 'suspended')
     and private.dunning_placed_tenant_status(v_tenant)
     and not exists (select from public.dunning_cases x where x.tenant_id = v_tenant and x.held_tenant) then
    perform private.transition_tenant(v_tenant, 'reactivate', coalesce(payload ->> 'reason', 'payment received'));
  end if;
end
$$;

-- ── running actions ─────────────────────────────────────────────────────────────────────────

-- Runs the case's next action if it is due (or now, when forced). Returns the action run, or null.
create or replace function private.dunning_step(case_id uuid, force boolean default false, reason text default null)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.dunning_cases;
  pol public.dunning_policy;
  inv public.invoices;
  n record;
  v_now timestamptz := private.now();
  v_skip boolean := false;
  v_detail jsonb;
  v_gateway text;
  v_held boolean;
  v_plan boolean;
  v_no_method boolean := false;
  pm public.payment_methods;
begin
  select * into c from public.dunning_cases x where x.id = dunning_step.case_id for update;
  if c.id is null or c.closed_at is not null then
    return null;
  end if;
  select * into pol from public.dunning_policy p where p.id = 1;
  n := private.dunning_next(c, pol);
  if n.action is null or (not force and n.at > v_now) then
    return null;
  end if;
  select * into inv from public.invoices i where i.id = c.invoice_id for update;
  if inv.status <> 'open' and n.action <> 'written_off' then
    -- Paid / void invoices close their case by trigger; anything else (uncollectible) stops here.
    update public.dunning_cases x set next_action = null, next_action_at = null, last_result = 'invoice ' || inv.status
    where x.id = c.id;
    return null;
  end if;
  v_detail := jsonb_build_object('day', n.day, 'scheduled_at', n.at, 'forced', force);

  if n.action = 'retry' then
    v_skip := not force and coalesce(private.dunning_day_at(c.due_date, c.timezone, pol.retry_days[c.retries_done + 2]) <= v_now, false);
    if not v_skip then
      -- Off-session: only with the tenant's default saved method, on that method's gateway.
      select * into pm from public.payment_methods m where m.tenant_id = c.tenant_id and m.is_default;
      if pm.id is null then
        v_skip := true;
        v_no_method := true;
        v_detail := v_detail || jsonb_build_object('skip_reason', 'no payment method on file');
      else
        v_gateway := pm.gateway;
        perform private.enqueue('billing', 'billing.retry_payment',
          jsonb_build_object('action', 'charge', 'invoice_id', inv.id, 'tenant_id', inv.tenant_id, 'amount', inv.amount_due,
            'currency', inv.currency, 'gateway', v_gateway, 'payment_method_id', pm.id, 'customer_ref', pm.customer_ref,
            'method_ref', pm.method_ref),
          format('dunning_retry:%s:%s', c.id, c.retries_done + 1));
        v_detail := v_detail || jsonb_build_object('gateway', v_gateway, 'amount', inv.amount_due, 'payment_method_id', pm.id,
          'card', concat_ws(' ', pm.brand, pm.last4));
      end if;
    end if;
    update public.dunning_cases x set retries_done = x.retries_done + 1,
      last_result = case when v_no_method then 'retry skipped (no payment method on file)'
                         when v_skip then 'retry skipped (caught up)' else 'retry requested' end
    where x.id = c.id returning * into c;
  elsif n.action = 'reminder' then
    v_skip := not force and coalesce(private.dunning_day_at(c.due_date, c.timezone, pol.reminder_days[c.reminders_sent + 2]) <= v_now, false);
    if not v_skip then
      perform private.enqueue('notifications', 'billing.payment_reminder',
        jsonb_build_object('case_id', c.id, 'invoice_id', inv.id, 'invoice_number', inv.number, 'tenant_id', inv.tenant_id,
          'day', n.day, 'stage', c.stage, 'amount_due', inv.amount_due, 'currency', inv.currency, 'due_date', inv.due_date,
          'billing_email', (select b.billing_email from public.billing_profiles b where b.tenant_id = c.tenant_id)),
        format('dunning_reminder:%s:%s', c.id, c.reminders_sent + 1));
    end if;
    update public.dunning_cases x set reminders_sent = x.reminders_sent + 1,
      last_result = case when v_skip then 'reminder skipped (caught up)' else 'reminder queued' end
    where x.id = c.id returning * into c;
  elsif n.action = 'warned' then
    update public.dunning_cases x set stage = 'warned', last_result = 'warned' where x.id = c.id returning * into c;
  elsif n.action in ('past_due', 'suspended') then
    v_plan := exists (select from public.subscriptions s where s.id = c.subscription_id and s.plan_id is not null);
    v_held := private.dunning_hold_subscription(c, n.action);
    v_detail := v_detail || jsonb_build_object('subscription', case when c.subscription_id is null then 'none'
                                                                    when v_held then n.action else 'untouched' end);
    update public.dunning_cases x set stage = n.action, held_subscription = x.held_subscription or v_held, last_result = n.action
    where x.id = c.id returning * into c;
    if v_plan then
      v_held := private.dunning_hold_tenant(c, case when n.action = 'past_due' then 'grace' else 'suspended' end);
      update public.dunning_cases x set held_tenant = x.held_tenant or v_held where x.id = c.id returning * into c;
      v_detail := v_detail || jsonb_build_object('tenant', (select t.status from public.tenants t where t.id = c.tenant_id),
        'tenant_held', v_held);
    else
      v_detail := v_detail || jsonb_build_object('tenant', 'untouched');
    end if;
  elsif n.action = 'written_off' then
    if inv.status = 'open' then
      perform public.mark_invoice_uncollectible(inv.id, format('dunning: unpaid %s days after the due date', n.day));
    end if;
    update public.dunning_cases x set stage = 'written_off', closed_at = v_now, last_result = 'written off'
    where x.id = c.id returning * into c;
  end if;

  if v_skip then
    v_detail := v_detail || jsonb_build_object('skipped', true);
  end if;
  c := private.dunning_set_next(c.id);
  perform private.dunning_event(c, n.action, v_detail, dunning_step.reason);
  return n.action;
end
$$;

-- Opens cases for open invoices whose due date has come and runs every due action.
create or replace function private.dunning_tick()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_opened int := 0;
  v_actions int := 0;
  v_failed int := 0;
  v_id uuid;
  i int;
begin
  for v_id in
    select inv.id from public.invoices inv
    where inv.status = 'open' and inv.amount_due > 0 and inv.due_date is not null
      and inv.due_date <= (private.now() at time zone inv.timezone)::date
      and not exists (select from public.dunning_cases c where c.invoice_id = inv.id)
    order by inv.due_date, inv.id
  loop
    if private.open_dunning_case(v_id, 'overdue') is not null then
      v_opened := v_opened + 1;
    end if;
  end loop;
  for v_id in
    select c.id from public.dunning_cases c
    where c.closed_at is null and c.next_action_at <= private.now()
    order by c.next_action_at, c.id
    for update skip locked
  loop
    -- One case failing (e.g. a lifecycle refusal) never stops the others: its work is rolled back,
    -- the error kept on the case, and the next tick tries again.
    begin
      for i in 1..50 loop
        exit when private.dunning_step(v_id) is null;
        v_actions := v_actions + 1;
      end loop;
    exception when others then
      update public.dunning_cases c set last_result = left('error: ' || sqlerrm, 500) where c.id = v_id;
      v_failed := v_failed + 1;
    end;
  end loop;
  return jsonb_build_object('opened', v_opened, 'actions', v_actions, 'failed', v_failed,
    'expired_checkouts', private.expire_stale_checkouts());
end
$$;

create or replace function private.job_dunning_tick(payload jsonb, job jsonb)
returns void
language sql
security definer
set search_path = ''
as $$ select private.dunning_tick() $$;

-- Records a reminder. There is no mail service yet: the reminder (with its bilingual text and the
-- billing e-mail it would go to) is written as a dunning event and audited, nothing is sent.
create or replace function private.job_payment_reminder(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.dunning_cases;
begin
  select * into c from public.dunning_cases x where x.id = (payload ->> 'case_id')::uuid;
  if c.id is null then
    return;
  end if;
  perform private.dunning_event(c, 'reminder_recorded', payload || jsonb_build_object('channel', 'none',
    'message', jsonb_build_object(
      'en', format('Invoice %s: %s %s is due (since %s).', payload ->> 'invoice_number', payload ->> 'amount_due', payload ->> 'currency', payload ->> 'due_date'),
      'ar', format('الفاتورة %s: مبلغ %s %s مستحق (منذ %s).', payload ->> 'invoice_number', payload ->> 'amount_due', payload ->> 'currency', payload ->> 'due_date'))));
end
$$;

-- ── recovery ────────────────────────────────────────────────────────────────────────────────

-- Paid by any path → recovered; void → closed. Either way the holds are released.
create or replace function private.dunning_on_invoice_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.dunning_cases;
  v_released jsonb;
  v_reason text;
begin
  select * into c from public.dunning_cases x where x.invoice_id = new.id for update;
  if c.id is null or c.stage = 'recovered' or (new.status = 'void' and c.closed_at is not null and not c.held_tenant and not c.held_subscription) then
    return null;
  end if;
  v_reason := format('invoice %s %s', coalesce(new.number, new.id::text), case when new.status = 'paid' then 'paid' else 'voided' end);
  v_released := private.dunning_release(c, v_reason);
  update public.dunning_cases x
  set stage = case when new.status = 'paid' then 'recovered' else x.stage end,
      closed_at = coalesce(case when new.status = 'void' then x.closed_at end, private.now()),
      next_action = null, next_action_at = null,
      last_result = case when new.status = 'paid' then 'paid' else 'invoice voided' end,
      held_subscription = false, held_tenant = false
  where x.id = c.id
  returning * into c;
  perform private.dunning_event(c, case when new.status = 'paid' then 'recovered' else 'closed' end,
    v_released || jsonb_build_object('invoice_status', new.status), v_reason);
  return null;
end
$$;

drop trigger if exists invoices_dunning_recovery on public.invoices;
create trigger invoices_dunning_recovery
after update of status on public.invoices
for each row
when (new.status is distinct from old.status and new.status in ('paid', 'void'))
execute function private.dunning_on_invoice_status();

-- ── operator functions ──────────────────────────────────────────────────────────────────────

-- Runs the case's next action now (retry, reminder or stage change), audited with the reason.
create or replace function public.dunning_advance(case_id uuid, reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.dunning_cases;
  v_action text;
begin
  perform private.assert_permission('billing.write');
  select * into c from public.dunning_cases x where x.id = dunning_advance.case_id for update;
  if c.id is null then
    perform private.billing_fail('PT404', 'case_not_found', 'no such dunning case', 'check the case id');
  end if;
  if c.closed_at is not null then
    perform private.billing_fail('PT409', 'case_closed', format('the case is closed (%s)', c.stage), 'nothing left to run');
  end if;
  if c.next_action is null then
    perform private.billing_fail('PT409', 'nothing_to_run', 'the case has no next action', 'wait for payment or void the invoice');
  end if;
  v_action := private.dunning_step(c.id, true, coalesce(nullif(btrim(dunning_advance.reason), ''), 'advanced by an operator'));
  if v_action is null then
    perform private.billing_fail('PT409', 'nothing_to_run', 'the case''s invoice is no longer open', 'refresh the dunning board');
  end if;
  select * into c from public.dunning_cases x where x.id = c.id;
  perform audit.record('dunning.advance', 'dunning_case', c.id::text, null, jsonb_build_object('action', v_action, 'stage', c.stage),
    c.tenant_id, nullif(btrim(dunning_advance.reason), ''));
  return to_jsonb(c) || jsonb_build_object('action_run', v_action);
end
$$;

-- Changes the schedule. policy: any of retry_days, reminder_days (ascending distinct days 0–365, at
-- most 20), warn_after_days ≤ past_due_after_days ≤ suspend_after_days ≤ uncollectible_after_days
-- (0–365). Open cases are rescheduled.
create or replace function public.set_dunning_policy(policy jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.dunning_policy;
  v_after public.dunning_policy;
  k text;
  v_arr int[];
  v_id uuid;
begin
  perform private.assert_permission('billing.write');
  if policy is null or jsonb_typeof(policy) <> 'object' then
    perform private.billing_fail('22023', 'invalid_policy', 'the policy must be a JSON object', 'e.g. {"retry_days":[1,3,5,7]}');
  end if;
  select * into v_before from public.dunning_policy p where p.id = 1 for update;
  v_after := v_before;
  for k in select jsonb_object_keys(policy) loop
    if k in ('retry_days', 'reminder_days') then
      if jsonb_typeof(policy -> k) <> 'array' or jsonb_array_length(policy -> k) > 20
         or exists (select from jsonb_array_elements(policy -> k) e
                    where jsonb_typeof(e) <> 'number' or (e #>> '{}')::numeric <> trunc((e #>> '{}')::numeric)
                       or (e #>> '{}')::numeric not between 0 and 365) then
        perform private.billing_fail('22023', 'invalid_policy', format('%s must be an array of at most 20 whole days 0–365', k),
          'e.g. [1,3,5,7]');
      end if;
      select coalesce(array_agg((e #>> '{}')::int order by o), '{}') into v_arr
      from jsonb_array_elements(policy -> k) with ordinality as x(e, o);
      if exists (select from generate_subscripts(v_arr, 1) i where i > 1 and v_arr[i] <= v_arr[i - 1]) then
        perform private.billing_fail('22023', 'invalid_policy', format('%s must be strictly ascending', k), 'e.g. [1,3,5,7]');
      end if;
      if k = 'retry_days' then v_after.retry_days := v_arr; else v_after.reminder_days := v_arr; end if;
    elsif k in ('warn_after_days', 'past_due_after_days', 'suspend_after_days', 'uncollectible_after_days') then
      if jsonb_typeof(policy -> k) <> 'number' or (policy ->> k)::numeric <> trunc((policy ->> k)::numeric)
         or (policy ->> k)::numeric not between 0 and 365 then
        perform private.billing_fail('22023', 'invalid_policy', format('%s must be a whole number of days 0–365', k), 'e.g. 7');
      end if;
      case k
        when 'warn_after_days' then v_after.warn_after_days := (policy ->> k)::int;
        when 'past_due_after_days' then v_after.past_due_after_days := (policy ->> k)::int;
        when 'suspend_after_days' then v_after.suspend_after_days := (policy ->> k)::int;
        else v_after.uncollectible_after_days := (policy ->> k)::int;
      end case;
    else
      perform private.billing_fail('22023', 'invalid_policy', format('unknown policy field %s', k),
        'retry_days, reminder_days, warn_after_days, past_due_after_days, suspend_after_days, uncollectible_after_days');
    end if;
  end loop;
  if not (v_after.warn_after_days <= v_after.past_due_after_days and v_after.past_due_after_days <= v_after.suspend_after_days
          and v_after.suspend_after_days <= v_after.uncollectible_after_days) then
    perform private.billing_fail('22023', 'invalid_policy',
      'the stages must come in order: warn ≤ past_due ≤ suspend ≤ uncollectible days',
      format('now %s ≤ %s ≤ %s ≤ %s', v_after.warn_after_days, v_after.past_due_after_days, v_after.suspend_after_days,
        v_after.uncollectible_after_days));
  end if;
  update public.dunning_policy p
  set retry_days = v_after.retry_days, reminder_days = v_after.reminder_days, warn_after_days = v_after.warn_after_days,
      past_due_after_days = v_after.past_due_after_days, suspend_after_days = v_after.suspend_after_days,
      uncollectible_after_days = v_after.uncollectible_after_days, updated_at = now()
  where p.id = 1
  returning * into v_after;
  perform audit.record('dunning_policy.update', 'dunning_policy', '1', to_jsonb(v_before), to_jsonb(v_after), null, null);
  for v_id in select c.id from public.dunning_cases c where c.closed_at is null loop
    perform private.dunning_set_next(v_id);
  end loop;
  return to_jsonb(v_after);
end
$$;

-- ── jobs, schedule, grants ──────────────────────────────────────────────────────────────────

select private.register_job_handler('billing.dunning_tick', sql_handler => 'private.job_dunning_tick(jsonb, jsonb)'::regprocedure,
  description => 'opens dunning cases for due invoices and runs every due retry, reminder and stage change');
select private.register_job_handler('billing.payment_reminder', sql_handler => 'private.job_payment_reminder(jsonb, jsonb)'::regprocedure,
  description => 'records a payment reminder (no mail service yet: nothing is sent)');
select private.register_job_handler('billing.dunning_restore_tenant',
  sql_handler => 'private.job_dunning_restore_tenant(jsonb, jsonb)'::regprocedure,
  description => 'reactivates a tenant whose dunning holds were released, when the paying caller could not');
select private.declare_schedule('billing.dunning_tick', '*/15 * * * *',
  $$select private.enqueue('billing', 'billing.dunning_tick', '{}'::jsonb, 'billing.dunning_tick:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI'))$$,
  'every 15 minutes: dunning — opens cases for overdue invoices, runs due retries, reminders and stage changes');

revoke execute on function private.dunning_day_at(date, text, int), private.dunning_next(public.dunning_cases, public.dunning_policy),
  private.dunning_set_next(uuid), private.dunning_event(public.dunning_cases, text, jsonb, text), private.open_dunning_case(uuid, text),
  private.dunning_on_payment_failed(), private.dunning_hold_tenant(public.dunning_cases, text),
  private.dunning_hold_subscription(public.dunning_cases, text), private.dunning_placed_tenant_status(uuid),
  private.dunning_release(public.dunning_cases, text),
  private.job_dunning_restore_tenant(jsonb, jsonb), private.dunning_step(uuid, boolean, text), private.dunning_tick(),
  private.job_dunning_tick(jsonb, jsonb), private.job_payment_reminder(jsonb, jsonb), private.dunning_on_invoice_status()
  from public, anon, authenticated;
revoke execute on function public.dunning_advance(uuid, text), public.set_dunning_policy(jsonb) from public, anon;
grant execute on function public.dunning_advance(uuid, text), public.set_dunning_policy(jsonb) to authenticated, service_role;
