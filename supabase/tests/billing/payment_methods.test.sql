-- Billing saved payment methods: succeeded payments save their card once (the first is the default),
-- failed ones none; who may see, set the default and remove them; every change audited.
-- Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(19);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('a2-pay-a') as ta \gset
select tests.create_tenant('a2-pay-b') as tb \gset
select tests.create_user('owner-a@a2.test') as owner_a \gset
select tests.create_user('viewer-a@a2.test') as viewer_a \gset
select tests.create_user('owner-b@a2.test') as owner_b \gset
select tests.add_member(:'ta', :'owner_a', 'owner');
select tests.add_member(:'ta', :'viewer_a', 'viewer');
select tests.add_member(:'tb', :'owner_b', 'owner');
select tests.create_staff('biz@a2.test', 'biz_admin') as biz \gset
select tests.create_staff('support@a2.test', 'support') as support \gset

-- ── saved payment methods ───────────────────────────────────────────────────────────────────
select tests.create_open_invoice(:'ta', 10) as inv10 \gset
select tests.create_open_invoice(:'ta', 10) as inv11 \gset
select tests.authenticate_as_service_role();
select throws_ok($$ select public.ingest_payment_event(tests.payment_event('evt_pm_bad', 'payment_succeeded', 'pi_pm_bad', 1)
                     || '{"payment_method":{"brand":"visa"}}') $$, '22023', 'payment_method.method_ref must be 1 to 200 characters',
  'a payment method without its reference is refused');
select is((select count(*)::int from public.payment_events where event_id = 'evt_pm_bad'), 0, 'and nothing is stored');
select public.ingest_payment_event(tests.payment_event('evt_pm_1', 'payment_succeeded', 'pi_pm_1', 10.5, :'inv10')
  || '{"payment_method":{"customer_ref":"cus_a2","method_ref":"pm_a2_1","brand":"visa","last4":"4242","exp_month":12,"exp_year":2030}}') ->> 'id' as evpm1 \gset
select public.ingest_payment_event(tests.hyperpay_event('HPpm2', 'payment_succeeded', '8AC7PM2', 10.5, null,
  '{"method_ref":"REG-a2-2","brand":"MASTER","last4":"5454","exp_month":"01","exp_year":"31"}') || jsonb_build_object('invoice_id', :'inv11')) ->> 'id' as evpm2 \gset
select public.ingest_payment_event(tests.payment_event('evt_pm_fail', 'payment_failed', 'pi_pm_fail', 10.5, :'inv11')
  || '{"payment_method":{"method_ref":"pm_a2_declined","last4":"0002"}}') ->> 'id' as evpmf \gset
select tests.clear_authentication();
select private.apply_payment_event(:evpm1);
select private.apply_payment_event(:evpm2);
select private.apply_payment_event(:evpmf);
select results_eq(format($$ select gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default
                           from public.payment_methods where tenant_id = %L order by is_default desc $$, :'ta'),
  $$ values ('stripe'::text, 'cus_a2'::text, 'pm_a2_1'::text, 'visa'::text, '4242'::text, 12, 2030, true),
            ('hyperpay', null, 'REG-a2-2', 'MASTER', '5454', 1, 2031, false) $$,
  'succeeded payments save their methods (the first is the default); a failed payment saves none');
select id as pm1 from public.payment_methods where method_ref = 'pm_a2_1' \gset
select id as pm2 from public.payment_methods where method_ref = 'REG-a2-2' \gset
select is(public.replay_payment_event(:evpm1) ->> 'status', 'applied', 'replaying the event') from (select tests.authenticate_as(:'biz', 'aal2')) x;
select tests.clear_authentication();
select is((select count(*)::int from public.payment_methods where tenant_id = :'ta'), 2, 'saves the method once');
select tests.authenticate_as(:'viewer_a');
select throws_ok(format($$ select public.set_default_payment_method(%L) $$, :'pm2'), 'PT403', null, 'a tenant viewer may not change the default');
select is((select count(*)::int from public.payment_methods), 2, 'but sees the tenant''s methods');
select throws_ok(format($$ insert into public.payment_methods (tenant_id, gateway, method_ref) values (%L, 'stripe', 'pm_forged') $$, :'ta'),
  '42501', null, 'no direct writes');
select tests.authenticate_as(:'owner_b');
select throws_ok(format($$ select public.set_default_payment_method(%L) $$, :'pm2'), 'PT404', 'no such payment method',
  'another tenant''s owner may not (the method answers as missing: no oracle)');
select is((select count(*)::int from public.payment_methods where tenant_id = :'ta'), 0, 'nor see them');
select tests.authenticate_as(:'owner_a');
select throws_ok($$ select public.set_default_payment_method('00000000-0000-0000-0000-000000000000') $$, 'PT404', 'no such payment method',
  'an unknown method');
select is(public.set_default_payment_method(:'pm2') ->> 'is_default', 'true', 'the owner makes the HyperPay registration the default');
select results_eq(format($$ select method_ref from public.payment_methods where tenant_id = %L and is_default $$, :'ta'),
  $$ values ('REG-a2-2'::text) $$, 'one default per tenant');
select throws_ok(format($$ select public.remove_payment_method(%L, '') $$, :'pm2'), '22023', null, 'removing needs a reason');
select is(public.remove_payment_method(:'pm2', 'card replaced') ->> 'new_default_id', :'pm1', 'removing the default promotes the other method');
select tests.authenticate_as(:'support', 'aal2');
select throws_ok(format($$ select public.remove_payment_method(%L, 'card replaced') $$, :'pm1'), 'PT403', null,
  'support (billing.read) may not remove a method');
select is((select count(*)::int from public.payment_methods where tenant_id = :'ta'), 1, 'but reads them');
select tests.authenticate_as(:'biz', 'aal2');
select is(public.remove_payment_method(:'pm1', 'customer request') ->> 'new_default_id', null, 'billing staff remove the last method');
select tests.clear_authentication();
select is((select array_agg(action order by id) from audit.log where entity_type = 'payment_method' and entity_id in (:'pm1', :'pm2')),
  '{payment_method.save,payment_method.save,payment_method.set_default,payment_method.remove,payment_method.remove}'::text[],
  'saving, the default and removals are audited');

select * from finish();
rollback;
