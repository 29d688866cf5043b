-- One row of integration settings. allow_private_targets is devstack's development mode: the dev
-- seed (supabase/seeds/40_integrations_dev.sql) turns it on so endpoints may be http:// and point at
-- localhost; production keeps the default (https only, no private, loopback or link-local targets).
create table private.integration_settings (
  id boolean primary key default true check (id),
  allow_private_targets boolean not null default false,
  disable_after_failures int not null default 20 check (disable_after_failures between 1 and 1000),
  lease_seconds int not null default 60 check (lease_seconds between 5 and 900),
  max_response_chars int not null default 4096 check (max_response_chars between 0 and 65536),
  alert_after_failures int not null default 3 check (alert_after_failures between 1 and 1000)
);
alter table private.integration_settings enable row level security;
revoke all on table private.integration_settings from public, anon, authenticated, service_role;
grant select, update on table private.integration_settings to service_role;
comment on table private.integration_settings is 'Integration settings (one row): development mode for endpoint targets, the failure run that alerts an endpoint''s owner (alert_after_failures) and the one that disables it, the delivery lease, the stored response size.';

insert into private.integration_settings (id) values (true);
