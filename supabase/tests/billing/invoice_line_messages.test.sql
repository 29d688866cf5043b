-- A manual invoice line's unit amount that is too large is told so, and one with too many decimals
-- is told that (issue 13 §8: both were "has more than 3 decimals … or is too large", with a hint
-- about minor units that is wrong for a large integer). Nothing is stored by a refusal.
begin;
select plan(5);


select tests.create_tenant('line-msgs') as t \gset
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"Big"},"unit_amount":100000000}]') $$, :'t'), '{detail} | {message} | {hint}'),
          'billing.invalid_lines | line 1: unit_amount 100000000 is too large | a unit amount stays below 100 000 000',
          'a too-large integer unit amount is told it is too large, not about decimals');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"Fine"},"unit_amount":1.0001}]') $$, :'t'), '{detail} | {message} | {hint}'),
          'billing.invalid_lines | line 1: unit_amount 1.0001 has more than 3 decimals for OMR | give unit amounts in the currency''s minor unit',
          'an over-precise unit amount is told about the minor unit');
select is((select count(*) from public.invoices where tenant_id = :'t'), 0::bigint, 'nothing was stored by the refusals');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"Fee"},"unit_amount":99999999.999}]') $$, :'t'), '{detail} | {message} | {hint}'),
          'ok', 'the largest unit amount with 3 decimals is accepted');
select is((select count(*) from public.invoices where tenant_id = :'t'), 1::bigint, 'and makes one draft');

select * from finish();
rollback;
