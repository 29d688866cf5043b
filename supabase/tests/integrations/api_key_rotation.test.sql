-- API key rotation with a grace period (issue 18): the old key keeps working for the overlap (24 h by
-- default), then answers integrations.key_expired; 0 stops it at once; a bad overlap is
-- integrations.invalid_overlap; a key rotates once; revoke still ends either key at once.
begin;
select plan(17);

select tests.create_tenant('rot-a') as a \gset
select tests.freeze_time('2026-12-01 08:00+00');
select public.create_api_key(:'a', 'ERP', array['orders:read']) as k \gset
select :'k'::jsonb ->> 'key' as old_key, :'k'::jsonb ->> 'id' as old_id \gset

-- the default: 24 hours of overlap
select public.rotate_api_key(:'old_id') as r \gset
select :'r'::jsonb ->> 'key' as new_key, :'r'::jsonb ->> 'id' as new_id \gset
select is((:'r'::jsonb ->> 'old_key_expires_at')::timestamptz, '2026-12-02 08:00+00'::timestamptz,
  'by default the old key expires 24 hours after the rotation (and the answer says when)');
select results_eq(format($$ select replaced_by, expires_at from public.api_keys where id = %L $$, :'old_id'),
  format($$ values (%L::uuid, '2026-12-02 08:00+00'::timestamptz) $$, :'new_id'), 'the old key points at its replacement and expires then');
select is((select key_id from private.verify_api_key(:'old_key')), :'old_id'::uuid, 'during the overlap the old key still works');
select is((select key_id from private.verify_api_key(:'new_key')), :'new_id'::uuid, 'and so does the new one');
select tests.freeze_time('2026-12-02 07:59+00');
select is((select key_id from private.verify_api_key(:'old_key')), :'old_id'::uuid, 'a minute before the end the old key still works');
select tests.freeze_time('2026-12-02 08:00+00');
select is(tests.error_of(format($$ select private.verify_api_key(%L) $$, :'old_key')), 'PT401 integrations.key_expired',
  'when the overlap ends the old key is refused');
select is((select key_id from private.verify_api_key(:'new_key')), :'new_id'::uuid, 'the new key goes on working');

select is(tests.error_of(format($$ select public.rotate_api_key(%L) $$, :'old_id')), 'PT401 integrations.key_expired',
  'an expired key cannot be rotated');

-- overlap 0: the old key stops at once
select public.rotate_api_key(:'new_id', 0) ->> 'key' as third_key \gset
select is(tests.error_of(format($$ select private.verify_api_key(%L) $$, :'new_key')), 'PT401 integrations.key_expired',
  'overlap 0: the old key is refused at once');
select ok((select key_id from private.verify_api_key(:'third_key')) is not null, 'its replacement works');

-- bad overlaps, and a key rotates once
select public.create_api_key(:'a', 'BI', array['events:read'], '2026-12-02 10:00+00') as b \gset
select :'b'::jsonb ->> 'id' as bid, :'b'::jsonb ->> 'key' as bkey \gset
select is(tests.error_of(format($$ select public.rotate_api_key(%L, -1) $$, :'bid')), '22023 integrations.invalid_overlap', 'a negative overlap is refused');
select is(tests.error_of(format($$ select public.rotate_api_key(%L, 10081) $$, :'bid')), '22023 integrations.invalid_overlap', 'more than 7 days is refused');
select is(tests.error_of(format($$ select public.rotate_api_key(%L, null) $$, :'bid')), '22023 integrations.invalid_overlap', 'a null overlap is refused');

select public.rotate_api_key(:'bid', 1440) ->> 'id' as bnew \gset
select is((select expires_at from public.api_keys where id = :'bid'), '2026-12-02 10:00+00'::timestamptz,
  'the old key never outlives its own expiry (2 h left, not 24)');
select is(tests.error_of(format($$ select public.rotate_api_key(%L) $$, :'bid')), 'PT409 integrations.key_rotated',
  'a key already rotated cannot be rotated again');

-- revoke still ends a key at once, even during its overlap
select public.revoke_api_key(:'bid');
select is(tests.error_of(format($$ select private.verify_api_key(%L) $$, :'bkey')), 'PT401 integrations.key_revoked',
  'revoking the old key during the overlap ends it at once');

select is((select count(*)::int from audit.log where action = 'api_key.rotate' and entity_id in (:'old_id', :'new_id', :'bid')), 3,
  'every rotation is audited');

select * from finish();
rollback;
