-- API keys: shown once and stored hashed, recognisable by prefix; a key never exceeds its scopes or
-- its tenant; expired, revoked and unknown keys answer 401 codes; the per-key rate limit; rotation.
begin;
select plan(16);

update private.integration_settings set allow_private_targets = true;
select tests.create_tenant('key-a') as a \gset
select tests.create_tenant('key-b') as b \gset
select private.provision_entitlements(:'a'), private.provision_entitlements(:'b');
select public.create_order(:'a', 'wash_iron', 'KA-1', 'Salim') ->> 'id' as oa \gset
select public.create_order(:'b', 'wash_iron', 'KB-1', 'Ahmed') ->> 'id' as ob \gset
select tests.create_user('owner@key-a.test') as owner_a \gset
select tests.add_member(:'a', :'owner_a', 'owner');

select tests.authenticate_as(:'owner_a');
select public.create_api_key(:'a', 'ERP', array['orders:read', 'events:read']) as k \gset
select tests.clear_authentication();
select :'k'::jsonb ->> 'key' as key, :'k'::jsonb ->> 'id' as key_id \gset
select ok(:'key' ~ '^cmx_live_[A-Za-z0-9_-]{40}$', 'a live key: cmx_live_ and 40 random characters');
select results_eq(format($$ select key_prefix, key_hash from public.api_keys where id = %L $$, :'key_id'),
  format($$ values (left(%L, 17), extensions.digest(%L, 'sha256')) $$, :'key', :'key'),
  'only the prefix and the sha256 are stored');
select is(tests.error_of(:'owner_a', 'aal1', format($$ select key_hash from public.api_keys where id = %L $$, :'key_id')),
  '42501 ', 'clients cannot read the hash');

select results_eq(format($$ select tenant_id, scopes from private.verify_api_key(%L) $$, :'key'),
  format($$ values (%L::uuid, array['events:read', 'orders:read']) $$, :'a'), 'verify_api_key answers the tenant and scopes');
select is((select jsonb_agg(x ->> 'id') from jsonb_array_elements(public.api_dispatch(:'key', 'orders.list', format('{"tenant_id": "%s"}', :'b')::jsonb)) x),
  jsonb_build_array(:'oa'), 'a tenant key lists its own orders only, whatever tenant the call names');
select is(public.api_dispatch(:'key', 'orders.get', format('{"order_id": "%s"}', :'ob')::jsonb), '[]'::jsonb,
  'another tenant''s order is not found');
select is(tests.error_of(format($$ select public.api_dispatch(%L, 'orders.transition', '{"order_id": "%s", "to_stage": "tagging"}') $$, :'key', :'oa')),
  'PT403 integrations.scope_denied', 'a read scope cannot write');
select is(tests.error_of(format($$ select public.api_dispatch(%L, 'invoices.list') $$, :'key')),
  'PT403 integrations.scope_denied', 'a resource outside the scopes is refused');

select public.create_api_key(:'a', 'POS', array['orders:write']) ->> 'key' as wkey \gset
select is(public.api_dispatch(:'wkey', 'orders.transition', format('{"order_id": "%s", "to_stage": "tagging"}', :'oa')::jsonb) ->> 'to', 'tagging',
  'a write scope moves the tenant''s own order');
select is(tests.error_of(format($$ select public.api_dispatch(%L, 'orders.transition', '{"order_id": "%s", "to_stage": "tagging"}') $$, :'wkey', :'ob')),
  'PT404 workflow.order_not_found', 'but not another tenant''s');

select is(tests.error_of($$ select private.verify_api_key('cmx_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') $$), 'PT401 integrations.invalid_key',
  'an unknown key is 401 integrations.invalid_key');
update public.api_keys set expires_at = now() - interval '1 second' where id = :'key_id';
select is(tests.error_of(format($$ select public.api_dispatch(%L, 'orders.list') $$, :'key')), 'PT401 integrations.key_expired',
  'an expired key is 401 integrations.key_expired');
select public.revoke_api_key(:'key_id');
select is(tests.error_of(format($$ select public.api_dispatch(%L, 'orders.list') $$, :'key')), 'PT401 integrations.key_revoked',
  'a revoked key is 401 integrations.key_revoked');

-- rate limit: the 3rd call in a minute of a key allowing 2
select public.create_api_key(:'a', 'tiny', array['events:read'], null, 2) ->> 'key' as tkey \gset
select public.api_dispatch(:'tkey', 'events.list'), public.api_dispatch(:'tkey', 'events.list');
select is(tests.error_of(format($$ select public.api_dispatch(%L, 'events.list') $$, :'tkey')), 'PT429 integrations.rate_limited',
  'past its rate limit a key is refused with 429');

-- rotation: the new key works at once, the old one for the overlap
select (select id from public.api_keys where key_prefix = left(:'wkey', 17)) as wid \gset
select public.rotate_api_key(:'wid', 60) ->> 'key' as rkey \gset
select is((select scopes from private.verify_api_key(:'rkey')), array['orders:write'], 'the rotated key keeps the scopes');
select ok((select expires_at between now() + interval '59 minutes' and now() + interval '61 minutes' from public.api_keys where id = :'wid'),
  'the old key expires after the overlap');

select * from finish();
rollback;
