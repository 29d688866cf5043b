-- Billing invoicing: gapless numbering per billing year in the tenant's timezone, the customer balance
-- applied at finalisation, void and uncollectible, and bad input for a manual invoice changing nothing.
-- Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(37);

select tests.freeze_time('2031-03-01 21:30:00+00');  -- 2 March 01:30 in Muscat
select tests.create_billing_tenant('bi-om', 'OM', 'OMR', 'Asia/Muscat') as om \gset
select tests.create_billing_tenant('bi-sa', 'SA', 'SAR', 'Asia/Riyadh') as sa \gset
select public.set_billing_profile(:'om', '{"legal_name":"BI Oman LLC"}') is not null;
-- an open Saudi invoice (its amounts are tested in invoice_money_and_tax)
select tests.create_draft_invoice(:'sa', '[{"description":{"en":"Setup"},"quantity":2,"unit_amount":9.99}]') as sa1 \gset
select public.finalize_invoice(:'sa1') is not null;

-- ── gapless numbering per billing year ──────────────────────────────────────────────────────
select tests.freeze_time('2037-06-01 08:00:00+00');
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Y1"},"unit_amount":1}]') as y1 \gset
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Y2"},"unit_amount":1}]') as y2 \gset
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Y3"},"unit_amount":1}]') as y3 \gset
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Y4"},"unit_amount":1}]') as y4 \gset
select public.finalize_invoice(:'y1') ->> 'number' as n1 \gset
select public.finalize_invoice(:'y2') ->> 'number' as n2 \gset
select is(array[:'n1', :'n2'], array['HQ-2037-000001', 'HQ-2037-000002'], 'the year''s first numbers, consecutive');
select tests.freeze_time('2037-12-31 20:30:00+00');  -- 00:30 on 1 Jan 2038 in Muscat
select is(public.finalize_invoice(:'y3') ->> 'number', 'HQ-2038-000001', 'a new billing year (in the tenant''s timezone) starts again at 1');
select tests.freeze_time('2037-12-31 19:00:00+00');  -- 23:00 on 31 Dec 2037 in Muscat
select is(public.finalize_invoice(:'y4') ->> 'number', 'HQ-2037-000003', 'the previous year''s series continues without a gap');
select is((select last_number from private.document_sequences where kind = 'invoice' and billing_year = 2037), 3, 'the sequence row holds the last number');

-- ── customer balance ────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2031-03-01 21:30:00+00');
update public.billing_profiles set balance = 5.000 where tenant_id = :'om';
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Hours"},"quantity":2.5,"unit_amount":1.333},{"description":{"en":"Fee"},"quantity":3,"unit_amount":0.010}]') as om2 \gset
select public.finalize_invoice(:'om2') is not null;
select is((select row(status, total, balance_applied, amount_due)::text from public.invoices where id = :'om2'),
          row('paid', 3.532, 3.532, 0.000)::text, 'the balance covers the invoice: paid at once');
select is((select balance from public.billing_profiles where tenant_id = :'om'), 1.468::numeric(14,3), 'the balance is reduced');
select is((select amount from public.customer_balance_transactions where invoice_id = :'om2'), -3.532::numeric(14,3), 'with a balance transaction');
select tests.create_draft_invoice(:'om', '[{"description":{"en":"More hours"},"quantity":2,"unit_amount":2}]') as om3 \gset
select public.finalize_invoice(:'om3') is not null;
select is((select row(status, total, balance_applied, amount_due)::text from public.invoices where id = :'om3'),
          row('open', 4.200, 1.468, 2.732)::text, 'a partial balance: open for the rest');

