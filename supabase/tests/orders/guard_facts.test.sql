-- Guard inputs are facts recorded by functions (issue 12 §6): paid, amount_paid, scan_status and
-- proof_of_delivery are what the requires_payment / requires_scan_ok / requires_pod guards read.
-- Tenant users cannot write them directly; record_order_payment, record_scan and
-- record_proof_of_delivery check the caller, validate and audit.
begin;
select plan(27);


select tests.create_tenant('facts-a') as a \gset
select tests.create_tenant('facts-b') as b \gset
select private.provision_entitlements(:'a'), private.provision_entitlements(:'b');
select tests.create_user('owner@facts-a.test') as owner \gset
select tests.create_user('operator@facts-a.test') as operator \gset
select tests.create_user('viewer@facts-a.test') as viewer \gset
select tests.create_user('owner@facts-b.test') as owner_b \gset
select tests.add_member(:'a', :'owner', 'owner'), tests.add_member(:'a', :'operator', 'operator'),
       tests.add_member(:'a', :'viewer', 'viewer'), tests.add_member(:'b', :'owner_b', 'owner');
-- create_order answers a uuid or {"id": ...} depending on the version: take the id either way
select case jsonb_typeof(j) when 'object' then j ->> 'id' else j #>> '{}' end as o
from (select to_jsonb(public.create_order(:'a', 'wash_iron', 'F-1', 'Salma', amount_total => 10.000)) j) x \gset

-- ── direct writes are refused (42501 → 403) ────────────────────────────────────────────────
select is(tests.error_of(:'owner', 'aal1', format($$update public.orders set paid = true where id = %L$$, :'o')), '42501 ',
  'an owner cannot mark an order paid directly');
select is(tests.error_of(:'operator', 'aal1', format($$update public.orders set amount_paid = 999999 where id = %L$$, :'o')), '42501 ',
  'an operator cannot type an amount paid');
select is(tests.error_of(:'operator', 'aal1', format($$update public.orders set scan_status = 'ok' where id = %L$$, :'o')), '42501 ',
  'nor a scan result');
select is(tests.error_of(:'owner', 'aal1', format($$update public.orders set proof_of_delivery = true where id = %L$$, :'o')), '42501 ',
  'nor a proof of delivery');
select is(tests.error_of(:'owner', 'aal1', format($$update public.orders set customer_name = 'Salma Al-Hinai' where id = %L$$, :'o')), 'ok',
  'the order''s own details stay editable');
select is((select paid::text || ' ' || amount_paid || ' ' || scan_status || ' ' || proof_of_delivery from public.orders where id = :'o'),
  'false 0.000 pending false', 'nothing changed the guard columns');

-- ── payments ────────────────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_order_payment(%L, 4)$$, :'o')), 'ok', 'an operator records a payment');
select is((select paid::text || ' ' || amount_paid from public.orders where id = :'o'), 'false 4.000', 'part paid');
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_order_payment(%L, 999999)$$, :'o')),
  '22023 order.overpayment', 'more than is due is refused');
select is(tests.last_error(), '999999 OMR is more than the 6.000 OMR still due', 'the refusal says what is due');
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_order_payment(%L, 0)$$, :'o')),
  '22023 order.invalid_payment_amount', 'a zero amount is refused');
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_order_payment(%L, 1.2345)$$, :'o')),
  '22023 order.invalid_payment_amount', 'more than 3 decimals is refused');
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_order_payment(%L, 6, repeat('r', 201))$$, :'o')),
  '22023 input.too_long', 'an over-long reference is refused');
select is(tests.error_of(:'owner', 'aal1', format($$select public.record_order_payment(%L, 6, 'cash')$$, :'o')), 'ok', 'the rest is paid');
select is((select paid::text || ' ' || amount_paid from public.orders where id = :'o'), 'true 10.000', 'fully paid');
select is(tests.error_of(:'owner', 'aal1', format($$select public.record_order_payment(%L, 2, 'tip', allow_overpayment => true)$$, :'o')), 'ok',
  'an explicit overpayment is accepted');
select is((select string_agg(amount || ' ' || overpayment, ', ' order by overpayment, amount) from public.order_payments where order_id = :'o'),
  '4.000 false, 6.000 false, 2.000 true', 'each payment is kept, the overpayment marked');
select is((select count(*)::int from audit.log where entity_id = :'o' and action = 'order.record_payment'), 3, 'each payment is audited');

-- ── who may ─────────────────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'viewer', 'aal1', format($$select public.record_order_payment(%L, 1, allow_overpayment => true)$$, :'o')),
  'PT403 workflow.role_not_allowed', 'a viewer may not record payments');
select is(tests.error_of(:'owner_b', 'aal1', format($$select public.record_scan(%L, 'ok')$$, :'o')),
  'PT404 workflow.order_not_found', 'another tenant''s owner does not find the order');
select is(tests.error_of(:'owner_b', 'aal1', $$select public.record_scan('00000000-0000-4000-8000-000000000000', 'ok')$$),
  'PT404 workflow.order_not_found', 'the same answer as for a missing order');

-- ── scans and proof of delivery ─────────────────────────────────────────────────────────────
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_scan(%L, 'maybe')$$, :'o')),
  '22023 order.invalid_scan_status', 'a scan is ok or failed');
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_scan(%L, 'ok', 'all 3 items')$$, :'o')), 'ok', 'a clean scan is recorded');
select is(tests.error_of(:'operator', 'aal1', format($$select public.record_proof_of_delivery(%L, 'photo-123')$$, :'o')), 'ok',
  'a proof of delivery is recorded');
select is((select scan_status || ' ' || proof_of_delivery from public.orders where id = :'o'), 'ok true', 'the guard columns hold the facts');
select is((select string_agg(action || ':' || coalesce(reason, ''), ', ' order by id) from audit.log
           where entity_id = :'o' and action in ('order.record_scan', 'order.record_proof_of_delivery')),
  'order.record_scan:all 3 items, order.record_proof_of_delivery:photo-123', 'scans and proofs are audited with their note');
-- the guards now see what was recorded: the order can be walked to delivered
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'tagging')$$, :'o'))
       || tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'washing')$$, :'o')), 'okok',
  'the requires_scan_ok guard reads the recorded scan');

select * from finish();
rollback;
