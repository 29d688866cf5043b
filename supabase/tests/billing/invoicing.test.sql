-- Billing invoicing: money rounding per currency (3-decimal OMR/KWD/BHD, 2-decimal SAR/AED/QAR),
-- per-line rounding, VAT by country and date (Bahrain 5 % → 10 % in 2022), reverse charge and
-- exemption, billing profiles, manual invoices, finalisation (gapless numbering per billing year
-- in the tenant's timezone, issue and due dates, customer balance), void and uncollectible, every
-- bad path leaving data unchanged, permissions and RLS.
begin;
select plan(104);

create function pg_temp.tenant(slug text, country text, currency text, tz text) returns uuid language plpgsql as $$
declare tid uuid;
begin
  insert into public.tenants (slug, name, country, region, timezone, currency, contact, status)
  values (slug, jsonb_build_object('en', slug), country, 'GCC-' || country, tz, currency, jsonb_build_object('email', slug || '@example.test'), 'active')
  returning id into tid;
  return tid;
end $$;
create function pg_temp.inv(tenant uuid, lines text) returns uuid language sql as $$
  select (public.create_invoice(tenant, lines::jsonb) ->> 'id')::uuid
$$;
grant execute on all functions in schema pg_temp to public;

-- ── money ───────────────────────────────────────────────────────────────────────────────────
select is(private.round_money(1.0005, 'OMR'), 1.001, 'OMR rounds to 3 decimals, half away from zero');
select is(private.round_money(-1.0005, 'OMR'), -1.001, 'negative halves round away from zero too');
select is(private.round_money(2.345, 'SAR'), 2.35, 'SAR rounds to 2 decimals');
select is(private.round_money(-2.345, 'SAR'), -2.35, 'negative SAR halves round away from zero');
select is(private.round_money(0.0004, 'KWD'), 0.000, 'KWD keeps 3 decimals');
select is(private.round_money(10.9995, 'BHD'), 11.000, 'BHD rounds up across the unit');
select is(tests.error_of($$ select private.round_money(1, 'XYZ') $$), '22023 billing.unknown_currency', 'an unknown currency is refused');

-- ── VAT by country and date ─────────────────────────────────────────────────────────────────
select is(private.tax_rate_for('SA', '2031-03-02'), 15.000, 'Saudi Arabia 15 %');
select is(private.tax_rate_for('SA', '2020-06-30'), 5.000, 'Saudi Arabia 5 % before July 2020');
select is(private.tax_rate_for('AE', '2031-03-02'), 5.000, 'UAE 5 %');
select is(private.tax_rate_for('OM', '2031-03-02'), 5.000, 'Oman 5 %');
select is(private.tax_rate_for('OM', '2021-04-15'), 0::numeric, 'Oman had no VAT before 16 April 2021');
select is(private.tax_rate_for('BH', '2021-12-31'), 5.000, 'Bahrain 5 % in 2021');
select is(private.tax_rate_for('BH', '2022-01-01'), 10.000, 'Bahrain 10 % from 2022');
select is(private.tax_rate_for('KW', '2031-03-02'), 0.000, 'Kuwait 0 %');
select is(private.tax_rate_for('QA', '2031-03-02'), 0.000, 'Qatar 0 %');
select is(private.tax_rate_for('ZZ', '2031-03-02'), 0::numeric, 'no rate recorded → 0');

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.freeze_time('2031-03-01 21:30:00+00');  -- 2 March 01:30 in Muscat
select pg_temp.tenant('bi-om', 'OM', 'OMR', 'Asia/Muscat') as om \gset
select pg_temp.tenant('bi-sa', 'SA', 'SAR', 'Asia/Riyadh') as sa \gset
select pg_temp.tenant('bi-ae', 'AE', 'AED', 'Asia/Dubai') as ae \gset
select pg_temp.tenant('bi-bh', 'BH', 'BHD', 'Asia/Bahrain') as bh \gset
select pg_temp.tenant('bi-kw', 'KW', 'KWD', 'Asia/Kuwait') as kw \gset
select pg_temp.tenant('bi-qa', 'QA', 'QAR', 'Asia/Qatar') as qa \gset

-- ── billing profiles ────────────────────────────────────────────────────────────────────────
select is(public.set_billing_profile(:'om', '{"legal_name":"BI Oman LLC","tax_registration_number":"OM12345678","billing_email":"a@b.test"}') ->> 'legal_name',
          'BI Oman LLC', 'a billing profile is created');
select is(public.set_billing_profile(:'om', '{"address":{"city":"Muscat"}}') ->> 'tax_registration_number', 'OM12345678',
          'an update keeps the keys it does not name');
select is(tests.error_of(format($$ select public.set_billing_profile(%L, '{"billing_email":"not-an-email"}') $$, :'om')),
          '22023 billing.invalid_profile', 'a bad e-mail is refused');
select is(tests.error_of(format($$ select public.set_billing_profile(%L, '{"balance":100}') $$, :'om')),
          '22023 billing.invalid_profile', 'the balance cannot be set through the profile');
select is(tests.error_of(format($$ select public.set_billing_profile(%L, '{"tax_treatment":"zero"}') $$, :'om')),
          '22023 billing.invalid_profile', 'an unknown tax treatment is refused');
select is(tests.error_of($$ select public.set_billing_profile('00000000-0000-4000-a000-00000000dead', '{}') $$),
          'PT404 billing.tenant_not_found', 'an unknown tenant is refused');
select is((select row(billing_email, address, balance)::text from public.billing_profiles where tenant_id = :'om'),
          row('a@b.test', '{"city": "Muscat"}'::jsonb, 0.000::numeric(14,3))::text, 'the refused updates changed nothing');

-- ── a manual OMR invoice: per-line rounding ─────────────────────────────────────────────────
select pg_temp.inv(:'om', '[{"description":{"en":"Fee A","ar":"رسوم أ"},"unit_amount":0.010},
                            {"description":{"en":"Fee B","ar":"رسوم ب"},"unit_amount":0.010},
                            {"description":{"en":"Fee C","ar":"رسوم ج"},"unit_amount":0.010},
                            {"description":{"en":"Hours","ar":"ساعات"},"quantity":2.5,"unit_amount":1.333}]') as om1 \gset
select is((select row(status, number, tax_rate, subtotal)::text from public.invoices where id = :'om1'),
          row('draft', null::text, 5.000::numeric(6,3), 3.363::numeric(14,3))::text, 'a draft: no number yet, the tax rate of today, subtotal');
select is(public.finalize_invoice(:'om1') ->> 'status', 'open', 'finalised: open');
select matches((select number from public.invoices where id = :'om1'), '^HQ-2031-[0-9]{6}$', 'numbered HQ-<billing year>-<6 digits>');
select is((select array_agg(amount order by position) from public.invoice_lines where invoice_id = :'om1'),
          '{0.010,0.010,0.010,3.333}'::numeric[], 'each line amount is rounded (2.5 × 1.333 = 3.3325 → 3.333)');
select is((select array_agg(tax_amount order by position) from public.invoice_lines where invoice_id = :'om1'),
          '{0.001,0.001,0.001,0.167}'::numeric[], 'each line''s tax is rounded on its own (0.0005 → 0.001)');
select is((select row(subtotal, discount_total, tax_total, total, amount_due)::text from public.invoices where id = :'om1'),
          row(3.363, 0.000, 0.170, 3.533, 3.533)::text, 'the totals are sums of the rounded lines (0.003 + 0.167, not 5 % of 3.363 = 0.168)');
select is((select row(issue_date, due_date, billing_year, timezone)::text from public.invoices where id = :'om1'),
          row('2031-03-02'::date, '2031-03-09'::date, 2031, 'Asia/Muscat')::text, 'issue date in the tenant''s timezone, due net 7');
select is((select tax_registration_number from public.invoices where id = :'om1'), 'OM12345678', 'the tax registration number is copied');
select ok(exists (select from audit.log where action = 'invoice.finalize' and entity_id = :'om1'), 'the finalisation is audited');
select is(tests.error_of(format($$ select public.finalize_invoice(%L) $$, :'om1')), 'PT409 billing.invoice_not_draft', 'an open invoice cannot be finalised again');
select is(tests.error_of($$ select public.finalize_invoice('00000000-0000-4000-a000-00000000dead') $$), 'PT404 billing.invoice_not_found', 'an unknown invoice');

-- ── 2-decimal currencies and VAT by country ─────────────────────────────────────────────────
select pg_temp.inv(:'sa', '[{"description":{"en":"Setup","ar":"إعداد"},"quantity":2,"unit_amount":9.99},{"description":{"en":"Cent"},"unit_amount":0.03}]') as sa1 \gset
select public.finalize_invoice(:'sa1') is not null;
select is((select array_agg(tax_amount order by position) from public.invoice_lines where invoice_id = :'sa1'),
          '{3.00,0.00}'::numeric[], 'SAR, 15 %: 19.98 → 2.997 → 3.00; 0.03 → 0.0045 → 0.00');
select is((select row(tax_rate, subtotal, tax_total, total)::text from public.invoices where id = :'sa1'),
          row(15.000, 20.010, 3.000, 23.010)::text, 'Saudi invoice totals');
select pg_temp.inv(:'ae', '[{"description":{"en":"Setup"},"unit_amount":10.10}]') as ae1 \gset
select public.finalize_invoice(:'ae1') is not null;
select is((select row(tax_rate, tax_total, total)::text from public.invoices where id = :'ae1'), row(5.000, 0.510, 10.610)::text,
          'AED, 5 %: 0.505 → 0.51 (half away from zero)');
select pg_temp.inv(:'kw', '[{"description":{"en":"Setup"},"unit_amount":12.345}]') as kw1 \gset
select public.finalize_invoice(:'kw1') is not null;
select is((select row(tax_rate, tax_total, total)::text from public.invoices where id = :'kw1'), row(0.000, 0.000, 12.345)::text,
          'KWD, Kuwait 0 %: three decimals kept');
select pg_temp.inv(:'qa', '[{"description":{"en":"Setup"},"unit_amount":5.00}]') as qa1 \gset
select public.finalize_invoice(:'qa1') is not null;
select is((select row(tax_rate, tax_total, total)::text from public.invoices where id = :'qa1'), row(0.000, 0.000, 5.000)::text, 'QAR, Qatar 0 %');

-- Bahrain across the rate change: the rate is the one valid on the issue date in Manama.
select tests.freeze_time('2021-12-31 19:00:00+00');  -- 22:00 in Manama
select pg_temp.inv(:'bh', '[{"description":{"en":"Setup"},"unit_amount":10.005}]') as bh1 \gset
select pg_temp.inv(:'bh', '[{"description":{"en":"Setup"},"unit_amount":10.005}]') as bh2 \gset
select public.finalize_invoice(:'bh1') is not null;
select is((select row(tax_rate, tax_total, total, billing_year, issue_date)::text from public.invoices where id = :'bh1'),
          row(5.000, 0.500, 10.505, 2021, '2021-12-31'::date)::text, 'BHD on 31 Dec 2021: 5 % (0.50025 → 0.500)');
select tests.freeze_time('2021-12-31 21:30:00+00');  -- 00:30 on 1 Jan 2022 in Manama, still 2021 in UTC
select public.finalize_invoice(:'bh2') is not null;
select is((select row(tax_rate, tax_total, total, billing_year, issue_date)::text from public.invoices where id = :'bh2'),
          row(10.000, 1.001, 11.006, 2022, '2022-01-01'::date)::text, 'a draft made in 2021 and finalised on 1 Jan 2022 local time: 10 % (1.0005 → 1.001), billing year 2022');
select matches((select number from public.invoices where id = :'bh2'), '^HQ-2022-', 'its number is in the 2022 series');

-- ── reverse charge and exemption ────────────────────────────────────────────────────────────
select tests.freeze_time('2031-03-01 21:30:00+00');
select public.set_billing_profile(:'sa', '{"tax_treatment":"reverse_charge","tax_registration_number":"300000000000003"}') is not null;
select pg_temp.inv(:'sa', '[{"description":{"en":"Setup"},"quantity":2,"unit_amount":9.99}]') as sa2 \gset
select public.finalize_invoice(:'sa2') is not null;
select is((select row(tax_treatment, tax_rate, tax_total, total, tax_registration_number)::text from public.invoices where id = :'sa2'),
          row('reverse_charge', 0.000, 0.000, 19.980, '300000000000003')::text, 'reverse charge: no VAT, the registration number on the invoice');
select ok((select tax_note ->> 'en' like 'Reverse charge%' and coalesce(tax_note ->> 'ar', '') <> '' from public.invoices where id = :'sa2'),
          'reverse charge: a bilingual tax note');
select public.set_billing_profile(:'qa', '{"tax_treatment":"exempt","tax_note":{"en":"Exempt under article 5","ar":"معفى بموجب المادة 5"}}') is not null;
select pg_temp.inv(:'qa', '[{"description":{"en":"Setup"},"unit_amount":5.00}]') as qa2 \gset
select public.finalize_invoice(:'qa2') is not null;
select is((select tax_note ->> 'en' from public.invoices where id = :'qa2'), 'Exempt under article 5', 'an exempt tenant''s own note is copied');
select is((select tax_total from public.invoices where id = :'qa2'), 0.00::numeric(14,3), 'exempt: no tax');

-- ── gapless numbering per billing year ──────────────────────────────────────────────────────
select tests.freeze_time('2037-06-01 08:00:00+00');
select pg_temp.inv(:'om', '[{"description":{"en":"Y1"},"unit_amount":1}]') as y1 \gset
select pg_temp.inv(:'om', '[{"description":{"en":"Y2"},"unit_amount":1}]') as y2 \gset
select pg_temp.inv(:'om', '[{"description":{"en":"Y3"},"unit_amount":1}]') as y3 \gset
select pg_temp.inv(:'om', '[{"description":{"en":"Y4"},"unit_amount":1}]') as y4 \gset
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
select pg_temp.inv(:'om', '[{"description":{"en":"Hours"},"quantity":2.5,"unit_amount":1.333},{"description":{"en":"Fee"},"quantity":3,"unit_amount":0.010}]') as om2 \gset
select public.finalize_invoice(:'om2') is not null;
select is((select row(status, total, balance_applied, amount_due)::text from public.invoices where id = :'om2'),
          row('paid', 3.532, 3.532, 0.000)::text, 'the balance covers the invoice: paid at once');
select is((select balance from public.billing_profiles where tenant_id = :'om'), 1.468::numeric(14,3), 'the balance is reduced');
select is((select amount from public.customer_balance_transactions where invoice_id = :'om2'), -3.532::numeric(14,3), 'with a balance transaction');
select pg_temp.inv(:'om', '[{"description":{"en":"More hours"},"quantity":2,"unit_amount":2}]') as om3 \gset
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
select pg_temp.inv(:'om', '[{"description":{"en":"Draft"},"unit_amount":1}]') as dr \gset
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

-- ── permissions ─────────────────────────────────────────────────────────────────────────────
select tests.create_staff('bi-biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('bi-support@hq.test', 'support') as support \gset
select tests.create_staff('bi-tech@hq.test', 'tech_admin') as tech \gset
select tests.create_user('bi-owner@om.test') as om_owner \gset
select tests.create_user('bi-owner@sa.test') as sa_owner \gset
select tests.add_member(:'om', :'om_owner', 'owner');
select tests.add_member(:'sa', :'sa_owner', 'owner');
select pg_temp.inv(:'kw', '[{"description":{"en":"For staff"},"unit_amount":1}]') as staff_draft \gset
select count(*) as before_count from public.invoices \gset

select tests.authenticate_as(:'biz', 'aal2');
select is(public.finalize_invoice(:'staff_draft') ->> 'status', 'open', 'biz_admin (billing.write) finalises');
select is(tests.error_of(format($$ update public.invoices set status = 'paid' where id = %L $$, :'staff_draft')), '42501 ', 'no one writes an invoice''s status directly');
select is(tests.error_of(format($$ delete from public.invoice_lines where invoice_id = %L $$, :'staff_draft')), '42501 ', 'nor its lines');
select is(tests.error_of($$ update private.document_sequences set last_number = 0 $$), '42501 ', 'nor the number sequence');
select tests.authenticate_as(:'biz', 'aal1');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1}]') $$, :'om')), 'PT403 auth.mfa_required', 'staff need an aal2 session');
select tests.authenticate_as(:'support', 'aal2');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1}]') $$, :'om')), 'PT403 auth.permission_denied', 'support (billing.read only) cannot invoice');
select is(tests.error_of(format($$ select public.void_invoice(%L, 'support tries') $$, :'staff_draft')), 'PT403 auth.permission_denied', 'nor void');
select is(tests.error_of(format($$ select public.set_billing_profile(%L, '{}') $$, :'om')), 'PT403 auth.permission_denied', 'nor edit a billing profile');
select tests.authenticate_as(:'om_owner', 'aal2');
select is(tests.error_of(format($$ select public.finalize_invoice(%L) $$, :'staff_draft')), 'PT403 auth.not_staff', 'a tenant user cannot finalise');
select tests.authenticate_as_anon();
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1}]') $$, :'om')), '42501 ', 'anon cannot even call it');
select tests.clear_authentication();
select is((select count(*) from public.invoices), :'before_count'::bigint, 'the refused calls created nothing');
select is((select status from public.invoices where id = :'staff_draft'), 'open', 'and changed nothing');

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
select count(*) as om_count from public.invoices where tenant_id = :'om' \gset
select count(*) as om_lines from public.invoice_lines where tenant_id = :'om' \gset
select tests.authenticate_as(:'om_owner');
select is((select count(*) from public.invoices), :'om_count'::bigint, 'a tenant member reads exactly the own tenant''s invoices');
select is((select count(*) from public.invoice_lines), :'om_lines'::bigint, 'and their lines');
select is((select count(*) from public.billing_profiles), 1::bigint, 'and only the own billing profile');
select is((select count(*) from public.invoices where tenant_id = :'sa'), 0::bigint, 'another tenant''s invoices are invisible');
select tests.authenticate_as(:'sa_owner');
select is((select count(*) from public.invoices where tenant_id = :'om'), 0::bigint, 'the other tenant''s member sees none of them');
select tests.authenticate_as(:'tech', 'aal2');
select is((select count(*) from public.invoices), 0::bigint, 'staff without billing.read see no invoices');
select is((select count(*) from public.customer_balance_transactions), 0::bigint, 'nor balance transactions');
select tests.authenticate_as(:'support', 'aal2');
select is((select count(*) from public.invoices where tenant_id = :'om'), :'om_count'::bigint, 'staff with billing.read see them');
select tests.clear_authentication();

select * from finish();
rollback;
