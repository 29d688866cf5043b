-- Sandbox tenants for integrators (issue 18): an active tenant flagged in public.sandbox_tenants,
-- filled with generated customers and orders (through private.create_order, so its order events
-- reach its endpoints like any tenant's), never billed and left out of analytics.

create function private.is_sandbox_tenant(tenant_id uuid) returns boolean
    language sql stable security definer
    set search_path to ''
    as $$ select exists (select from public.sandbox_tenants s where s.tenant_id = is_sandbox_tenant.tenant_id) $$;

revoke all on function private.is_sandbox_tenant(uuid) from public, anon, authenticated, service_role;

-- Billing never starts for a sandbox: no subscription, no invoice (every invoice is drafted by
-- private.new_invoice, every subscription inserted by private.create_subscription; the guard sits on
-- the rows so no later path forgets it).
create function private.refuse_sandbox_billing() returns trigger
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  if private.is_sandbox_tenant(new.tenant_id) then
    perform private.fail('integrations.sandbox_not_billed', format('tenant %s is a sandbox: no %s', new.tenant_id, tg_table_name));
  end if;
  return new;
end
$$;

revoke all on function private.refuse_sandbox_billing() from public, anon, authenticated, service_role;

create trigger sandbox_not_billed before insert on public.subscriptions
  for each row execute function private.refuse_sandbox_billing();
create trigger sandbox_not_billed before insert on public.invoices
  for each row execute function private.refuse_sandbox_billing();

-- Makes a sandbox: the tenant (created, submitted, approved and activated through the lifecycle, so
-- it is audited and emits its tenant events), flagged, with its default plan's entitlements; its
-- sample data follows as a job (integrations.sandbox_seed), run by the jobs backbone as a trusted
-- caller since HQ staff are not members who may create a tenant's orders. Staff who may create and
-- activate tenants.
create function private.create_sandbox_tenant(slug text, name text, contact_email text, orders integer) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  v_tenant uuid;
begin
  perform private.assert_permission('tenants.write');
  perform private.assert_permission('tenants.lifecycle');
  if orders is null or orders not between 1 and 200 then
    perform private.fail('integrations.invalid_sample_size', format('asked for %s sample orders', coalesce(orders::text, 'null')));
  end if;
  -- the sandbox's contact receives its notices (a disabled endpoint, …): a real address, checked here
  -- rather than at the lifecycle's submit, which only asks that there is one
  if contact_email is null or length(contact_email) > 254 or btrim(contact_email) !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform private.fail('integrations.invalid_contact_email', format('invalid contact e-mail %L', left(contact_email, 64)));
  end if;
  v_tenant := private.create_tenant(slug, jsonb_build_object('en', name, 'ar', name), 'OM', 'GCC-OM', 'Asia/Muscat', 'OMR', 'en',
                                    null, '{}', jsonb_build_object('email', btrim(contact_email)), '{}');
  insert into public.sandbox_tenants (tenant_id, created_by) values (v_tenant, auth.uid());
  perform private.transition_tenant(v_tenant, 'submit', 'sandbox for integrators');
  perform private.transition_tenant(v_tenant, 'approve', 'sandbox for integrators');
  perform private.transition_tenant(v_tenant, 'activate', 'sandbox for integrators');
  perform private.provision_entitlements(v_tenant);
  perform private.enqueue('lifecycle', 'integrations.sandbox_seed', jsonb_build_object('tenant_id', v_tenant, 'orders', orders),
    'sandbox_seed:' || v_tenant);
  perform audit.record('sandbox_tenant.create', 'tenant', v_tenant::text, null, jsonb_build_object('slug', slug, 'orders', orders), v_tenant);
  return jsonb_build_object('tenant_id', v_tenant, 'slug', slug, 'orders', orders, 'seeding', true);
end
$$;

revoke all on function private.create_sandbox_tenant(text, text, text, integer) from public, anon, authenticated, service_role;
grant execute on function private.create_sandbox_tenant(text, text, text, integer) to authenticated, service_role;

create function public.create_sandbox_tenant(slug text, name text, contact_email text, orders integer default 25) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.create_sandbox_tenant(slug, name, contact_email, orders) $$;

revoke all on function public.create_sandbox_tenant(text, text, text, integer) from public, anon, authenticated, service_role;
grant execute on function public.create_sandbox_tenant(text, text, text, integer) to authenticated, service_role;
comment on function public.create_sandbox_tenant(text, text, text, integer) is
  'Makes a sandbox tenant for integrators (tenants.write and tenants.lifecycle): active, flagged in sandbox_tenants, then filled by a job with generated customers and `orders` (1-200) sample orders; never billed, left out of analytics, reached with cmx_test_ keys only. Answers {tenant_id, slug, orders, seeding}.';

-- The sample data of a sandbox: `orders` orders (SBX-0001…) over 12 generated customers (names in
-- English and Arabic, Omani mobile numbers) across the published service categories, through
-- private.create_order so their events reach the sandbox's endpoints. Idempotent: a number already
-- there is skipped (a retried job finishes the set, never doubles it). Answers the orders made.
create function private.seed_sandbox_tenant(tenant_id uuid, orders integer) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  v_categories text[];
  v_names text[] := array['Salim Al Harthy', 'مريم البلوشية', 'Ahmed Al Rawahi', 'فاطمة الكندية', 'Khalid Al Busaidi', 'نورة الحارثية',
                          'Yousuf Al Balushi', 'عائشة الراشدية', 'Hamad Al Siyabi', 'ليلى الهنائية', 'Omar Al Farsi', 'زينب المعمرية'];
  v_number text;
  v_made int := 0;
begin
  if not private.is_sandbox_tenant(seed_sandbox_tenant.tenant_id) then
    perform private.fail('tenant.not_found', 'no such sandbox tenant');
  end if;
  select array_agg(t.service_category order by t.service_category) into v_categories
  from public.workflow_templates t
  where not t.archived and exists (select from public.workflow_versions v where v.template_id = t.id and v.tenant_id is null);
  for n in 1 .. least(coalesce(orders, 0), 200) loop
    v_number := format('SBX-%s', lpad(n::text, 4, '0'));
    continue when exists (select from public.orders o where o.tenant_id = seed_sandbox_tenant.tenant_id and o.number = v_number);
    perform private.create_order(seed_sandbox_tenant.tenant_id, v_categories[1 + (n - 1) % cardinality(v_categories)], v_number,
      v_names[1 + (n - 1) % 12], format('+9689%s', lpad((1000000 + n * 7919 % 999999)::text, 7, '0')),
      1 + n % 5, round((1.5 + (n * 37 % 100) / 10.0)::numeric, 3));
    v_made := v_made + 1;
  end loop;
  update public.sandbox_tenants s set sample = s.sample || jsonb_build_object(
    'customers', (select count(distinct o.customer_name) from public.orders o where o.tenant_id = s.tenant_id),
    'orders', (select count(*) from public.orders o where o.tenant_id = s.tenant_id))
  where s.tenant_id = seed_sandbox_tenant.tenant_id;
  return v_made;
end
$$;

revoke all on function private.seed_sandbox_tenant(uuid, integer) from public, anon, authenticated, service_role;

create function private.job_sandbox_seed(payload jsonb, job jsonb) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  -- deleted since, or reseeded since (another seed token, integrations/23): nothing to do
  if not exists (select from public.sandbox_tenants s where s.tenant_id = (payload ->> 'tenant_id')::uuid
                 and (s.sample ->> 'seed') is not distinct from (payload ->> 'seed')) then
    return;
  end if;
  perform private.seed_sandbox_tenant((payload ->> 'tenant_id')::uuid, (payload ->> 'orders')::integer);
end
$$;

revoke all on function private.job_sandbox_seed(jsonb, jsonb) from public, anon, authenticated, service_role;

select private.register_job_handler('integrations.sandbox_seed', 'private.job_sandbox_seed(jsonb,jsonb)', null, null,
  'fills a new sandbox tenant with generated customers and orders (private.seed_sandbox_tenant)');
