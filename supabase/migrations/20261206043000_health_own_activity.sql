-- Tenant health from the tenant's own use (issue 13 §4).
--
-- Before: "activity" was 5 points per audit row on the tenant in 30 days, and audit rows are
-- mostly HQ's own clicks (create, approve, activate, provisioning): a tenant created minutes ago
-- scored 80, like the oldest demo tenant. Now (documented in docs/plans-and-lifecycle.md):
--   lifecycle     0–40  unchanged (active 40, trial 30, grace 15, …)
--   maturity      0–20  one point per 9 days since creation (a new tenant has 0), shown with its age
--   activity      0–25  the tenant's own use in the last 30 days, never HQ's:
--                         orders its people created              1 point each, up to 10
--                         order moves by its people               1 point per 2, up to 10
--                         (rows written under an HQ impersonation do not count)
--                         a tenant user (member, not HQ staff) signed in   5 points
--   provisioning  0–15  unchanged
-- The figures behind them are kept in tenant_health.inputs: age_days, new_tenant (under 30
-- days), orders_30d, order_moves_30d, users_signed_in_30d.

alter table public.tenant_health add column inputs jsonb not null default '{}' check (jsonb_typeof(inputs) = 'object');
comment on column public.tenant_health.inputs is
  'The figures behind the signals: age_days, new_tenant, orders_30d, order_moves_30d, users_signed_in_30d.';

-- What the signals are computed from (see the header).
create function private.tenant_health_inputs(t public.tenants)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with own as (
    select count(*) filter (where x.from_stage is null) as orders,
           count(*) filter (where x.from_stage is not null) as moves
    from public.order_transitions x
    where x.tenant_id = t.id and x.at > private.now() - interval '30 days' and x.impersonation_id is null
  )
  select jsonb_build_object(
    'age_days', floor(extract(epoch from (private.now() - t.created_at)) / 86400)::int,
    'new_tenant', t.created_at > private.now() - interval '30 days',
    'orders_30d', own.orders,
    'order_moves_30d', own.moves,
    'users_signed_in_30d', (select count(*) from public.tenant_members m join auth.users u on u.id = m.user_id
                            where m.tenant_id = t.id and u.last_sign_in_at > private.now() - interval '30 days'
                              and not exists (select from public.platform_staff s where s.user_id = m.user_id)))
  from own
$$;

create or replace function private.tenant_health_signals(t public.tenants)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with i as (select private.tenant_health_inputs(t) as v)
  select jsonb_build_object(
    'lifecycle', case t.status when 'active' then 40 when 'trial' then 30 when 'grace' then 15 when 'approved' then 10
                               when 'suspended' then 5 when 'pending_approval' then 5 when 'draft' then 5 else 0 end,
    'maturity', least(20, floor(extract(epoch from (private.now() - t.created_at)) / 86400 / 9))::int,
    'activity', least(25, least(10, (i.v ->> 'orders_30d')::int)
                          + least(10, ceil((i.v ->> 'order_moves_30d')::numeric / 2)::int)
                          + case when (i.v ->> 'users_signed_in_30d')::int > 0 then 5 else 0 end),
    'provisioning', (select case when count(p.*) = 0 then 0
                                 when count(*) filter (where p.status = 'failed') > 0
                                   then greatest(0, 15 - 5 * count(*) filter (where p.status = 'failed'))
                                 when count(*) filter (where p.status = 'done' and p.applied_version >= s.version) = count(s.*) then 15
                                 else 10 end
                     from public.provisioning_steps s
                     left join public.tenant_provisioning p on p.step_code = s.code and p.tenant_id = t.id
                     where s.enabled)::int)
  from i
$$;

create or replace function private.compute_tenant_health(tenant_id uuid)
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
  insert into public.tenant_health as h (tenant_id, score, signals, inputs, computed_at)
  values (t.id, least(100, greatest(0, coalesce((signals ->> 'lifecycle')::int, 0) + coalesce((signals ->> 'maturity')::int, 0)
                                       + coalesce((signals ->> 'activity')::int, 0) + coalesce((signals ->> 'provisioning')::int, 0))),
          signals, private.tenant_health_inputs(t), now())
  on conflict on constraint tenant_health_pkey do update set score = excluded.score, signals = excluded.signals,
    inputs = excluded.inputs, computed_at = excluded.computed_at
  returning * into result;
  return result;
end
$$;

create or replace function public.refresh_tenant_health(tenant_id uuid)
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
  return jsonb_build_object('score', result.score, 'signals', result.signals, 'inputs', result.inputs, 'computed_at', result.computed_at);
end
$$;
comment on function public.refresh_tenant_health(uuid) is
  'Recomputes a tenant''s health score (lifecycle, maturity, the tenant''s own activity, provisioning) and answers it with the figures behind it. tenants.read.';

revoke execute on function private.tenant_health_inputs(public.tenants) from public, anon, authenticated;
