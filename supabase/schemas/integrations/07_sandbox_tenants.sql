-- Sandbox tenants (issue 18): a tenant flagged for integrators to build against. The flag is a row
-- here rather than a column on public.tenants so integrations owns it whole: billing refuses a
-- sandbox's subscriptions and invoices (integrations/21), analytics leaves sandboxes out, and only
-- cmx_test_ API keys work on a sandbox (cmx_live_ keys on every other tenant).
create table public.sandbox_tenants (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  sample jsonb not null default '{}' check (jsonb_typeof(sample) = 'object'),
  created_by uuid,
  created_at timestamptz not null default now()
);

alter table public.sandbox_tenants enable row level security;
create policy "tenant admins and HQ read sandbox flags" on public.sandbox_tenants for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids_with_role(array['owner', 'admin'])))
         and tenant_id = any (private.my_tenant_ids_with_role_array(array['owner', 'admin']))));

create policy "HQ: tenant admins and HQ read sandbox flags" on public.sandbox_tenants for select to hq_staff
  using ((select private.has_permission('settings.read')));
revoke all on table public.sandbox_tenants from public, anon, authenticated, service_role;
grant select on table public.sandbox_tenants to authenticated;
grant all on table public.sandbox_tenants to service_role;

comment on table public.sandbox_tenants is 'Tenants that are sandboxes for integrators (made by public.create_sandbox_tenant): never billed, left out of analytics, reached with cmx_test_ keys only.';
comment on column public.sandbox_tenants.tenant_id is 'The sandbox tenant.';
comment on column public.sandbox_tenants.sample is 'What was generated in it: {customers, orders}; after a reseed also the seed token of its generation (an older seeding job does nothing).';
comment on column public.sandbox_tenants.created_by is 'The staff member who made it.';
comment on column public.sandbox_tenants.created_at is 'When it was made.';
