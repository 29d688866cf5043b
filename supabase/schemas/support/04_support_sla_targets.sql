-- SLA targets in BUSINESS minutes, by plan and priority. The row with plan_code '*' is the default
-- for plans without their own row.
create table public.support_sla_targets (
  plan_code text not null check (plan_code = '*' or plan_code ~ '^[a-z][a-z0-9_-]{1,39}$'),
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  first_response_minutes integer not null check (first_response_minutes between 1 and 100000),
  resolution_minutes integer not null check (resolution_minutes between 1 and 1000000),
  check (resolution_minutes >= first_response_minutes),
  primary key (plan_code, priority)
);

alter table public.support_sla_targets enable row level security;
create policy "support readers see the SLA targets" on public.support_sla_targets for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_sla_targets from public, anon, authenticated, service_role;
grant select on table public.support_sla_targets to authenticated;
grant all on table public.support_sla_targets to service_role;

comment on table public.support_sla_targets is 'First-response and resolution targets in business minutes, by plan (''*'': the default) and priority.';
comment on column public.support_sla_targets.plan_code is 'Plan code (plans.code); ''*'' is the default for every other plan.';
comment on column public.support_sla_targets.priority is 'Ticket priority: low, normal, high, urgent.';
comment on column public.support_sla_targets.first_response_minutes is 'Business minutes to the first public staff reply.';
comment on column public.support_sla_targets.resolution_minutes is 'Business minutes to solved (paused while pending on the customer).';

insert into public.support_sla_targets (plan_code, priority, first_response_minutes, resolution_minutes) values
  ('*', 'low', 1080, 5400),
  ('*', 'normal', 480, 2700),
  ('*', 'high', 240, 1080),
  ('*', 'urgent', 60, 480);
