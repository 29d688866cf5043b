-- Billing: webhook secrets of tenant merchant accounts from Vault (public.gateway_webhook_secret).
begin;
select plan(14);


select has_function('public', 'gateway_webhook_secret', array['uuid', 'text'], 'gateway_webhook_secret(uuid, text) exists');
-- The exposed function is SECURITY INVOKER; its body runs as SECURITY DEFINER in private (issue 15).
select is((select (select not prosecdef and proconfig @> array['search_path=""'] from pg_proc where oid = 'public.gateway_webhook_secret(uuid, text)'::regprocedure)
             and prosecdef and proconfig @> array['search_path=""'] from pg_proc where oid = 'private.gateway_webhook_secret(uuid, text)'::regprocedure),
          true, 'security definer body in private, both with an empty search_path');
select is(has_function_privilege('authenticated', 'public.gateway_webhook_secret(uuid, text)', 'execute')
          or has_function_privilege('anon', 'public.gateway_webhook_secret(uuid, text)', 'execute'),
          false, 'anon and authenticated may not execute it');
select is(has_function_privilege('service_role', 'public.gateway_webhook_secret(uuid, text)', 'execute'), true, 'service_role may');

select tests.create_tenant('gw-secret-a') as ta \gset
select tests.create_tenant('gw-secret-b') as tb \gset
select vault.create_secret('whsec_tenantA_' || repeat('x', 20), 'test_gw_stripe_a', 'test') is not null as created \gset
insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name)
values (:'ta', 'stripe', 'acct_test_a', 'test_gw_stripe_a') returning id as acc_a \gset
insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name)
values (:'tb', 'paytabs', '90001', 'test_gw_missing_secret') returning id as acc_b \gset
insert into public.gateway_accounts (tenant_id, gateway, merchant_ref, secret_name, active)
values (:'tb', 'stripe', 'acct_old', 'test_gw_stripe_a', false) returning id as acc_off \gset

select tests.authenticate_as_service_role();
select is(public.gateway_webhook_secret(:'acc_a', 'stripe'), 'whsec_tenantA_' || repeat('x', 20), 'the service role reads the account''s Vault secret');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_a', 'paytabs')), 'PT404 billing.unknown_gateway_account',
          'an account of another gateway is refused');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_off', 'stripe')), 'PT404 billing.unknown_gateway_account',
          'an inactive account is refused');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', extensions.gen_random_uuid(), 'stripe')), 'PT404 billing.unknown_gateway_account',
          'an unknown account is refused');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_b', 'paytabs')), 'PT404 billing.gateway_secret_missing',
          'an account whose Vault secret is missing is refused');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_a', 'paypal')), '22023 billing.invalid_gateway', 'an unknown gateway is invalid');
select is(tests.error_of(format('select public.gateway_webhook_secret(null, %L)', 'stripe')), '22023 billing.invalid_gateway_account', 'a null account is invalid');

-- Signed-in users, even billing staff, never read secrets.
select tests.clear_authentication();
select tests.create_staff('gw-secret-biz@hq.test', 'super_admin') as staff \gset
select tests.authenticate_as(:'staff', 'aal2');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_a', 'stripe')), '42501 ', 'a super admin (authenticated) cannot execute it');
select tests.authenticate_as_anon();
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_a', 'stripe')), '42501 ', 'anon cannot execute it');
-- Even with execute granted by mistake, the body refuses a signed-in caller.
select tests.clear_authentication();
grant execute on function public.gateway_webhook_secret(uuid, text) to authenticated;
grant execute on function private.gateway_webhook_secret(uuid, text) to authenticated;
select tests.authenticate_as(:'staff', 'aal2');
select is(tests.error_of(format('select public.gateway_webhook_secret(%L, %L)', :'acc_a', 'stripe')), 'PT403 billing.service_role_only',
          'the function itself refuses anyone but the service role');

select * from finish();
rollback;