-- ── void and uncollectible ──────────────────────────────────────────────────────────────────
select is(tests.error_of(format($$ select public.void_invoice(%L, 'no') $$, :'om3')), '22023 billing.reason_required', 'voiding needs a reason');
select is(public.void_invoice(:'om3', 'issued in error') ->> 'status', 'void', 'an open invoice is voided');
select is((select row(number is not null, amount_due)::text from public.invoices where id = :'om3'), row(true, 0.000)::text, 'a voided invoice keeps its number');
select is((select balance from public.billing_profiles where tenant_id = :'om'), 1.468::numeric(14,3), 'the balance it used is given back');
select is(tests.error_of(format($$ select public.void_invoice(%L, 'again please') $$, :'om3')), 'PT409 billing.invoice_not_voidable', 'a void invoice cannot be voided again');
select is(tests.error_of(format($$ select public.void_invoice(%L, 'paid already') $$, :'om2')), 'PT409 billing.invoice_not_voidable', 'a paid invoice cannot be voided');
select is(tests.error_of(format($$ select public.mark_invoice_uncollectible(%L, 'paid already') $$, :'om2')), 'PT409 billing.invoice_not_open', 'a paid invoice cannot be written off');
select is((select status from public.invoices where id = :'om2'), 'paid', 'the paid invoice is unchanged');
select is(public.mark_invoice_uncollectible(:'sa1', 'customer unreachable') ->> 'status', 'uncollectible', 'an open invoice is marked uncollectible');
select is(tests.error_of(format($$ select public.void_invoice(%L, 'try to void') $$, :'sa1')), 'PT409 billing.invoice_not_voidable', 'an uncollectible invoice cannot be voided');
select is(tests.error_of(format($$ select public.mark_invoice_uncollectible(%L, 'twice over') $$, :'sa1')), 'PT409 billing.invoice_not_open', 'nor marked again');
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Draft"},"unit_amount":1}]') as dr \gset
select is(tests.error_of(format($$ select public.mark_invoice_uncollectible(%L, 'a draft') $$, :'dr')), 'PT409 billing.invoice_not_open', 'a draft cannot be written off');
select is(public.void_invoice(:'dr', 'not needed') ->> 'number', null, 'a voided draft never gets a number');
select ok(exists (select from audit.log where action = 'invoice.void' and entity_id = :'om3' and reason = 'issued in error'), 'voiding is audited with its reason');
select ok(exists (select from audit.log where action = 'invoice.mark_uncollectible' and entity_id = :'sa1'), 'writing off is audited');

-- ── bad input for a manual invoice changes nothing ──────────────────────────────────────────
select count(*) as before_count from public.invoices \gset
select is(tests.error_of(format($$ select public.create_invoice(%L, null) $$, :'om')), '22023 billing.invalid_lines', 'lines are required');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[]') $$, :'om')), '22023 billing.invalid_lines', 'at least one line');
select is(tests.error_of(format($$ select public.create_invoice(%L, '{"a":1}') $$, :'om')), '22023 billing.invalid_lines', 'lines are an array');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"unit_amount":1}]') $$, :'om')), '22023 billing.invalid_lines', 'a line needs a description');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":" "},"unit_amount":1}]') $$, :'om')), '22023 billing.invalid_lines', 'a blank description is refused');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1,"kind":"gift"}]') $$, :'om')), '22023 billing.invalid_lines', 'an unknown kind is refused');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1,"quantity":0}]') $$, :'om')), '22023 billing.invalid_lines', 'quantity must be above 0');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":"1"}]') $$, :'om')), '22023 billing.invalid_lines', 'amounts are numbers');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":-1,"kind":"plan"}]') $$, :'om')), '22023 billing.invalid_lines', 'only adjustments may be negative');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1.0005}]') $$, :'om')), '22023 billing.invalid_lines', 'more decimals than OMR has are refused');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1.005}]') $$, :'sa')), '22023 billing.invalid_lines', 'more decimals than SAR has are refused');
select is(tests.error_of($$ select public.create_invoice('00000000-0000-4000-a000-00000000dead', '[{"description":{"en":"x"},"unit_amount":1}]') $$), 'PT404 billing.tenant_not_found', 'an unknown tenant is refused');
select is((select count(*) from public.invoices), :'before_count'::bigint, 'no refused call left an invoice behind');
select is(public.create_invoice(:'om', '[{"description":{"en":"Credit"},"unit_amount":-1.5}]') ->> 'total', '-1.575', 'an adjustment may credit (with its VAT)');

select * from finish();
rollback;
