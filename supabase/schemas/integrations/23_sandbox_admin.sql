-- Sandbox tenants from the developer portal's Sandbox tab (issue 18 §6): reseed (wipe and generate
-- the sample again) and delete. Both refuse a real tenant (integrations.not_sandbox): they exist so
-- an integrator's playground can be reset or thrown away, never to remove a customer's data.

-- Wipes a sandbox's orders (their items, transitions and payments go with them) and generates the
-- sample again through the same job as at creation (integrations.sandbox_seed). The job carries a
-- seed token also kept in sandbox_tenants.sample: a seeding job of an earlier generation, still
-- queued, finds another token and does nothing. `orders` null: as many as the last sample. Events
-- already emitted stay (history); the new orders emit theirs. tenants.write.
create function private.reseed_sandbox_tenant(tenant_id uuid, orders integer) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  s public.sandbox_tenants;
  v_orders int;
  v_wiped int;
  v_seed text := extensions.gen_random_uuid()::text;
begin
  perform private.assert_permission('tenants.write');
  select * into s from public.sandbox_tenants x where x.tenant_id = reseed_sandbox_tenant.tenant_id for update;
  if s.tenant_id is null then
    perform private.fail('integrations.not_sandbox', 'only a sandbox tenant can be reseeded');
  end if;
  v_orders := coalesce(orders, (s.sample ->> 'orders')::int, 25);
  if v_orders not between 1 and 200 then
    perform private.fail('integrations.invalid_sample_size', format('asked for %s sample orders', v_orders));
  end if;
  delete from public.orders o where o.tenant_id = s.tenant_id;
  get diagnostics v_wiped = row_count;
  update public.sandbox_tenants x set sample = jsonb_build_object('seed', v_seed) where x.tenant_id = s.tenant_id;
  perform private.enqueue('lifecycle', 'integrations.sandbox_seed',
    jsonb_build_object('tenant_id', s.tenant_id, 'orders', v_orders, 'seed', v_seed), 'sandbox_seed:' || s.tenant_id || ':' || v_seed);
  perform audit.record('sandbox_tenant.reseed', 'tenant', s.tenant_id::text, s.sample,
    jsonb_build_object('orders', v_orders, 'wiped_orders', v_wiped), s.tenant_id);
  return jsonb_build_object('tenant_id', s.tenant_id, 'orders', v_orders, 'wiped_orders', v_wiped, 'seeding', true);
end
$$;

revoke all on function private.reseed_sandbox_tenant(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function private.reseed_sandbox_tenant(uuid, integer) to authenticated, service_role;

create function public.reseed_sandbox_tenant(tenant_id uuid, orders integer default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.reseed_sandbox_tenant(tenant_id, orders) $$;

revoke all on function public.reseed_sandbox_tenant(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function public.reseed_sandbox_tenant(uuid, integer) to authenticated, service_role;
comment on function public.reseed_sandbox_tenant(uuid, integer) is
  'Wipes a sandbox tenant''s orders and generates its sample again (tenants.write; integrations.not_sandbox for a real tenant); orders 1-200, null: as many as before. Answers {tenant_id, orders, wiped_orders, seeding}.';

-- Deletes a sandbox tenant and everything it holds (every tenant table cascades from public.tenants;
-- a sandbox has no billing rows). Audited before the rows go, with the tenant's slug and name. Staff
-- who may create and activate tenants, like create_sandbox_tenant.
create function private.delete_sandbox_tenant(tenant_id uuid) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  t public.tenants;
  s public.sandbox_tenants;
begin
  perform private.assert_permission('tenants.write');
  perform private.assert_permission('tenants.lifecycle');
  select * into s from public.sandbox_tenants x where x.tenant_id = delete_sandbox_tenant.tenant_id for update;
  if s.tenant_id is null then
    perform private.fail('integrations.not_sandbox', 'only a sandbox tenant can be deleted');
  end if;
  select * into t from public.tenants x where x.id = s.tenant_id for update;
  perform audit.record('sandbox_tenant.delete', 'tenant', t.id::text,
    jsonb_build_object('slug', t.slug, 'name', t.name, 'sample', s.sample), null, t.id);
  delete from public.tenants x where x.id = t.id;
  return jsonb_build_object('tenant_id', t.id, 'slug', t.slug, 'deleted', true);
end
$$;

revoke all on function private.delete_sandbox_tenant(uuid) from public, anon, authenticated, service_role;
grant execute on function private.delete_sandbox_tenant(uuid) to authenticated, service_role;

create function public.delete_sandbox_tenant(tenant_id uuid) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.delete_sandbox_tenant(tenant_id) $$;

revoke all on function public.delete_sandbox_tenant(uuid) from public, anon, authenticated, service_role;
grant execute on function public.delete_sandbox_tenant(uuid) to authenticated, service_role;
comment on function public.delete_sandbox_tenant(uuid) is
  'Deletes a sandbox tenant with all its data (tenants.write and tenants.lifecycle; integrations.not_sandbox for a real tenant), audited. Answers {tenant_id, slug, deleted}.';
