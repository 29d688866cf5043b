-- Tenant health score (C1): 0–100 from signals available now, recomputed nightly by a job and on
-- demand. Later capabilities (billing, orders, support) add signals by replacing
-- private.tenant_health_signals with a version that adds theirs.
--
-- Signals and their weights (documented in the README):
--   lifecycle     0–40  active 40, trial 30, grace 15, approved 10, suspended 5, pending/draft 5, frozen/archived/churned 0
--   maturity      0–20  one point per 9 days since creation, capped at 20 (about six months)
--   activity      0–25  5 points per audited action on the tenant in the last 30 days, capped at 25
--   provisioning  0–15  15 when every enabled step is done at its version, minus 5 per failed step, 0 if never provisioned

create table public.tenant_health (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  score int not null check (score between 0 and 100),
  signals jsonb not null,
  computed_at timestamptz not null default now()
);
alter table public.tenant_health enable row level security;
revoke all on public.tenant_health from anon;
revoke insert, update, delete, truncate on public.tenant_health from authenticated;
create policy "health follows tenant visibility" on public.tenant_health for select to authenticated
  using ((select private.has_permission('tenants.read'))
         or tenant_id in (select private.impersonated_tenant_ids(false)));

create function private.tenant_health_signals(t public.tenants)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'lifecycle', case t.status when 'active' then 40 when 'trial' then 30 when 'grace' then 15 when 'approved' then 10
                               when 'suspended' then 5 when 'pending_approval' then 5 when 'draft' then 5 else 0 end,
    'maturity', least(20, floor(extract(epoch from (private.now() - t.created_at)) / 86400 / 9))::int,
    'activity', least(25, 5 * (select count(*) from audit.log l
                               where l.tenant_id = t.id and l.occurred_at > private.now() - interval '30 days'))::int,
    'provisioning', (select case when count(p.*) = 0 then 0
                                 when count(*) filter (where p.status = 'failed') > 0
                                   then greatest(0, 15 - 5 * count(*) filter (where p.status = 'failed'))
                                 when count(*) filter (where p.status = 'done' and p.applied_version >= s.version) = count(s.*) then 15
                                 else 10 end
                     from public.provisioning_steps s
                     left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = t.id
                     where s.enabled)::int)
$$;

create function private.compute_tenant_health(tenant_id uuid)
returns public.tenant_health
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.tenants;
  signals jsonb;
  result public.tenant_health;
begin
  select * into t from public.tenants x where x.id = compute_tenant_health.tenant_id;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found';
  end if;
  signals := private.tenant_health_signals(t);
  insert into public.tenant_health as h (tenant_id, score, signals, computed_at)
  values (t.id, least(100, greatest(0, (select sum(value::int) from jsonb_each_text(signals))))::int, signals, now())
  on conflict on constraint tenant_health_pkey do update set score = excluded.score, signals = excluded.signals,
    computed_at = excluded.computed_at
  returning * into result;
  return result;
end
$$;

create function public.refresh_tenant_health(tenant_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.tenant_health;
begin
  perform private.assert_permission('tenants.read');
  result := private.compute_tenant_health(tenant_id);
  return jsonb_build_object('score', result.score, 'signals', result.signals, 'computed_at', result.computed_at);
end
$$;

-- The nightly job: every tenant that is not churned.
create function private.job_refresh_tenant_health(payload jsonb, job jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.compute_tenant_health(t.id) from public.tenants t where t.status <> 'churned';
end
$$;

select private.register_job_handler('tenant.refresh_health',
  sql_handler => 'private.job_refresh_tenant_health(jsonb, jsonb)'::regprocedure,
  description => 'recomputes every tenant''s health score');
select private.declare_schedule(
  'tenants.refresh_health', '40 2 * * *',
  $$select private.enqueue('maintenance', 'tenant.refresh_health', '{}'::jsonb, 'tenant.refresh_health:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD'))$$,
  'nightly: recomputes tenant health scores');

-- Housekeeping of impersonation history and the audit chain's head, on the same calendar.
create function private.job_close_expired_impersonations(payload jsonb, job jsonb)
returns void language sql security definer set search_path = ''
as $$ select private.close_expired_impersonations() $$;
create function private.job_audit_checkpoint(payload jsonb, job jsonb)
returns void language sql security definer set search_path = ''
as $$ select audit.checkpoint() $$;
select private.register_job_handler('impersonation.close_expired',
  sql_handler => 'private.job_close_expired_impersonations(jsonb, jsonb)'::regprocedure,
  description => 'marks impersonations that ran out as ended (access already stopped at expiry)');
select private.register_job_handler('audit.checkpoint', sql_handler => 'private.job_audit_checkpoint(jsonb, jsonb)'::regprocedure,
  description => 'records the audit chain''s head hash');
select private.declare_schedule(
  'impersonation.close_expired', '*/5 * * * *',
  $$select private.enqueue('maintenance', 'impersonation.close_expired', '{}'::jsonb, 'impersonation.close_expired:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI'))$$,
  'every 5 minutes: closes expired impersonation grants in the history');
select private.declare_schedule(
  'audit.checkpoint', '7 * * * *',
  $$select private.enqueue('maintenance', 'audit.checkpoint', '{}'::jsonb, 'audit.checkpoint:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24'))$$,
  'hourly: records the audit chain''s head hash');

revoke execute on function private.tenant_health_signals(public.tenants), private.compute_tenant_health(uuid),
  private.job_refresh_tenant_health(jsonb, jsonb), private.job_close_expired_impersonations(jsonb, jsonb),
  private.job_audit_checkpoint(jsonb, jsonb) from public, anon, authenticated;
revoke execute on function public.refresh_tenant_health(uuid) from public, anon;
grant execute on function public.refresh_tenant_health(uuid) to authenticated, service_role;
