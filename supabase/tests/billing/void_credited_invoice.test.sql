-- Billing: an invoice a credit note has reduced is not voided (the credit would leave the books
-- twice); it is settled by crediting the rest. Without credit notes voiding works as before.
begin;
select plan(8);

select tests.create_tenant('vc-void') as t \gset
select tests.create_staff('biz@vc.test', 'biz_admin') as biz \gset
select tests.freeze_time('2026-11-20 10:00+04');

select tests.create_open_invoice(:'t', 20) as credited \gset
select tests.create_open_invoice(:'t', 20) as plain \gset
select tests.authenticate_as(:'biz', 'aal2');

select lives_ok(format($$ select public.issue_credit_note(%L, 5, 'reduce_amount_due', 'late pickup') $$, :'credited'),
  'a partial credit note on the open invoice');
select is((select amount_due from public.invoices where id = :'credited'), 15.750::numeric(14,3), '5.000 + 0.250 VAT credited');
select throws_ok(format($$ select public.void_invoice(%L, 'issued by mistake') $$, :'credited'),
  'PT409', format('invoice %s has credit notes: voiding it would take the credited amount off twice',
                  (select number from public.invoices where id = :'credited')),
  'voiding it is refused');
select is((select jsonb_build_object('status', status, 'due', amount_due) from public.invoices where id = :'credited'),
  '{"status": "open", "due": 15.750}'::jsonb, 'and changes nothing');
select is((select count(*)::int from public.credit_notes where invoice_id = :'credited' and status = 'issued'), 1,
  'the credit note stands');
select lives_ok(format($$ select public.issue_credit_note(%L, null, 'reduce_amount_due', 'cancelled order') $$, :'credited'),
  'the rest is credited instead');
select is((select jsonb_build_object('status', status, 'due', amount_due) from public.invoices where id = :'credited'),
  '{"status": "paid", "due": 0.000}'::jsonb, 'which settles the invoice');
select is(public.void_invoice(:'plain', 'issued by mistake') ->> 'status', 'void', 'an invoice without credit notes is voided as before');

select * from finish();
rollback;
