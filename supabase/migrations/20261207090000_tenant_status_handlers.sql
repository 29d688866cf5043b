-- Tenant status changes call registered handlers (private.tenant_status_handlers) instead of one
-- function that each capability redefines; provisioning registers its handler.
create table private.tenant_status_handlers (
  handler text primary key
    check (handler ~ '^private\.[a-z_][a-z0-9_]*$'),
  capability text not null check (capability ~ '^[a-z][a-z_]*$'),
  -- the statuses entered that run the handler; null runs it on every change
  statuses text[] check (statuses is null or cardinality(statuses) between 1 and 10),
  run_order integer not null default 100,
  description text not null check (btrim(description) <> '')
);

alter table private.tenant_status_handlers enable row level security;
revoke all on table private.tenant_status_handlers from public, anon, authenticated, service_role;
grant select on table private.tenant_status_handlers to service_role;

comment on table private.tenant_status_handlers is
  'Handlers run in the transaction of every tenant status change: function(t public.tenants, from_status text, action text) returns void.';

CREATE OR REPLACE FUNCTION private.after_tenant_status_change(t public.tenants, from_status text, action text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  h record;
begin
  -- Each capability that reacts to a status change registered a handler (tenant_status_handlers).
  for h in
    select x.handler from private.tenant_status_handlers x
    where x.statuses is null or t.status = any (x.statuses)
    order by x.run_order, x.handler
  loop
    execute format('select %s($1, $2, $3)', h.handler) using t, from_status, action;
  end loop;
end
$$;

create function private.provision_on_tenant_status(t public.tenants, from_status text, action text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
begin
  perform private.enqueue_provisioning(t.id,
    action || ':' || (select max(h.id) from public.tenant_status_history h where h.tenant_id = t.id));
end
$$;

revoke all on function private.provision_on_tenant_status(t public.tenants, from_status text, action text) from public, anon, authenticated, service_role;

insert into private.tenant_status_handlers (handler, capability, statuses, run_order, description) values
  ('private.provision_on_tenant_status', 'provisioning', array['trial', 'active'], 100,
   'enqueues the provisioning steps of a tenant entering trial or active');
