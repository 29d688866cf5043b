-- Billing invoicing, money and tax: rounding per currency (3-decimal OMR/KWD/BHD, 2-decimal SAR/AED/QAR),
-- per-line rounding, VAT by country and date (Bahrain 5 % → 10 % in 2022), reverse charge and exemption,
-- billing profiles, manual invoices and their finalisation (number, issue and due dates in the tenant's
-- timezone). Fixtures (tests.create_billing_tenant, tests.create_draft_invoice): devstack/sql/test/50_billing.sql.
begin;
select plan(47);

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
select tests.create_billing_tenant('bi-om', 'OM', 'OMR', 'Asia/Muscat') as om \gset
select tests.create_billing_tenant('bi-sa', 'SA', 'SAR', 'Asia/Riyadh') as sa \gset
select tests.create_billing_tenant('bi-ae', 'AE', 'AED', 'Asia/Dubai') as ae \gset
select tests.create_billing_tenant('bi-bh', 'BH', 'BHD', 'Asia/Bahrain') as bh \gset
select tests.create_billing_tenant('bi-kw', 'KW', 'KWD', 'Asia/Kuwait') as kw \gset
select tests.create_billing_tenant('bi-qa', 'QA', 'QAR', 'Asia/Qatar') as qa \gset

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
select tests.create_draft_invoice(:'om', '[{"description":{"en":"Fee A","ar":"رسوم أ"},"unit_amount":0.010},
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
select tests.create_draft_invoice(:'sa', '[{"description":{"en":"Setup","ar":"إعداد"},"quantity":2,"unit_amount":9.99},{"description":{"en":"Cent"},"unit_amount":0.03}]') as sa1 \gset
select public.finalize_invoice(:'sa1') is not null;
select is((select array_agg(tax_amount order by position) from public.invoice_lines where invoice_id = :'sa1'),
          '{3.00,0.00}'::numeric[], 'SAR, 15 %: 19.98 → 2.997 → 3.00; 0.03 → 0.0045 → 0.00');
select is((select row(tax_rate, subtotal, tax_total, total)::text from public.invoices where id = :'sa1'),
          row(15.000, 20.010, 3.000, 23.010)::text, 'Saudi invoice totals');
select tests.create_draft_invoice(:'ae', '[{"description":{"en":"Setup"},"unit_amount":10.10}]') as ae1 \gset
select public.finalize_invoice(:'ae1') is not null;
select is((select row(tax_rate, tax_total, total)::text from public.invoices where id = :'ae1'), row(5.000, 0.510, 10.610)::text,
          'AED, 5 %: 0.505 → 0.51 (half away from zero)');
select tests.create_draft_invoice(:'kw', '[{"description":{"en":"Setup"},"unit_amount":12.345}]') as kw1 \gset
select public.finalize_invoice(:'kw1') is not null;
select is((select row(tax_rate, tax_total, total)::text from public.invoices where id = :'kw1'), row(0.000, 0.000, 12.345)::text,
          'KWD, Kuwait 0 %: three decimals kept');
select tests.create_draft_invoice(:'qa', '[{"description":{"en":"Setup"},"unit_amount":5.00}]') as qa1 \gset
select public.finalize_invoice(:'qa1') is not null;
select is((select row(tax_rate, tax_total, total)::text from public.invoices where id = :'qa1'), row(0.000, 0.000, 5.000)::text, 'QAR, Qatar 0 %');

-- Bahrain across the rate change: the rate is the one valid on the issue date in Manama.
select tests.freeze_time('2021-12-31 19:00:00+00');  -- 22:00 in Manama
select tests.create_draft_invoice(:'bh', '[{"description":{"en":"Setup"},"unit_amount":10.005}]') as bh1 \gset
select tests.create_draft_invoice(:'bh', '[{"description":{"en":"Setup"},"unit_amount":10.005}]') as bh2 \gset
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
select tests.create_draft_invoice(:'sa', '[{"description":{"en":"Setup"},"quantity":2,"unit_amount":9.99}]') as sa2 \gset
select public.finalize_invoice(:'sa2') is not null;
select is((select row(tax_treatment, tax_rate, tax_total, total, tax_registration_number)::text from public.invoices where id = :'sa2'),
          row('reverse_charge', 0.000, 0.000, 19.980, '300000000000003')::text, 'reverse charge: no VAT, the registration number on the invoice');
select ok((select tax_note ->> 'en' like 'Reverse charge%' and coalesce(tax_note ->> 'ar', '') <> '' from public.invoices where id = :'sa2'),
          'reverse charge: a bilingual tax note');
select public.set_billing_profile(:'qa', '{"tax_treatment":"exempt","tax_note":{"en":"Exempt under article 5","ar":"معفى بموجب المادة 5"}}') is not null;
select tests.create_draft_invoice(:'qa', '[{"description":{"en":"Setup"},"unit_amount":5.00}]') as qa2 \gset
select public.finalize_invoice(:'qa2') is not null;
select is((select tax_note ->> 'en' from public.invoices where id = :'qa2'), 'Exempt under article 5', 'an exempt tenant''s own note is copied');
select is((select tax_total from public.invoices where id = :'qa2'), 0.00::numeric(14,3), 'exempt: no tax');

select * from finish();
rollback;
