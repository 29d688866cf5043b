-- Provider credentials in Vault: public.notification_credentials(provider) answers the Vault secret
-- notifications.<provider> as a JSON object of settings (strings only), null when Vault holds none
-- (the functions then use their env); only the service role may call it; an unknown provider or a
-- secret that is not a JSON object is a clear error.
begin;
select plan(8);

select tests.create_staff('root@nc.test', 'super_admin') as root \gset
select vault.create_secret('{"TWILIO_ACCOUNT_SID": "ACvault", "TWILIO_AUTH_TOKEN": "from-vault", "retries": 3}', 'notifications.twilio', 'test');
select vault.create_secret('not json', 'notifications.unifonic', 'test');

select tests.authenticate_as_service_role();
select is(public.notification_credentials('twilio'), '{"TWILIO_ACCOUNT_SID": "ACvault", "TWILIO_AUTH_TOKEN": "from-vault"}'::jsonb,
  'the service role reads the provider''s settings from Vault (string values only)');
select is(public.notification_credentials('whatsapp_cloud'), null, 'no Vault secret for the provider: null (the env is used)');
select is(tests.error_of($$ select public.notification_credentials('unifonic') $$), 'PT503 notifications.invalid_credentials',
  'a secret that is not a JSON object is refused with a clear code');
select is(tests.error_of($$ select public.notification_credentials('carrier_pigeon') $$), '22023 notifications.invalid_provider', 'an unknown provider is refused');
select tests.clear_authentication();

select is(tests.error_of(:'root', 'aal2', $$ select public.notification_credentials('twilio') $$), '42501 ', 'a super admin may not read credentials');
select is(tests.error_of(format('set local role anon; select public.notification_credentials(%L)', 'twilio')), '42501 ', 'anon may not either');
select tests.authenticate_as(:'root', 'aal2');
select is(tests.error_of($$ select private.notification_credentials('twilio') $$), '42501 ', 'nor call the private body');
select tests.clear_authentication();
select is(array(select p.oid::regprocedure::text from pg_proc p where p.proname = 'notification_credentials'
                  and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))),
  '{}'::text[], 'neither signed-in users nor anon hold execute on either function');

select * from finish();
rollback;
