-- Endpoints: URL and filter validation (production rules, then devstack's development mode), who
-- manages them (the tenant's owners and admins, HQ with settings.write), the secret shown once.
begin;
select plan(16);

select tests.create_tenant('ep-a') as a \gset
select tests.create_tenant('ep-b') as b \gset
select tests.create_user('owner@ep-a.test') as owner_a \gset
select tests.create_user('op@ep-a.test') as op_a \gset
select tests.add_member(:'a', :'owner_a', 'owner'), tests.add_member(:'a', :'op_a', 'operator');
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('sup@hq.test', 'support') as sup \gset
update private.integration_settings set allow_private_targets = false;

create function pg_temp.url_error(u text) returns text language sql as $$
  select tests.error_of(format($q$ select private.valid_webhook_url(%L) $q$, u)) $$;
select is(array_agg(pg_temp.url_error(u) order by o), array_fill('22023 integrations.invalid_url'::text, array[9]),
  'production refuses http, loopback, private, link-local, disguised and local targets')
from unnest(array['http://example.com/h', 'https://127.0.0.1/h', 'https://10.1.2.3/h', 'https://169.254.169.254/latest',
                  'https://[::1]/h', 'https://localhost:8443/h', 'https://2130706433/h', 'https://user:pw@example.com/h',
                  'ftp://example.com/h']) with ordinality x(u, o);
select is(private.valid_webhook_url(' https://hooks.example.com:8443/cmx?x=1 '), 'https://hooks.example.com:8443/cmx?x=1',
  'a public https address is accepted (trimmed)');
update private.integration_settings set allow_private_targets = true;
select is(private.valid_webhook_url('http://127.0.0.1:9999/h'), 'http://127.0.0.1:9999/h', 'development mode allows local http targets');
update private.integration_settings set allow_private_targets = false;

select is(private.valid_event_filter(array[' order.ready', 'invoice.*', 'order.ready']), array['invoice.*', 'order.ready'],
  'a filter is trimmed, deduplicated and sorted; prefix wildcards are accepted');
select is(tests.error_of($$ select private.valid_event_filter(array['order.teleported']) $$), '22023 integrations.invalid_filter',
  'an unknown event type is refused');
select is(tests.error_of($$ select private.valid_event_filter(array['nope.*']) $$), '22023 integrations.invalid_filter',
  'a wildcard matching nothing is refused');
select is(tests.error_of($$ select private.valid_event_filter('{}') $$), '22023 integrations.invalid_filter', 'an empty filter is refused');

-- the tenant's owner manages its endpoints
select tests.authenticate_as(:'owner_a');
select public.create_webhook_endpoint(:'a', 'https://hooks.example.com/a', array['order.*'], 'ERP') as created \gset
select tests.clear_authentication();
select ok((:'created'::jsonb ->> 'secret') ~ '^whsec_[A-Za-z0-9+/]{43}=$', 'the answer carries a whsec_ secret (32 random bytes)');
select is((select secret from private.webhook_endpoint_secrets where endpoint_id = (:'created'::jsonb ->> 'id')::uuid),
  :'created'::jsonb ->> 'secret', 'the secret is kept for signing');
select is(tests.error_of(:'owner_a', 'aal1', format($$ select public.create_webhook_endpoint(%L, 'https://x.example.com', array['*']) $$, :'b')),
  'PT403 integrations.forbidden', 'an owner of A cannot make endpoints for B');
select is(tests.error_of(:'op_a', 'aal1', format($$ select public.create_webhook_endpoint(%L, 'https://x.example.com', array['*']) $$, :'a')),
  'PT403 integrations.forbidden', 'an operator cannot make endpoints');
select is(tests.error_of(:'owner_a', 'aal1', $$ select public.create_webhook_endpoint(null, 'https://x.example.com', array['*']) $$),
  'PT403 integrations.forbidden', 'a tenant user cannot make HQ endpoints');
select is(tests.error_of(:'sup', 'aal2', format($$ select public.create_webhook_endpoint(%L, 'https://x.example.com', array['*']) $$, :'a')),
  'PT403 auth.permission_denied', 'staff without settings.write cannot either');
select is(tests.error_of(:'tech', 'aal2', $$ select public.create_webhook_endpoint(null, 'https://bi.example.com/in', array['*'], 'BI') $$),
  'ok', 'staff with settings.write make HQ endpoints');

-- another tenant's endpoint answers like a missing one
select tests.create_user('owner@ep-b.test') as owner_b \gset
select tests.add_member(:'b', :'owner_b', 'owner');
select is(tests.error_of(:'owner_b', 'aal1', format($$ select public.update_webhook_endpoint(%L, enabled => false) $$, :'created'::jsonb ->> 'id')),
  'PT404 integrations.unknown_endpoint', 'B''s owner cannot change A''s endpoint (same answer as a missing one)');
select is(tests.error_of(:'owner_a', 'aal1', format($$ select public.update_webhook_endpoint(%L, url => 'http://10.0.0.5/h') $$, :'created'::jsonb ->> 'id')),
  '22023 integrations.invalid_url', 'a change to a private URL is refused');
select * from finish();
rollback;
