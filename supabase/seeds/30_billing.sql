-- Demo billing data (issue 8): a billing profile for every seeded tenant, a subscription for each
-- seeded tenant that has a plan (10_plans.sql), a few coupons, and finalised invoices in OMR, SAR,
-- AED, KWD and BHD. Everything goes through the billing functions (audited, numbered).
-- Idempotent: coupons are created when their code is missing, a subscription when the tenant has
-- none, a manual invoice when the tenant has no invoice with that memo.
-- Dates are relative to the day the seed runs (issue 13 §13): a subscription starts on the day the
-- story needs (the billing functions read private.now(), set here for the one call): Al Noor's
-- month began 3 days ago (its payment came the day after), Crystal's trial started when the tenant
-- was created (so it ends with the tenant's trial_ends_at), Fresh & Fold's year began 16 days ago
-- (its invoice is 9 days overdue: the past_due dunning case of 31_billing_payments.sql).

do $$
declare
  noor uuid := '10000000-0000-4000-a000-000000000001';     -- OM, OMR, growth
  crystal uuid := '10000000-0000-4000-a000-000000000002';  -- SA, SAR, pro (trial)
  fresh uuid := '10000000-0000-4000-a000-000000000003';    -- AE, AED, growth
  pearl uuid := '10000000-0000-4000-a000-000000000004';    -- BH, BHD, no plan yet
  gulf uuid := '10000000-0000-4000-a000-000000000005';     -- KW, KWD, starter
  doha uuid := '10000000-0000-4000-a000-000000000006';     -- QA, QAR, draft
  inv jsonb;
  tp record;
  started timestamptz;
begin
  -- coupons
  if not exists (select from public.coupons where code = 'WELCOME10') then
    perform public.create_coupon('{"code":"WELCOME10","name":{"en":"Welcome: 10% off for 3 months","ar":"ترحيب: خصم 10٪ لثلاثة أشهر"},
      "kind":"percent","percent_off":10,"duration":"repeating","duration_periods":3}');
  end if;
  if not exists (select from public.coupons where code = 'LAUNCH50') then
    perform public.create_coupon(jsonb_build_object('code', 'LAUNCH50', 'name', '{"en":"Launch: 50% off the first invoice","ar":"الإطلاق: خصم 50٪ على الفاتورة الأولى"}'::jsonb,
      'kind', 'percent', 'percent_off', 50, 'duration', 'once', 'max_redemptions', 100, 'expires_at', now() + interval '60 days'));
  end if;
  if not exists (select from public.coupons where code = 'OMR5OFF') then
    perform public.create_coupon('{"code":"OMR5OFF","name":{"en":"5 OMR off every month (Growth, Pro)","ar":"خصم 5 ريال عماني شهرياً"},
      "kind":"fixed","amount_off":5,"currency":"OMR","duration":"forever","plan_codes":["growth","pro"]}');
  end if;
  if not exists (select from public.coupons where code = 'SAR100') then
    perform public.create_coupon('{"code":"SAR100","name":{"en":"100 SAR off once","ar":"خصم 100 ريال سعودي مرة واحدة"},
      "kind":"fixed","amount_off":100,"currency":"SAR","duration":"once"}');
  end if;

  -- billing profiles (only where missing: HQ edits them afterwards)
  if exists (select from public.tenants where id = noor) and not exists (select from public.billing_profiles where tenant_id = noor) then
    perform public.set_billing_profile(noor, '{"legal_name":"Al Noor Laundry LLC","billing_email":"billing@alnoor.test",
      "address":{"city":"Muscat","country":"OM"},"tax_registration_number":"OM1100223344","preferred_gateway":"paytabs"}');
  end if;
  if exists (select from public.tenants where id = crystal) and not exists (select from public.billing_profiles where tenant_id = crystal) then
    perform public.set_billing_profile(crystal, '{"legal_name":"Crystal Trading Co.","billing_email":"finance@crystal.test",
      "address":{"city":"Riyadh","country":"SA"},"tax_registration_number":"300123456700003","preferred_gateway":"hyperpay"}');
  end if;
  if exists (select from public.tenants where id = fresh) and not exists (select from public.billing_profiles where tenant_id = fresh) then
    perform public.set_billing_profile(fresh, '{"legal_name":"Fresh and Fold FZ-LLC","billing_email":"accounts@freshfold.test",
      "address":{"city":"Dubai","country":"AE"},"tax_registration_number":"100234567800003"}');
  end if;
  if exists (select from public.tenants where id = pearl) and not exists (select from public.billing_profiles where tenant_id = pearl) then
    perform public.set_billing_profile(pearl, '{"legal_name":"Pearl Laundry W.L.L.","billing_email":"hassan@pearl.test",
      "address":{"city":"Manama","country":"BH"},"tax_registration_number":"BH20012345"}');
  end if;
  if exists (select from public.tenants where id = gulf) and not exists (select from public.billing_profiles where tenant_id = gulf) then
    perform public.set_billing_profile(gulf, '{"legal_name":"Gulf Press Co. W.L.L.","billing_email":"fahad@gulfpress.test",
      "address":{"city":"Kuwait City","country":"KW"}}');
  end if;
  if exists (select from public.tenants where id = doha) and not exists (select from public.billing_profiles where tenant_id = doha) then
    perform public.set_billing_profile(doha, '{"legal_name":"Doha Steam","address":{"city":"Doha","country":"QA"},
      "tax_treatment":"exempt"}');
  end if;

  -- subscriptions: one per seeded tenant with a plan, on that plan
  for tp in
    select t.id, p.code, t.status from public.tenants t join public.tenant_plans x on x.tenant_id = t.id join public.plans p on p.id = x.plan_id
    where t.id in (noor, crystal, fresh, pearl, gulf, doha)
      and not exists (select from public.subscriptions s where s.tenant_id = t.id)
    order by case t.id when fresh then 1 when crystal then 2 when noor then 3 else 4 end, t.id  -- by start: numbers follow dates
  loop
    started := case tp.id when noor then now() - interval '3 days' when fresh then now() - interval '16 days'
                          when crystal then (select t.created_at from public.tenants t where t.id = crystal) else now() end;
    perform set_config('cmx.frozen_now', started::text, true);
    if tp.id = noor then
      perform public.create_subscription(noor, tp.code, 'month', '[{"code":"extra_branch","quantity":1},{"code":"whatsapp_receipts","quantity":1}]',
                                         'WELCOME10', 0, 'demo seed');
    elsif tp.id = crystal then
      perform public.create_subscription(crystal, tp.code, 'month', '[]', null, null, 'demo seed');  -- the plan's trial
    elsif tp.id = fresh then
      perform public.create_subscription(fresh, tp.code, 'year', '[]', null, 0, 'demo seed');
    else
      perform public.create_subscription(tp.id, tp.code, 'month', '[]', null, 0, 'demo seed');
    end if;
    perform set_config('cmx.frozen_now', '', true);
  end loop;

  -- manual invoices (finalised): SAR onboarding for the trial tenant, BHD setup for the tenant
  -- awaiting approval
  if exists (select from public.tenants where id = crystal)
     and not exists (select from public.invoices where tenant_id = crystal and memo = 'demo seed: onboarding') then
    inv := public.create_invoice(crystal, '[{"description":{"en":"Onboarding and staff training (2 sessions)","ar":"التهيئة وتدريب الموظفين (جلستان)"},"quantity":2,"unit_amount":375.50,"kind":"adjustment"}]',
                                 'demo seed: onboarding');
    perform public.finalize_invoice((inv ->> 'id')::uuid);
  end if;
  if exists (select from public.tenants where id = pearl)
     and not exists (select from public.invoices where tenant_id = pearl and memo = 'demo seed: setup') then
    inv := public.create_invoice(pearl, '[{"description":{"en":"Data migration from the previous system","ar":"ترحيل البيانات من النظام السابق"},"quantity":1,"unit_amount":45.125,"kind":"adjustment"},
                                          {"description":{"en":"Receipt printer setup","ar":"إعداد طابعة الإيصالات"},"quantity":3,"unit_amount":7.333,"kind":"adjustment"}]',
                                 'demo seed: setup');
    perform public.finalize_invoice((inv ->> 'id')::uuid);
  end if;
end
$$;
