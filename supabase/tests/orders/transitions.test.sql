-- The orders runtime: create_order pins the effective version; transition_order checks the
-- transition, the tenant role and every guard, and writes the order and its transition row.
-- (The support search and the analytics that read them back: search_and_stats.test.sql.)
begin;
select plan(42);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2026-11-20 08:00+00');
select tests.create_tenant('wf-orders-a') as a \gset
select tests.create_tenant('wf-orders-b') as b \gset
select tests.create_tenant('wf-orders-susp', 'suspended') as susp \gset
-- As activation would: the default plan (Starter includes the workflow module).
select private.provision_entitlements(:'a'), private.provision_entitlements(:'b'), private.provision_entitlements(:'susp');
select tests.create_user('owner@wfa.test') as owner \gset
select tests.create_user('operator@wfa.test') as operator \gset
select tests.create_user('viewer@wfa.test') as viewer \gset
select tests.create_user('owner@wfb.test') as owner_b \gset
select tests.create_staff('support@wfhq.test', 'support') as support \gset
select tests.create_staff('biz@wfhq.test', 'biz_admin') as biz \gset
select tests.create_staff('tech@wfhq.test', 'tech_admin') as tech \gset
select tests.create_staff('imp-ro@wfhq.test', 'support') as imp_ro \gset
select tests.create_staff('imp-full@wfhq.test', 'super_admin') as imp_full \gset
select tests.add_member(:'a', :'owner', 'owner'), tests.add_member(:'a', :'operator', 'operator'),
       tests.add_member(:'a', :'viewer', 'viewer'), tests.add_member(:'b', :'owner_b', 'owner'),
       tests.add_member(:'susp', :'owner', 'owner');
insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at) values
  (:'imp_ro', :'a', 'read_only', 'orders test ro', now(), now() + interval '10 minutes'),
  (:'imp_full', :'a', 'full', 'orders test full', now(), now() + interval '10 minutes');

-- ── create_order ────────────────────────────────────────────────────────────────────────────
select tests.authenticate_as(:'owner');
select public.create_order(:'a', 'wash_iron', 'A-1001', 'Salim Al Harthy', '+968 9123 4567', 3, 4.500) ->> 'id' as o1 \gset
select tests.clear_authentication();
select is((select current_stage || ' ' || currency || ' ' || amount_total::text from public.orders where id = :'o1'),
          'intake OMR 4.500', 'a new order starts at the start stage in the tenant''s currency');
select is((select o.version_id from public.orders o where o.id = :'o1'),
          (select w.version_id from public.tenant_workflows w join public.workflow_templates t on t.id = w.template_id
           where w.tenant_id = :'a' and t.code = 'wash_iron'),
          'the order is pinned to the tenant''s effective version');
select is((select count(*) from public.order_transitions where order_id = :'o1' and from_stage is null and to_stage = 'intake'),
          1::bigint, 'creation is the first transition row');
select is(tests.error_of(:'viewer', 'aal1', format($$select public.create_order(%L, 'wash_iron', 'A-9', 'X')$$, :'a')),
          'PT403 workflow.role_not_allowed', 'a viewer cannot create orders');
select is(tests.error_of(:'owner_b', 'aal1', format($$select public.create_order(%L, 'wash_iron', 'A-9', 'X')$$, :'a')),
          'PT404 tenant.not_found', 'another tenant''s owner cannot create orders here');
select is(tests.error_of(:'owner', 'aal1', format($$select public.create_order(%L, 'carpets', 'A-9', 'X')$$, :'a')),
          '22023 workflow.unknown_service_category', 'an unknown service category is refused');
select is(left(tests.error_of(:'owner', 'aal1', format($$select public.create_order(%L, 'wash_iron', 'A-1001', 'X')$$, :'a')), 5),
          '23505', 'order numbers are unique per tenant');
select is(left(tests.error_of(:'owner', 'aal1', format($$select public.create_order(%L, 'wash_iron', 'bad number!', 'X')$$, :'a')), 5),
          '23514', 'a malformed order number is refused');
select is(tests.error_of(:'owner', 'aal1', format($$select public.create_order(%L, 'wash_iron', 'S-1', 'X')$$, :'susp')),
          'PT403 workflow.module_unavailable', 'a suspended tenant cannot use workflows');

-- ── transitions and guards ──────────────────────────────────────────────────────────────────
select tests.freeze_time('2026-11-20 09:30+00');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'tagging')$$, :'o1')), 'ok',
          'an operator moves intake → tagging');
select is((select duration_seconds::int || ' ' || sla_minutes || ' ' || sla_breached from public.order_transitions
           where order_id = :'o1' and to_stage = 'tagging'), '5400 30 true',
          'the transition row records time in the previous stage, its SLA and the breach');
select is((select actor_id::text || ' ' || actor_role from public.order_transitions where order_id = :'o1' and to_stage = 'tagging'),
          :'operator' || ' operator', 'the actor and their role are recorded');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'washing')$$, :'o1')),
          'PT409 workflow.guard_failed', 'tagging → washing needs a clean scan');
