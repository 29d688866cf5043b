-- Reasons the system writes are codes with parameters (issue 13 §11): a gateway event, a saved
-- card, an overpayment and a dunning hold write {"code", "params"} reasons that the console renders
-- per locale, never an English sentence.
begin;
select plan(8);

-- a reason as jsonb; an English sentence stays a JSON string (so a failure shows it)
create function pg_temp.j(reason text) returns jsonb language plpgsql as $$
begin
  return reason::jsonb;
exception when others then
  return to_jsonb(reason);
end $$;

select tests.create_tenant('rc-tenant') as t \gset
select tests.create_open_invoice(:'t', 100) as inv \gset
select max(id) as audit0 from audit.log \gset

-- a succeeded card payment through a gateway event, paying a bit more than is due, with its card
select private.apply_payment_event((public.ingest_payment_event(jsonb_build_object('gateway', 'stripe', 'event_id', 'evt_rc_1',
  'event_type', 'payment_intent.succeeded', 'kind', 'payment_succeeded', 'object_id', 'pi_rc_1', 'invoice_id', :'inv',
  'amount', (select total + 1 from public.invoices where id = :'inv'), 'currency', 'OMR',
  'payment_method', '{"method_ref": "pm_rc_1", "customer_ref": "cus_rc", "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030}'::jsonb,
  'payload', '{}'::jsonb)) ->> 'id')::bigint);

create temp view new_audit as select * from audit.log l where l.id > :audit0;

select is((select pg_temp.j(l.reason) from new_audit l where l.action = 'payment.record'), '{"code": "billing.gateway_event"}'::jsonb,
          'a payment recorded from a gateway event: reason code billing.gateway_event');
select is((select pg_temp.j(l.reason) from new_audit l where l.action = 'payment_method.save'), '{"code": "billing.saved_by_payment"}'::jsonb,
          'a card saved by the payment: billing.saved_by_payment');
select is((select pg_temp.j(l.reason) from new_audit l where l.action = 'invoice.pay'),
          '{"code": "billing.payment_applied", "params": {"payment": "pi_rc_1"}}'::jsonb,
          'the invoice paid by it: billing.payment_applied with the payment as a parameter');
select is((select pg_temp.j(l.reason) from new_audit l where l.action = 'billing_profile.credit_balance'),
          jsonb_build_object('code', 'billing.overpayment', 'params', jsonb_build_object('invoice', (select number from public.invoices where id = :'inv'))),
          'the overpayment on the customer balance: billing.overpayment with the invoice number');
select is((select pg_temp.j(t.reason) ->> 'code' from public.customer_balance_transactions t where t.invoice_id = :'inv'), 'billing.overpayment',
          'the balance transaction carries the same code');

-- a dunning case holding the subscription
select public.create_subscription(:'t', 'starter', 'month', '[]', null, 0, 'reason codes test') ->> 'id' as sub \gset
select tests.create_open_invoice(:'t', 50) as inv2 \gset
update public.invoices set subscription_id = :'sub' where id = :'inv2';
select private.open_dunning_case(:'inv2', 'overdue');
select private.dunning_hold_subscription(d, 'past_due') from public.dunning_cases d where d.invoice_id = :'inv2';
select is((select pg_temp.j(l.reason) from new_audit l where l.action = 'subscription.past_due'),
          jsonb_build_object('code', 'billing.dunning_case', 'params', jsonb_build_object('case_id', (select d.id from public.dunning_cases d where d.invoice_id = :'inv2'))),
          'a dunning hold: billing.dunning_case with the case id');

select is((select array_agg(distinct l.reason) from new_audit l
           where l.reason is not null and l.reason not like '{%' and l.reason <> 'reason codes test'),
          null, 'nothing the system wrote here is an English sentence');
select throws_ok($$select private.reason_code('Not a code')$$, '22023', null, 'a reason code is area.name');

select * from finish();
rollback;
