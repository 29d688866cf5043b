-- The tenant context panel: support staff get the whole picture in one call; tenant users and
-- staff without support.read are refused before anything is read.
begin;
select plan(7);

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select private.provision_entitlements(:'t');
select tests.freeze_time('2026-11-20 08:00+00');
select tests.create_staff('agent@hq.test', 'support') as agent \gset
select tests.create_open_invoice(:'t', 10) as inv \gset

select tests.authenticate_as(:'owner', 'aal1');
select public.open_support_ticket(:'t', 'Invoice question', 'Why is it 10.5?') as k \gset
select throws_ok(format($$ select public.support_tenant_context(%L) $$, :'t'), 'PT403', null, 'a tenant user may not read the panel');

select tests.authenticate_as(:'agent', 'aal2');
select public.support_tenant_context(:'t') as ctx \gset
select is((:'ctx'::jsonb) -> 'tenant' ->> 'status', 'active', 'the lifecycle status');
select is(jsonb_array_length((:'ctx'::jsonb) -> 'open_invoices'), 1, 'the open invoice');
select is(((:'ctx'::jsonb) -> 'tickets' -> 0 ->> 'id')::bigint, :'k'::bigint, 'the tenant''s tickets');
select ok((:'ctx'::jsonb) ?& array['health', 'plan', 'entitlements', 'dunning', 'recent_orders', 'stuck_orders', 'recent_audit', 'workflows', 'catalog', 'recent_client_errors'],
  'every section is there, even when empty');
select throws_ok(format($$ select public.support_tenant_context(%L) $$, gen_random_uuid()), 'PT404', 'no such tenant',
  'an unknown tenant (for support staff)');

-- an order past its stage's SLA shows as stuck (a day later)
select tests.authenticate_as(:'owner', 'aal1');
select public.create_order(:'t', 'dry_clean', 'N-1001', 'Stuck Customer');
select tests.freeze_time('2026-11-21 13:00+00');
select tests.authenticate_as(:'agent', 'aal2');
select is((select jsonb_agg(o ->> 'number') from jsonb_array_elements(public.support_tenant_context(:'t') -> 'stuck_orders') o),
  '["N-1001"]'::jsonb, 'stuck orders: past their stage''s SLA');
select tests.clear_authentication();

select * from finish();
rollback;