select matches(tests.last_error('{message} | {hint}'), 'requires_scan_ok.*allowed next stages: washing, cancelled|requires_scan_ok.*allowed next stages: washing',
          'the error names the missing guard and the allowed next stages');
update public.orders set scan_status = 'ok' where id = :'o1';
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'washing')$$, :'o1')), 'ok',
          'with a clean scan the order moves to washing');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'delivered')$$, :'o1')),
          'PT409 workflow.illegal_transition', 'washing → delivered does not exist');
select is(tests.last_error('{message} | {hint}'), 'an order in washing cannot move to delivered | allowed next stages: ironing',
          'the illegal transition names the allowed next stages');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, null)$$, :'o1')),
          'PT409 workflow.illegal_transition', 'a null target stage is illegal');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'ironing', repeat('x', 2001))$$, :'o1')),
          '22023 workflow.note_too_long', 'an over-long note is refused');
select is(tests.error_of(:'viewer', 'aal1', format($$select public.transition_order(%L, 'ironing')$$, :'o1')),
          'PT403 workflow.role_not_allowed', 'a viewer cannot move orders');
select is(tests.error_of(:'owner_b', 'aal1', format($$select public.transition_order(%L, 'ironing')$$, :'o1')),
          'PT404 workflow.order_not_found', 'another tenant''s user cannot find the order');
select is(tests.error_of(:'owner', 'aal1', $$select public.transition_order('00000000-0000-0000-0000-000000000000', 'ironing')$$),
          'PT404 workflow.order_not_found', 'an unknown order id is not found');
select is(tests.error_of(:'imp_ro', 'aal2', format($$select public.transition_order(%L, 'ironing')$$, :'o1')),
          'PT403 workflow.read_only', 'a read-only impersonation cannot move orders');
select is(tests.error_of(:'imp_full', 'aal2', format($$select public.transition_order(%L, 'ironing')$$, :'o1')), 'ok',
          'a full impersonation can');
select is((select impersonation_id is not null from public.order_transitions where order_id = :'o1' and to_stage = 'ironing'),
          true, 'the impersonation grant is recorded on the transition');
select is(tests.error_of(:'owner', 'aal1', format($$update public.orders set current_stage = 'delivered' where id = %L$$, :'o1')),
          '42501 ', 'the stage cannot be updated directly');
select is(tests.error_of(:'viewer', 'aal1', format($$update public.orders set paid = true where id = %L$$, :'o1')),
          '42501 ', 'a viewer''s direct edit is refused explicitly, not silently');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'quality_check')$$, :'o1')), 'ok', 'to quality check');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'rework', '   ')$$, :'o1')),
          'PT409 workflow.guard_failed', 'rework needs a note (blank does not count)');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'rework', 'stain remains')$$, :'o1')), 'ok',
          'with a note it moves to rework');
select is((select note from public.order_transitions where order_id = :'o1' and to_stage = 'rework'), 'stain remains', 'the note is kept');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'quality_check')$$, :'o1'))
       || tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'ready')$$, :'o1')), 'okok', 'back to QC, then ready');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'out_for_delivery')$$, :'o1')),
          'PT409 workflow.guard_failed', 'sending out needs an invoice');
update public.orders set invoice_number = 'INV-1' where id = :'o1';
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'out_for_delivery')$$, :'o1')), 'ok', 'invoiced: out for delivery');
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'delivered')$$, :'o1')),
          'PT409 workflow.guard_failed', 'delivery needs proof of delivery and payment');
select matches(tests.last_error('{message} | {hint}'), 'requires_pod.*requires_payment', 'both missing guards are named at once');
update public.orders set proof_of_delivery = true where id = :'o1';
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'delivered')$$, :'o1')),
          'PT409 workflow.guard_failed', 'proof alone is not enough: payment is missing');
update public.orders set paid = true where id = :'o1';
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'delivered')$$, :'o1')), 'ok', 'paid: delivered');
select is(tests.error_of(:'owner', 'aal1', format($$select public.transition_order(%L, 'ready', 'oops')$$, :'o1')),
          'PT409 workflow.illegal_transition', 'a terminal stage has no way out');
select is(tests.last_error('{message} | {hint}'), 'an order in delivered cannot move to ready | allowed next stages: none (the order is in a final stage)',
          'and the error says so');

-- cancel: managers only, with a note
select tests.authenticate_as(:'owner');
select public.create_order(:'a', 'express', 'A-1002', 'Maryam Al Balushi', '99887766') ->> 'id' as o2 \gset
select tests.clear_authentication();
select is(tests.error_of(:'operator', 'aal1', format($$select public.transition_order(%L, 'cancelled', 'customer asked')$$, :'o2')),
          'PT403 workflow.role_not_allowed', 'an operator cannot cancel');
select is(tests.error_of(:'owner', 'aal1', format($$select public.transition_order(%L, 'cancelled', 'customer asked')$$, :'o2')), 'ok',
          'an owner cancels with a note');

select * from finish();
rollback;
