-- Extension point: what other capabilities do when a tenant's status changes. A capability
-- registers a handler row in its own schema folder instead of redefining
-- private.after_tenant_status_change (tenants/43), which calls every matching handler in order.
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
